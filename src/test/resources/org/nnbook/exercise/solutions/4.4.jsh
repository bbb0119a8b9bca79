/** Majority vote: each member votes for its most probable class; a tie goes to the tied class with the larger summed probability. */
int[] vote(List<INDArray> probs) {                      // each (N, C)
    int n = (int) probs.get(0).size(0), c = (int) probs.get(0).size(1);
    int[] winner = new int[n];
    int[][] votes = new int[n][c];
    double[][] sums = new double[n][c];
    for (INDArray p : probs) {
        int[] choice = p.argMax(1).toIntVector();       // this member's vote in every row
        for (int i = 0; i < n; i++) {
            votes[i][choice[i]]++;
            for (int k = 0; k < c; k++) sums[i][k] += p.getDouble(i, k);
        }
    }
    for (int i = 0; i < n; i++)
        for (int k = 1; k < c; k++)
            if (votes[i][k] > votes[i][winner[i]] || (votes[i][k] == votes[i][winner[i]] && sums[i][k] > sums[i][winner[i]])) winner[i] = k;
    return winner;
}
