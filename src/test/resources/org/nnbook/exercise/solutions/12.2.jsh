// BLEU's brevity penalty for a hypothesis of c words against a reference of r words
double brevityPenalty(int c, int r) {
    if (c > r) return 1;                   // longer than the reference: no penalty
    if (c == 0) return 0;
    return Math.exp(1 - (double) r / c);
}
