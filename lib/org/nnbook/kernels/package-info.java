/**
 * How nnbook is made fast; not needed to follow the course.
 *
 * <p>Every class a student reads ({@code Dense}, {@code Conv2D}, {@code Adam}, {@code CrossEntropy},
 * the {@code Trainer}, ...) says its math on plain ND4J operations. Where that is slow for the small
 * arrays of a course, the class hands the same computation to a kernel here: direct OpenBLAS calls,
 * loops in Java over the arrays' memory, reused memory for a training step (ND4J workspaces), and
 * skipping gradients nobody needs. A kernel returns null (or false) when it cannot help, and the
 * teaching class then runs its plain version. The tests hold every kernel equal to the plain
 * version, in float and in double ({@code src/test/java/org/nnbook/kernels}).
 *
 * <p>{@link org.nnbook.kernels.Kernels#off()} turns every kernel off, for such comparisons and for
 * a student who wants to see that the plain code alone trains the same network (more slowly).
 */
package org.nnbook.kernels;
