// {decoder input, decoder target} for the target ids of one sentence
int[][] teacherForcing(int[] target) {
    int[] in = new int[target.length + 1], out = new int[target.length + 1];
    in[0] = BytePairEncoding.BOS;                              // the decoder reads <s>, then the sentence
    System.arraycopy(target, 0, in, 1, target.length);
    System.arraycopy(target, 0, out, 0, target.length);        // and predicts the sentence, then </s>: its input shifted by one
    out[target.length] = BytePairEncoding.EOS;
    return new int[][]{in, out};
}
