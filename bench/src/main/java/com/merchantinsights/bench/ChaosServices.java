package com.merchantinsights.bench;

import com.merchantinsights.cli.LocalSecrets;
import com.merchantinsights.cli.LocalServices;
import com.merchantinsights.stack.EngineEndpoints;
import com.merchantinsights.stack.StackConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The chaos run's services process (issue 21): the local system's HTTP services (gateway, events API, insights API,
 * operations API) in one JVM against engines the run started, as {@code bin/insights up} runs them, so that the run
 * can kill the process. Arguments: the work directory, the port offset, the node count, and optionally the URLs of
 * more events API instances, comma-separated, for the gateway to balance.
 */
public final class ChaosServices {
    private ChaosServices() {}

    public static void main(String[] args) throws InterruptedException {
        StackConfig config =
                ChaosRun.stackConfig(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        List<URI> more = args.length > 3
                ? Arrays.stream(args[3].split(",")).map(URI::create).toList()
                : List.of();
        LocalServices services = LocalServices.start(
                config, EngineEndpoints.of(config), LocalSecrets.loadOrCreate(config.workDir()), more);
        Runtime.getRuntime().addShutdownHook(new Thread(services::close, "services-stop"));
        new CountDownLatch(1).await();
    }
}
