package org.nnbook.data;

/**
 * A data set cut into disjoint parts by {@link Splits}: {@code train}, {@code validation} (only from
 * the three-way {@link Splits#stratified(Dataset, double, double, long)}) and {@code test}.
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

    @Override
    public String toString() {
        return "Split(train " + train.size() + (validation == null ? "" : ", validation " + validation.size()) + ", test " + test.size() + ")";
    }
}
