// score(x) − score(x with column j reordered by order), on a copy of x
double permutationImportance(PermutationImportance.Scorer scorer, double[][] x, int j, int[] order) {
    double[][] shuffled = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
        shuffled[i] = x[i].clone();
        shuffled[i][j] = x[order[i]][j];
    }
    return scorer.score(x) - scorer.score(shuffled);
}
