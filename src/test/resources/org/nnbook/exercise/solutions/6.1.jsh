// A copy of w with the fraction `sparsity` of its smallest weights in magnitude set to zero.
double[] prune(double[] w, double sparsity) {
    long count = Math.round(sparsity * w.length);                  // how many go
    Integer[] order = new Integer[w.length];
    for (int i = 0; i < w.length; i++) order[i] = i;
    Arrays.sort(order, Comparator.comparingDouble(i -> Math.abs(w[i])));   // smallest |w| first
    double[] pruned = w.clone();
    for (int r = 0; r < count; r++) pruned[order[r]] = 0;
    return pruned;
}
