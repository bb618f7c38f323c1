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

    @Mixin
    AdminOptions admin;

    @Spec
    CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "ID", description = "The switched run to take back.")
    long runId;

    @Option(names = "--json", description = "Print the outcome as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        AdminClient driver = admin.client(stack);
        return ReprocessCommand.report(
                driver.post(
                        "/reprocess/rollback", Map.of("run", List.of(String.valueOf(runId))), Duration.ofMinutes(30)),
                json,
                "rolled back run " + runId,
                spec);
    }
}
