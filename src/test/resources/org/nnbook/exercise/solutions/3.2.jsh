/** Linear warm-up over the first warmupSteps steps, then cosine from lr (epoch 0) down to minLr (epoch `epochs`), held after. */
Schedule warmupCosine(double lr, double minLr, int epochs, int warmupSteps) {
    return (epoch, step) -> {
        double cosine = minLr + 0.5 * (lr - minLr) * (1 + Math.cos(Math.PI * Math.min(epoch, epochs) / epochs));
        return cosine * Math.min(1.0, (step + 1.0) / warmupSteps);     // step 0 takes 1/warmupSteps of the rate
    };
}
