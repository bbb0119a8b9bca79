// {matches, total} of the n-grams of hyp against ref, each n-gram's matches clipped to its count in ref
int[] clippedCount(List<String> hyp, List<String> ref, int n) {
    Map<List<String>, Integer> inHyp = new HashMap<>(), inRef = new HashMap<>();
    for (int i = 0; i + n <= hyp.size(); i++) inHyp.merge(hyp.subList(i, i + n), 1, Integer::sum);
    for (int i = 0; i + n <= ref.size(); i++) inRef.merge(ref.subList(i, i + n), 1, Integer::sum);
    int matches = 0, total = 0;
    for (var e : inHyp.entrySet()) {
        total += e.getValue();
        matches += Math.min(e.getValue(), inRef.getOrDefault(e.getKey(), 0));
    }
    return new int[]{matches, total};
}
