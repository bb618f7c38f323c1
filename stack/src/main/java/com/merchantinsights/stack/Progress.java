package com.merchantinsights.stack;

import java.io.PrintStream;

/** Where the stack reports what it is doing while it starts and stops engines, which takes tens of seconds. */
@FunctionalInterface
public interface Progress {

    /** One step of one component, e.g. {@code step("kafka", "ready in 6.1 s")}. Called from several threads. */
    void step(String component, String message);

    static Progress silent() {
        return (component, message) -> {};
    }

    /** Lines like {@code [  6.1s] kafka      ready}, timed from this call. */
    static Progress console(PrintStream out) {
        return new ConsoleProgress(out, System::nanoTime);
    }
}
