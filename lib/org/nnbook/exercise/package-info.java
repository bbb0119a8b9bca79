/**
 * Exercises that check themselves. Each notebook ends with at least three: the student writes code in
 * a marked cell, and the next cell calls a check from this package, which says in plain words whether
 * the answer is right and, if not, gives a hint — never the solution. A teacher's JUnit test calls the
 * same checks.
 *
 * <h2>In a notebook</h2>
 * <ol>
 *   <li>A markdown cell: {@code ### Exercise 1.2 · Backward of the sigmoid}, what to do and why.</li>
 *   <li>The student's cell, tagged in its metadata {@code "nnbook": {"exercise": "1.2"}}, holding
 *       a starter (a method whose body is {@code throw new UnsupportedOperationException("your code here")},
 *       a value to choose, a network to build) and a comment {@code // ✏️ your code}.</li>
 *   <li>The check cell: {@code Neurons.sigmoidBackward(z -> mySigmoidBackward(z))}, whose value is a
 *       {@link org.nnbook.exercise.Verdict}, shown as "✓ Exercise 1.2 ..." or "✗ Exercise 1.2 — not
 *       yet: ... Hint: ...".</li>
 * </ol>
 * A check never throws for a wrong or unfinished answer, so a notebook runs to its end with the
 * starters in place; with {@link org.nnbook.exercise.Exercise#strict() strict} checks (the tests of
 * the solutions edition) a wrong answer is an error.
 *
 * <h2>Solutions</h2>
 * The reference solutions are not in the notebooks: they are in
 * {@code src/test/resources/org/nnbook/exercise/solutions/}, one file per exercise ({@code 1.2.jsh}), the
 * cell's source as the solution writes it. {@code binder/course solutions} makes the solutions edition
 * of the notebooks (each tagged cell replaced by its solution file); the tests run that edition with
 * strict checks, and run every check against typical wrong answers, which must fail with a useful message.
 */
package org.nnbook.exercise;
