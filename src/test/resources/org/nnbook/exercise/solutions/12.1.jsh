// BLEU's clipped n-gram counts of hyp against ref: {matches, total}
int[] clippedCount(List<String> hyp, List<String> ref, int n) {
    Map<List<String>, Integer> inHyp = new HashMap<>(), inRef = new HashMap<>();
    for (int i = 0; i + n <= hyp.size(); i++) inHyp.merge(hyp.subList(i, i + n), 1, Integer::sum);
    for (int i = 0; i + n <= ref.size(); i++) inRef.merge(ref.subList(i, i + n), 1, Integer::sum);
    int matches = 0, total = 0;
    for (var e : inHyp.entrySet()) {
        total += e.getValue();                                              // every n-gram the hypothesis proposes
        matches += Math.min(e.getValue(), inRef.getOrDefault(e.getKey(), 0));   // at most as often as the reference has it
    }
    return new int[]{matches, total};
}
