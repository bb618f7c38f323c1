package com.merchantinsights.bench;

import com.merchantinsights.stack.Ports;
import com.merchantinsights.stack.StackConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Where a benchmark's own stack lives: empty data under bench/target/work/NAME, ports offset by 500. */
final class BenchStack {
    static final int PORT_OFFSET = 500;

    private BenchStack() {
    }

    static StackConfig freshConfig(String name) {
        Path workDir = Path.of("bench", "target", "work", name).toAbsolutePath();
        if (!Files.exists(workDir.getParent().getParent().getParent())) {
            workDir = Path.of("target", "work", name).toAbsolutePath();
        }
        deleteRecursively(workDir);
        return StackConfig.defaults(workDir).withPorts(Ports.defaults().offsetBy(PORT_OFFSET)).withDurableWarehouse(false);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
