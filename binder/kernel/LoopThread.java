/*
 * nnbook's replacement for the rapaio Java kernel's channel loop thread.
 *
 * binder/install-kernel.sh compiles this file into the kernelspec folder and puts that folder ahead of
 * the kernel jar on the kernel's class path, so this class shadows the kernel's own one (same package,
 * name and public members). It fixes two start-up races of rapaio-jupyter-kernel 3.0.1 .. 3.0.4, each
 * of which leaves a kernel that never answers (measured: about one start in five on a 2-core machine):
 *
 *  1. The original raises its loop flag only after the thread has started, so a fresh channel thread
 *     can still read it as down and leave its loop at once. Here the flag goes up before start().
 *  2. The channels start polling before the kernel has registered its message handlers; a request that
 *     is already queued (Jupyter sends kernel_info_request as soon as it has launched the kernel) then
 *     fails with a NullPointerException that ends the channel thread for good, or is dropped as
 *     "Unhandled message" while the handler table is being filled. Here the loop waits
 *     {@value #FIRST_ROUND_DELAY_MILLIS} ms before its first round (the request waits in its socket's
 *     queue, and the kernel fills its table within milliseconds), and a failed round is reported on
 *     stderr and the loop goes on. Without the wait nbconvert, which repeats kernel_info_request every
 *     second, recovered; the Notebook server, which sends it once, waited its 60 s timeout first
 *     (seen in 4 of 6 browser runs).
 */
package org.rapaio.jupyter.kernel.channels;

/** Runs {@code body}, sleeps {@code sleep} ms, and again, until {@link #shutdown()} or an interrupt. */
public class LoopThread extends Thread {

    /** How long a new loop waits before its first round, for the kernel to register its handlers. */
    static final long FIRST_ROUND_DELAY_MILLIS = 300;
    private final long pauseMillis;
    private final Runnable body;
    private volatile boolean running;
    private int failures;

    public LoopThread(String name, long sleep, Runnable body) {
        super(name);
        this.pauseMillis = sleep;
        this.body = body;
    }

    @Override
    public synchronized void start() {
        // Raise the flag first: once super.start() returns the new thread may already be testing it.
        running = true;
        try {
            super.start();
        } catch (RuntimeException e) {
            running = false;
            throw e;
        }
    }

    @Override
    public void run() {
        try {
            Thread.sleep(FIRST_ROUND_DELAY_MILLIS);
        } catch (InterruptedException e) {
            running = false;
            return;
        }
        while (running) {
            try {
                body.run();
            } catch (RuntimeException e) {
                if (running) {
                    report(e);
                }
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                // An interrupt ends the loop, as in the original.
                running = false;
                return;
            }
        }
    }

    /** Asks the loop to stop after the current round. */
    public void shutdown() {
        running = false;
    }

    private void report(RuntimeException e) {
        failures++;
        if (failures <= 3) {
            System.err.println("[nnbook loop fix] " + getName() + ": a round failed and was skipped ("
                    + e + "); the loop goes on.");
        }
    }
}
