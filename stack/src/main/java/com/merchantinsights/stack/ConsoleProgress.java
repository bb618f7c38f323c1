package com.merchantinsights.stack;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/** Prints each step with the seconds elapsed since it was created, so start-up time is visible at a glance. */
final class ConsoleProgress implements Progress {
    private final PrintStream out;
    private final LongSupplier nanoClock;
    private final long startNanos;

    ConsoleProgress(PrintStream out, LongSupplier nanoClock) {
        this.out = Objects.requireNonNull(out, "out");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.startNanos = nanoClock.getAsLong();
    }

    @Override
    public void step(String component, String message) {
        double seconds = (nanoClock.getAsLong() - startNanos) / 1e9;
        String line = String.format(Locale.ROOT, "[%5.1fs] %-10s %s", seconds, component, message);
        synchronized (out) { // several engines report from their own threads; keep lines whole
            out.println(line);
            out.flush();
        }
    }
}
