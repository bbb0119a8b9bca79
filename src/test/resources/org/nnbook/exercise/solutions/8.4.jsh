// the first column of the table where fine-tuning is at most one point ahead of training from scratch, or "none"
String fineTuningStopsPaying() {
    for (int c = 0; c < columns.length; c++)
        if (Spread.of(results[2][c]).mean() - Spread.of(results[0][c]).mean() <= 0.01) return columns[c];
    return "none";
}
