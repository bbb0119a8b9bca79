// BLEU's brevity penalty for c hypothesis words and r reference words
double brevityPenalty(int c, int r) {
    if (c > r) return 1;
    return c == 0 ? 0 : Math.exp(1 - (double) r / c);
}
