package assignment;

import org.nnbook.core.Sequential;

/** Part 3 of the assignment (see README.md): a network made of your own layers. */
public final class Network {
    private Network() {}

    /**
     * Part 3: a classifier of MNIST digits, 784 pixels in and 10 class scores out, built from your
     * {@link Linear} layers: Linear(784, hidden), a ReLU (the library's {@code org.nnbook.layers.ReLU}),
     * Linear(hidden, 10). No softmax at the end: the loss, {@code CrossEntropy}, applies it.
     */
    public static Sequential digitClassifier(int hidden) {
        // ✏️ your code
        throw new UnsupportedOperationException("your code here: Network.digitClassifier");
    }
}
