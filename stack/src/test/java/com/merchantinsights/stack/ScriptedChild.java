package com.merchantinsights.stack;

import java.util.concurrent.CountDownLatch;

/**
 * A stand-in child JVM for {@link ChildProcessTest}, {@link NodeProcessTest} and {@link RunningStackTest}: prints
 * {@code line-01} to {@code line-<count>}, then exits with the given code, or with {@code wait} blocks until it is
 * stopped, or with {@code ignore-sigterm} blocks and outlives SIGTERM too (printing {@code sigterm-ignored}): only
 * SIGKILL ends it, as with an engine that hangs in its shutdown.
 */
public final class ScriptedChild {
    private ScriptedChild() {}

    public static void main(String[] args) throws InterruptedException {
        int count = Integer.parseInt(args[0]);
        boolean ignoreSigterm = args[1].equals("ignore-sigterm");
        if (ignoreSigterm) {
            // SIGTERM runs the shutdown hooks and the JVM exits only once they return; this one never does
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("sigterm-ignored");
                System.out.flush();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (int i = 1; i <= count; i++) {
            System.out.printf("line-%02d%n", i);
        }
        System.out.flush();
        if (args[1].equals("wait") || ignoreSigterm) {
            new CountDownLatch(1).await();
        }
        System.exit(Integer.parseInt(args[1]));
    }

    static JavaLaunch launch(String name, int lines, String then) {
        return new JavaLaunch(
                name,
                System.getProperty("java.class.path"),
                java.util.List.of("-Xmx32m", "-XX:TieredStopAtLevel=1"),
                ScriptedChild.class.getName(),
                java.util.List.of(String.valueOf(lines), then),
                java.util.Map.of());
    }
}
