package org.nnbook.data;

/**
 * A data set cut into disjoint parts by {@link Splits}: {@code train}, {@code validation} (from the
 * three-way {@link Splits#stratified(Dataset, double, double, long)} and from
 * {@link Splits#holdOut(Dataset, double, Dataset)}) and {@code test}.
 */
public record Split(Dataset train, Dataset validation, Dataset test) {
    /** The validation part; an error, saying what to call instead, if this split has none. */
    @Override
    public Dataset validation() {
        if (validation == null)
            throw new IllegalStateException("This split has only train and test parts. For a validation part too, use"
                    + " Splits.stratified(data, trainFraction, validationFraction, seed), e.g. (data, 0.7, 0.15, 42).");
        return validation;
    }

    /** Whether there is a validation part. */
    public boolean hasValidation() { return validation != null; }

    /**
     * The same parts centred: the mean of every value of the train part's x (for images, the mean
     * pixel) subtracted from the x of each part. The mean comes from the train part only, never from
     * validation or test, so that the data the model is judged on stays unseen (no leakage); the
     * validation and test parts are therefore close to, not exactly at, mean 0. For a mean and
     * standard deviation per feature, see {@link Standardizer}. The targets are shared; x is copied
     * (this split is unchanged).
     *
     * <pre>{@code
     * Split mnist = Splits.holdOut(Mnist.asImages(Mnist.train()), 0.1, Mnist.asImages(Mnist.test())).centred();
     * }</pre>
     */
    public Split centred() {
        double mean = train.x().meanNumber().doubleValue();
        return new Split(minus(train, mean), validation == null ? null : minus(validation, mean), minus(test, mean));
    }

    private static Dataset minus(Dataset d, double value) { return new Dataset(d.x().sub(value), d.y(), d.classNames()); }

    @Override
    public String toString() {
        return "Split(train " + train.size() + (validation == null ? "" : ", validation " + validation.size()) + ", test " + test.size() + ")";
    }
}
