package com.merchantinsights.cli;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Runs one cube refresh now in the running Spark driver, instead of waiting for the schedule. */
@Command(name = "etl", description = "Refresh the cubes now (the schedule keeps running).")
final class EtlCommand implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Mixin
    AdminOptions admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AdminClient.Answer response = admin.client(stack).post("/etl", Map.of(), Duration.ofMinutes(30));
        spec.commandLine().getOut().println(response.body());
        spec.commandLine().getOut().flush();
        return response.statusCode() == 200 ? 0 : 1;
    }
}
