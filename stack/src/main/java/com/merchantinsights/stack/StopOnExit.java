package com.merchantinsights.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One JVM shutdown hook for everything the stack started, so that Ctrl-C or SIGTERM on the owning JVM leaves no
 * engine running. Resources are closed in parallel: each waits for its own process to exit, and serial waits
 * would add up.
 */
final class StopOnExit {
    private static final long HOOK_BUDGET_SECONDS = 60;
    private static final Set<AutoCloseable> RESOURCES = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private StopOnExit() {}

    /** Closes {@code resource} when the JVM exits, unless {@link #unregister} came first. */
    static void register(AutoCloseable resource) {
        installHook();
        RESOURCES.add(resource);
    }

    static void unregister(AutoCloseable resource) {
        RESOURCES.remove(resource);
    }

    private static synchronized void installHook() {
        if (hookInstalled) {
            return;
        }
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(StopOnExit::closeAll, "insights-stack-stop-on-exit"));
        } catch (IllegalStateException e) {
            throw new StackException("stack", "the JVM is shutting down; not starting anything", e);
        }
        hookInstalled = true;
    }

    private static void closeAll() {
        List<Thread> closers = new ArrayList<>();
        for (AutoCloseable resource : List.copyOf(RESOURCES)) {
            Thread closer = new Thread(() -> closeQuietly(resource), "insights-stack-stop-" + closers.size());
            closer.start();
            closers.add(closer);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HOOK_BUDGET_SECONDS);
        for (Thread closer : closers) {
            long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remainingMillis <= 0) {
                break;
            }
            try {
                closer.join(remainingMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            // the JVM is exiting; report and carry on with the others
            System.err.println("insights stack: stopping " + resource + " on exit failed: " + e);
        }
    }
}
