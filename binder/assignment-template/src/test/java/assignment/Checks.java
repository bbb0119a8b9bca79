package assignment;

import org.nnbook.exercise.Exercise;
import org.nnbook.exercise.Verdict;

import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * How these tests judge an answer: with the checks of the course's notebooks ({@code org.nnbook.exercise}).
 * A check returns right or "not yet" with what is wrong and a hint; a test fails with that verdict as its
 * message. Code of yours that is not written yet, or that throws, is a "not yet" too, never a crash.
 */
final class Checks {
    private Checks() {}

    /** Runs {@code check} for {@code part}; prints the verdict when it is right, fails the test with it when it is not. */
    static void require(String part, Supplier<Exercise.Outcome> check) {
        Verdict v = Exercise.check(part, () -> {
            try {
                return check.get();
            } catch (UnsupportedOperationException e) {
                return Exercise.notYet(e.getMessage().replace("your code here: ", "") + " is not written yet (it still throws"
                        + " UnsupportedOperationException(\"" + e.getMessage() + "\")).",
                        "replace that throw in src/main/java/assignment/ with your code, then run mvn test again.");
            }
        });
        if (!v.passed()) fail(v.toString());
        System.out.println(v);
    }
}
