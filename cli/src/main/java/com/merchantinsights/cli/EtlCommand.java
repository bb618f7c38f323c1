package com.merchantinsights.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int port = stack.config().ports().sparkControl();
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/etl"))
                                .timeout(Duration.ofMinutes(30))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        spec.commandLine().getOut().println(response.body());
        spec.commandLine().getOut().flush();
        return response.statusCode() == 200 ? 0 : 1;
    }
}
