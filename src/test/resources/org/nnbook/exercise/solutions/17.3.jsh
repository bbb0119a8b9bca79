// balanced accuracy of "member when the loss is below τ": the mean of the two groups' hit rates
double thresholdAccuracy(double[] memberLosses, double[] nonMemberLosses, double threshold) {
    double caught = 0, letGo = 0;
    for (double l : memberLosses) if (l < threshold) caught++;
    for (double l : nonMemberLosses) if (l >= threshold) letGo++;
    return (caught / memberLosses.length + letGo / nonMemberLosses.length) / 2;
}
