package com.merchantinsights.cli;

import com.merchantinsights.stack.Ports;
import com.merchantinsights.stack.StackConfig;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options every command shares: where the stack lives and on which ports. */
final class StackOptions {
    @Option(
            names = "--work-dir",
            defaultValue = "var",
            description = "Data, logs and PID files (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(
            names = "--port-offset",
            defaultValue = "0",
            description =
                    "Added to every default port, to run a second stack beside the first (default: ${DEFAULT-VALUE}).")
    int portOffset;

    StackConfig config(String zone, Duration etlInterval) {
        // Logback reads this when the first logger is created, which happens after option parsing.
        System.setProperty(
                "insights.log.dir", workDir.toAbsolutePath().resolve("logs").toString());
        StackConfig defaults = StackConfig.defaults(workDir.toAbsolutePath().normalize());
        Ports ports = Ports.defaults().offsetBy(portOffset);
        return new StackConfig(
                defaults.workDir(), ports, zone, defaults.durableWarehouse(), etlInterval, defaults.projectHome());
    }

    StackConfig config() {
        StackConfig defaults = StackConfig.defaults(workDir.toAbsolutePath().normalize());
        return config(defaults.defaultZone(), defaults.etlInterval());
    }
}
