/** x (N, F) standardised with the mean and standard deviation of each feature in train (M, F). */
INDArray standardize(INDArray train, INDArray x) {
    INDArray mean = train.mean(0);                       // (F): one mean per feature, from train only
    INDArray std = train.std(false, 0);                  // (F): the population standard deviation (divides by M)
    return x.sub(mean).div(std);       // new arrays: train and x stay as they were
}
