package org.nnbook.optim;

/** A schedule that prints as the call that made it, e.g. {@code cosine(lr=0.1, minLr=1.0E-4, epochs=20)}. */
record NamedSchedule(String name, Schedule schedule) implements Schedule {

    @Override
    public double lr(int epoch, long step) { return schedule.lr(epoch, step); }

    @Override
    public String toString() { return name; }
}
