package com.merchantinsights.stack;

import java.util.concurrent.CountDownLatch;

/**
 * A stand-in child JVM for {@link ChildProcessTest} and {@link RunningStackTest}: prints {@code line-01} to
 * {@code line-<count>}, then exits with the given code, or with {@code wait} blocks until it is stopped.
 */
public final class ScriptedChild {
    private ScriptedChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        int count = Integer.parseInt(args[0]);
        for (int i = 1; i <= count; i++) {
            System.out.printf("line-%02d%n", i);
        }
        System.out.flush();
        if (args[1].equals("wait")) {
            new CountDownLatch(1).await();
        }
        System.exit(Integer.parseInt(args[1]));
    }

    static JavaLaunch launch(String name, int lines, String then) {
        return new JavaLaunch(name, System.getProperty("java.class.path"), java.util.List.of("-Xmx32m", "-XX:TieredStopAtLevel=1"),
                ScriptedChild.class.getName(), java.util.List.of(String.valueOf(lines), then), java.util.Map.of());
    }
}
