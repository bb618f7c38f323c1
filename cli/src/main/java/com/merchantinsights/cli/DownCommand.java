package com.merchantinsights.cli;

import com.merchantinsights.stack.Progress;
import com.merchantinsights.stack.RunningStack;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Stops a running stack by its PID files (never by process name). */
@Command(name = "down", description = "Stop the system started by `up` (by its PID files).")
final class DownCommand implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        var workDir = stack.config().workDir();
        if (!RunningStack.anyAlive(workDir)) {
            out.println("Nothing is running in " + workDir + ".");
            out.flush();
            return 0;
        }
        RunningStack.stopAll(workDir, Duration.ofSeconds(60), Progress.console(WriterOutputStream.printStream(out)));
        out.println("Stopped.");
        out.flush();
        return 0;
    }
}
