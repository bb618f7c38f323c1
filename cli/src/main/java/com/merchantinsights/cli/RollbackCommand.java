package com.merchantinsights.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Takes a switched reprocess run back: the rows it replaced are live again, in one transaction. */
@Command(name = "rollback", description = "Put back the cube rows a reprocess switch replaced.")
final class RollbackCommand implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Spec
    CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "ID", description = "The switched run to take back.")
    long runId;

    @Option(names = "--json", description = "Print the outcome as JSON.")
    boolean json;

    @Option(
            names = "--requested-by",
            paramLabel = "NAME",
            description = "Who runs it, for the run log (default: $USER).")
    String requestedBy = System.getProperty("user.name", "unknown");

    @Override
    public Integer call() throws Exception {
        DriverControl driver = new DriverControl(stack.config());
        return ReprocessCommand.report(
                driver.post(
                        "/reprocess/rollback",
                        Map.of("run", List.of(String.valueOf(runId)), "requested_by", List.of(requestedBy)),
                        Duration.ofMinutes(30)),
                json,
                "rolled back run " + runId,
                spec);
    }
}
