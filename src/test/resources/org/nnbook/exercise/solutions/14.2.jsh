// NDCG@k: the hits' gains 1 / log2(rank + 1), ranks from 1, divided by those of a perfect list
double ndcgAtK(int[] recommended, Set<Integer> relevant, int k) {
    double dcg = 0, ideal = 0;
    for (int j = 0; j < Math.min(k, recommended.length); j++)
        if (relevant.contains(recommended[j])) dcg += 1 / (Math.log(j + 2) / Math.log(2));
    for (int j = 0; j < Math.min(k, relevant.size()); j++) ideal += 1 / (Math.log(j + 2) / Math.log(2));
    return ideal == 0 ? 0 : dcg / ideal;
}
