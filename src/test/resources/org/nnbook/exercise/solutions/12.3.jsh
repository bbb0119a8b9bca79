// teacher forcing: {what the decoder reads, what it must predict} for the target ids
int[][] teacherForcing(int[] target) {
    int[] in = new int[target.length + 1], out = new int[target.length + 1];
    in[0] = BytePairEncoding.BOS;                               // BOS, then the target
    System.arraycopy(target, 0, in, 1, target.length);
    System.arraycopy(target, 0, out, 0, target.length);         // the target, then EOS: the input shifted by one
    out[target.length] = BytePairEncoding.EOS;
    return new int[][]{in, out};
}
