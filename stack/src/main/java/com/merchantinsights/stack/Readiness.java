package com.merchantinsights.stack;

import java.time.Duration;
import java.util.Locale;

/**
 * Polls an engine until it answers, with a deadline, failing fast (with the log's tail) if its process exits first:
 * a misconfigured engine should cost seconds, not the whole timeout.
 */
final class Readiness {
    static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    /** Throws while the engine is not ready yet. */
    @FunctionalInterface
    interface Probe {
        void check() throws Exception;
    }

    private Readiness() {}

    static void await(String component, ChildProcess process, Duration timeout, Probe probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastError = null;
        while (true) {
            if (!process.isAlive()) {
                // the log says why; the last probe error ("connection refused") would only distract from it
                throw StackException.withLog(
                        component,
                        component + " exited with code " + process.exitCode().orElse(-1) + " before it was ready",
                        null,
                        process.logFile(),
                        process.tail(ChildProcess.TAIL_LINES));
            }
            try {
                probe.check();
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException(component, component + ": interrupted while waiting for it to be ready", e);
            } catch (Exception e) {
                lastError = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw StackException.withLog(
                        component,
                        component + " was not ready after " + timeout.toSeconds() + " s",
                        lastError,
                        process.logFile(),
                        process.tail(ChildProcess.TAIL_LINES));
            }
            process.awaitExit(POLL_INTERVAL);
        }
    }

    /** Seconds since {@code startNanos} (a {@link System#nanoTime()} reading), as progress messages show them. */
    static String elapsed(long startNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }
}
