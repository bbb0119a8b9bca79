// the accuracy on parts.validation() of always answering its most common species
double majorityShare() {
    int[] counts = new int[parts.validation().numClasses()];
    for (int label : parts.validation().labels()) counts[label]++;
    return Arrays.stream(counts).max().getAsInt() / (double) parts.validation().size();
}
