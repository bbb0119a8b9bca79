// ROUGE-1 F1 of a summary against a reference, both lists of lower-case words
double rouge1(List<String> summary, List<String> reference) {
    Map<String, Integer> left = new HashMap<>();
    for (String w : reference) left.merge(w, 1, Integer::sum);
    int overlap = 0;
    for (String w : summary)
        if (left.getOrDefault(w, 0) > 0) { overlap++; left.merge(w, -1, Integer::sum); }   // each reference word used at most once
    if (overlap == 0) return 0;
    double p = overlap / (double) summary.size(), r = overlap / (double) reference.size();
    return 2 * p * r / (p + r);
}
