package com.merchantinsights.bench;

import com.merchantinsights.stack.Ports;
import com.merchantinsights.stack.StackConfig;
import com.merchantinsights.stack.StackDirectories;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a benchmark's own stack lives: empty data under bench/target/work/NAME, ports offset by 500. */
final class BenchStack {
    static final int PORT_OFFSET = 500;

    private BenchStack() {}

    static StackConfig freshConfig(String name) {
        Path workDir = Path.of("bench", "target", "work", name).toAbsolutePath();
        if (!Files.exists(workDir.getParent().getParent().getParent())) {
            workDir = Path.of("target", "work", name).toAbsolutePath();
        }
        StackDirectories.deleteTree(workDir);
        return StackConfig.defaults(workDir)
                .withPorts(Ports.defaults().offsetBy(PORT_OFFSET))
                .withDurableWarehouse(false);
    }
}
