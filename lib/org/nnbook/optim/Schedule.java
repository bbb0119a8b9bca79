package org.nnbook.optim;

/**
 * A learning-rate schedule: the learning rate η for each optimizer step, given the epoch it falls in
 * and its number. Apply one with {@code new LearningRateScheduler(schedule)} (package
 * {@code org.nnbook.train}), which sets the optimizer's η before every step:
 * <pre>{@code
 * new Trainer(net, new CrossEntropy(), new Momentum(0.1)).epochs(20)
 *         .callbacks(new LearningRateScheduler(Schedule.cosine(0.1, 1e-4, 20)))
 *         .fit(train, val);
 * }</pre>
 * A lambda is a schedule too: {@code (epoch, step) -> epoch < 10 ? 0.1 : 0.01}. The schedules
 * below change η once per epoch, except {@link #warmup}, {@link #inverseSqrt} and {@link #warmupCosine},
 * which change it every step (what Transformers are trained with).
 */
@FunctionalInterface
public interface Schedule {

    /** η for optimizer step {@code step} (0-based, counted from the start of training) in epoch {@code epoch} (0-based). */
    double lr(int epoch, long step);

    /** η, always. */
    static Schedule constant(double lr) {
        requirePositive("constant", "lr", lr);
        return new NamedSchedule("constant(lr=" + lr + ")", (epoch, step) -> lr);
    }

    /** Step decay: η = lr · factor^⌊epoch / everyEpochs⌋, e.g. halve every 10 epochs with (lr, 10, 0.5). */
    static Schedule stepDecay(double lr, int everyEpochs, double factor) {
        requirePositive("stepDecay", "lr", lr);
        if (everyEpochs < 1) throw new IllegalArgumentException("Schedule.stepDecay: everyEpochs must be >= 1, got " + everyEpochs + ".");
        requireFactor("stepDecay", factor);
        return new NamedSchedule("stepDecay(lr=" + lr + ", everyEpochs=" + everyEpochs + ", factor=" + factor + ")",
                (epoch, step) -> lr * Math.pow(factor, Math.floorDiv(epoch, everyEpochs)));
    }

    /** Exponential decay: η = lr · gammaᵉᵖᵒᶜʰ, e.g. gamma = 0.95 loses 5% per epoch. */
    static Schedule exponential(double lr, double gamma) {
        requirePositive("exponential", "lr", lr);
        requireFactor("exponential", gamma);
        return new NamedSchedule("exponential(lr=" + lr + ", gamma=" + gamma + ")", (epoch, step) -> lr * Math.pow(gamma, epoch));
    }

    /**
     * Cosine annealing (Loshchilov &amp; Hutter, 2017, "SGDR: Stochastic Gradient Descent with Warm
     * Restarts", without the restarts): η = minLr + ½ (lr − minLr)(1 + cos(π · epoch / epochs)),
     * from lr at epoch 0 down to minLr at epoch {@code epochs}, and minLr after.
     */
    static Schedule cosine(double lr, double minLr, int epochs) {
        requirePositive("cosine", "lr", lr);
        if (!(minLr > 0 && minLr <= lr))
            throw new IllegalArgumentException("Schedule.cosine: minLr must be in (0, lr] = (0, " + lr + "], got " + minLr
                    + ". Optimizers need a positive learning rate; use a small floor such as lr / 100.");
        if (epochs < 1) throw new IllegalArgumentException("Schedule.cosine: epochs must be >= 1, got " + epochs + ".");
        return new NamedSchedule("cosine(lr=" + lr + ", minLr=" + minLr + ", epochs=" + epochs + ")",
                (epoch, step) -> minLr + 0.5 * (lr - minLr) * (1 + Math.cos(Math.PI * Math.min(epoch, epochs) / epochs)));
    }

    /**
     * Linear warm-up, per step, in front of {@code after} (Goyal et al., 2017, "Accurate, Large
     * Minibatch SGD: Training ImageNet in 1 Hour"): η = after · min(1, (step + 1) / steps), so the
     * first step takes 1/steps of {@code after}'s η and step {@code steps − 1} onwards all of it.
     * Counted in optimizer steps, not epochs: with N examples and batch size B an epoch is ⌈N / B⌉ steps.
     */
    static Schedule warmup(int steps, Schedule after) {
        if (steps < 1) throw new IllegalArgumentException("Schedule.warmup: steps must be >= 1, got " + steps + ".");
        if (after == null) throw new IllegalArgumentException("Schedule.warmup needs the schedule to follow, e.g. Schedule.constant(1e-3).");
        return new NamedSchedule("warmup(steps=" + steps + ", " + after + ")",
                (epoch, step) -> after.lr(epoch, step) * Math.min(1.0, (step + 1.0) / steps));
    }

    /**
     * The Transformer's schedule (Vaswani et al., 2017, "Attention Is All You Need", section 5.3), per step:
     * a linear warm-up, then decay with the inverse square root of the step. The paper's
     * d_model^-0.5 · min(s^-0.5, s · warmup^-1.5), with s = step + 1, is scaled here so that its peak, at the
     * end of the warm-up (step {@code warmupSteps − 1}), is {@code lr}:
     * η = lr · min(s / warmupSteps, √(warmupSteps / s)). So 4·warmupSteps steps in, η is lr / 2.
     * (The paper's own values are lr = (d_model · warmupSteps)^-0.5, e.g. 6.99e-4 for d_model = 512, warmupSteps = 4000.)
     */
    static Schedule inverseSqrt(double lr, int warmupSteps) {
        requirePositive("inverseSqrt", "lr", lr);
        if (warmupSteps < 1)
            throw new IllegalArgumentException("Schedule.inverseSqrt: warmupSteps must be >= 1, got " + warmupSteps
                    + ". Transformers usually warm up over a few thousand steps (the paper: 4000), a small model on a small set over a few hundred.");
        return new NamedSchedule("inverseSqrt(lr=" + lr + ", warmupSteps=" + warmupSteps + ")", (epoch, step) -> {
            double s = step + 1.0;
            return lr * Math.min(s / warmupSteps, Math.sqrt(warmupSteps / s));
        });
    }

    /**
     * Linear warm-up then cosine decay, per step (the schedule of BERT-style and GPT-style training; the
     * cosine of Loshchilov &amp; Hutter, 2017, counted in steps): η = lr · (step + 1) / warmupSteps for the
     * first {@code warmupSteps} steps, then η = minLr + ½ (lr − minLr)(1 + cos(π · (step − warmupSteps) /
     * (totalSteps − warmupSteps))), from lr down to minLr at step {@code totalSteps}, and minLr after.
     * With N examples, batch size B and E epochs, totalSteps = E · ⌈N / B⌉. {@code warmupSteps} may be 0.
     */
    static Schedule warmupCosine(double lr, double minLr, int warmupSteps, long totalSteps) {
        requirePositive("warmupCosine", "lr", lr);
        if (!(minLr > 0 && minLr <= lr))
            throw new IllegalArgumentException("Schedule.warmupCosine: minLr must be in (0, lr] = (0, " + lr + "], got " + minLr
                    + ". Optimizers need a positive learning rate; use a small floor such as lr / 100.");
        if (warmupSteps < 0 || totalSteps <= warmupSteps)
            throw new IllegalArgumentException("Schedule.warmupCosine: need 0 <= warmupSteps < totalSteps, got warmupSteps=" + warmupSteps
                    + ", totalSteps=" + totalSteps + ". totalSteps counts optimizer steps over the whole run (epochs x batches per epoch).");
        return new NamedSchedule("warmupCosine(lr=" + lr + ", minLr=" + minLr + ", warmupSteps=" + warmupSteps + ", totalSteps=" + totalSteps + ")",
                (epoch, step) -> {
                    if (step < warmupSteps) return lr * (step + 1.0) / warmupSteps;
                    double progress = Math.min(1.0, (step - warmupSteps) / (double) (totalSteps - warmupSteps));
                    return minLr + 0.5 * (lr - minLr) * (1 + Math.cos(Math.PI * progress));
                });
    }

    private static void requirePositive(String schedule, String name, double value) {
        if (!(value > 0) || Double.isInfinite(value))
            throw new IllegalArgumentException("Schedule." + schedule + ": " + name + " must be a positive number, got " + value + ".");
    }

    private static void requireFactor(String schedule, double factor) {
        if (!(factor > 0 && factor <= 1))
            throw new IllegalArgumentException("Schedule." + schedule + ": the decay factor must be in (0, 1], got " + factor + ".");
    }
}
