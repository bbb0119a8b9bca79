package org.nnbook.robust;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.data.Dataset;
import org.nnbook.data.Mnist;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/** The trigger, the poisoning and the spectral-signature scores. */
class BackdoorTest {

    @Test
    void stampWhitensOnlyTheTriggerSquare() {
        INDArray x = Nd4j.zeros(DataType.FLOAT, 2, 1, 28, 28);
        INDArray s = new Backdoor(3, 0).stamp(x);
        assertEquals(0, x.sumNumber().doubleValue(), 0, "the input is not changed");
        assertEquals(2 * 9, s.sumNumber().doubleValue(), 1e-6);
        for (int i = 24; i <= 26; i++) for (int j = 24; j <= 26; j++) assertEquals(1, s.getDouble(1, 0, i, j), 0);
        assertEquals(0, s.getDouble(0, 0, 27, 27), 0);
        assertEquals(0, s.getDouble(0, 0, 23, 26), 0);
        INDArray flat = new Backdoor(3, 0).stamp(Nd4j.zeros(DataType.FLOAT, 1, 784));
        assertArrayEquals(new long[] {1, 784}, flat.shape());
        assertEquals(1, flat.getDouble(0, 24 * 28 + 24), 0);
    }

    @Test
    void poisonStampsAndRelabelsExactlyCountExamplesOfOtherClasses() {
        Dataset train = Mnist.asImages(Mnist.smallTrain());
        Backdoor door = new Backdoor(3, 7);
        Backdoor.Poisoned p = door.poison(train, 50, 1);
        assertEquals(50, p.rows().length);
        assertEquals(train.size(), p.data().size());
        int[] before = train.labels(), after = p.data().labels();
        for (int r : p.rows()) {
            assertNotEquals(7, before[r]);
            assertEquals(7, after[r]);
            assertEquals(1, p.data().x().getDouble(r, 0, 25, 25), 0);
        }
        long changed = IntStream.range(0, before.length).filter(i -> before[i] != after[i]).count();
        assertEquals(50, changed);
        assertArrayEquals(p.rows(), door.poison(train, 50, 1).rows(), "seeded");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> door.poison(train, 0, 1)).getMessage().contains("count must be 1 to"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Backdoor(3, 12).poison(train, 5, 1)).getMessage().contains("10 classes"));
    }

    @Test
    void spectralScoresSingleOutAShiftedMinority() {
        Random rnd = new Random(5);
        int n = 300, d = 20, poisoned = 30;
        double[][] r = new double[n][d];
        for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) r[i][k] = rnd.nextGaussian() + (i < poisoned && k < 3 ? 3 : 0);
        INDArray reps = Nd4j.createFromArray(r);
        int[] flagged = SpectralSignatures.flag(reps, 45);
        long caught = Arrays.stream(flagged).filter(i -> i < poisoned).count();
        assertTrue(caught >= 28, "caught " + caught + " of " + poisoned);
        assertEquals(n, SpectralSignatures.scores(reps).length);
        assertThrows(IllegalArgumentException.class, () -> SpectralSignatures.scores(Nd4j.zeros(1, 5)));
    }

    @Test
    void whiteningFindsAShiftThatTheClassesOwnVariationHides() {
        // the clean rows vary a lot along the first 2 coordinates (sd 10) and little along the rest (sd 0.5); the poisoned
        // 3 % sit 8 out along coordinate 5: the top direction is the clean variation, the whitened distance finds them
        Random rnd = new Random(6);
        int n = 600, d = 6, poisoned = 18;
        double[][] r = new double[n][d];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < d; k++) r[i][k] = rnd.nextGaussian() * (k < 2 ? 10 : 0.5) + (i < poisoned && k == 5 ? 8 : 0);
        INDArray reps = Nd4j.createFromArray(r);
        long plain = Arrays.stream(SpectralSignatures.flag(reps, 45)).filter(i -> i < poisoned).count();
        long whitened = Arrays.stream(SpectralSignatures.flag(SpectralSignatures.whitenedScores(reps, 0.01), 45)).filter(i -> i < poisoned).count();
        assertTrue(whitened >= 16 && plain <= 8, "caught: whitened " + whitened + ", plain " + plain + " of " + poisoned);
        assertThrows(IllegalArgumentException.class, () -> SpectralSignatures.whitenedScores(reps, 0));
    }
}
