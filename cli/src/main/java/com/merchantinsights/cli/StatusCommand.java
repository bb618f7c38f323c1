package com.merchantinsights.cli;

import com.merchantinsights.stack.RunningStack;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Lists the stack's processes from their PID files, alive or not. */
@Command(name = "status", description = "Show which parts of the local system are running.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Override
    public Integer call() {
        var workDir = stack.config().workDir();
        var processes = RunningStack.read(workDir);
        if (processes.isEmpty()) {
            System.out.println("Nothing is running in " + workDir + ".");
            return 3;
        }
        processes.forEach(p -> System.out.printf("%-13s pid %-8d %s%n", p.name(), p.pid(), p.alive() ? "running" : "not running"));
        return RunningStack.anyAlive(workDir) ? 0 : 3;
    }
}
