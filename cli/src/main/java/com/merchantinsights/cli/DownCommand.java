package com.merchantinsights.cli;

import com.merchantinsights.stack.Progress;
import com.merchantinsights.stack.RunningStack;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Stops a running stack by its PID files (never by process name). */
@Command(name = "down", description = "Stop the system started by `up` (by its PID files).")
final class DownCommand implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Override
    public Integer call() {
        var workDir = stack.config().workDir();
        if (!RunningStack.anyAlive(workDir)) {
            System.out.println("Nothing is running in " + workDir + ".");
            return 0;
        }
        RunningStack.stopAll(workDir, Duration.ofSeconds(60), Progress.console(System.out));
        System.out.println("Stopped.");
        return 0;
    }
}
