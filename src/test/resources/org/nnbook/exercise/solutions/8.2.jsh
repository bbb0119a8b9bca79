// ULMFiT's schedule for `net`: at first only the top layer with parameters trains; one more after each epoch
Callback gradualUnfreezing(Sequential net) {
    List<Integer> withParameters = new ArrayList<>();
    for (int i = 0; i < net.size(); i++) if (!net.get(i).parameters().isEmpty()) withParameters.add(i);
    return new Callback() {
        int open = 0;                                        // how many layers with parameters train

        void openTop(int count) {
            open = Math.min(count, withParameters.size());
            net.freeze(0, net.size());
            net.unfreeze(withParameters.get(withParameters.size() - open), net.size());
        }

        @Override public void onTrainBegin(Trainer trainer, int epochs) { openTop(1); }

        @Override public boolean onEpochEnd(int epoch, Map<String, Double> logs) {
            openTop(open + 1);
            return false;
        }
    };
}
