package com.merchantinsights.it;

import com.merchantinsights.cli.LocalSystem;
import com.merchantinsights.stack.Ports;
import com.merchantinsights.stack.Progress;
import com.merchantinsights.stack.StackConfig;
import com.merchantinsights.stack.StackDirectories;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the real system (Kafka, Cassandra, PostgreSQL, the Spark driver, our services) once per test run
 * and shares it with every integration test; it stops when the run ends. Ports are offset so that a developer's
 * own stack on the default ports keeps running.
 */
public final class SharedSystem implements BeforeAllCallback {
    /**
     * Ports of the shared test stack: the defaults plus this offset; {@code -Dit.portOffset=N} moves it, so that two
     * test runs on one machine (two worktrees) do not collide.
     */
    public static final int PORT_OFFSET = Integer.getInteger("it.portOffset", 3000);

    private static LocalSystem system;

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (SharedSystem.class) {
            if (system == null) {
                system = LocalSystem.start(config(), Progress.console(System.out));
                context.getRoot()
                        .getStore(ExtensionContext.Namespace.GLOBAL)
                        .put(SharedSystem.class.getName(), (ExtensionContext.Store.CloseableResource)
                                SharedSystem::stop);
            }
        }
    }

    public static LocalSystem system() {
        if (system == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(SharedSystem.class)");
        }
        return system;
    }

    /**
     * Stops the shared system and starts it again on its own data, as {@code bin/insights up} after Ctrl-C does. Only
     * for the test class that runs last ({@link RestartIT}): the others keep sessions on the first system's engines.
     */
    public static synchronized LocalSystem restart() {
        StackConfig config = system().config();
        system.close();
        system = null;
        system = LocalSystem.start(config, Progress.console(System.out));
        return system;
    }

    private static synchronized void stop() {
        if (system != null) {
            system.close();
            system = null;
        }
    }

    private static StackConfig config() {
        Path workDir = Path.of("target", "it-stack").toAbsolutePath();
        StackDirectories.deleteTree(workDir);
        StackConfig defaults = StackConfig.defaults(workDir);
        // Not durable (fsync off) and a short ETL schedule: tests want speed, not crash safety of the warehouse.
        return new StackConfig(
                workDir,
                Ports.defaults().offsetBy(PORT_OFFSET),
                "Asia/Kolkata",
                false,
                Duration.ofSeconds(20),
                defaults.projectHome());
    }
}
