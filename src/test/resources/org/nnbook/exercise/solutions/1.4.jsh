// the digit (0 to 9) of lowest recall in section 6's evaluation
int hardestDigit() {
    int worst = 0;
    for (int k = 1; k < 10; k++)
        if (evaluation.recall(k) < evaluation.recall(worst)) worst = k;
    return worst;
}
