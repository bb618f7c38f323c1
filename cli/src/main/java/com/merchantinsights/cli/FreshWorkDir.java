package com.merchantinsights.cli;

import com.merchantinsights.stack.StackDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Empties a work directory for {@code up --fresh}. Only what a stack writes is deleted: a directory holding anything
 * else (a mistyped {@code --work-dir} pointing at a home directory, say) is refused, naming what it holds.
 */
final class FreshWorkDir {
    /** The top-level entries a stack writes: the engines' data, the archive, logs, PID files, keys, the sample ledger. */
    static final Set<String> STACK_ENTRIES =
            Set.of("kafka", "cassandra", "postgres", "spark", "archive", "logs", "run", "secrets", "sample");

    private FreshWorkDir() {}

    /** The top-level entries of {@code workDir} that no stack writes (empty when it is safe to empty). */
    static List<String> foreignEntries(Path workDir) {
        if (!Files.isDirectory(workDir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(workDir)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(name -> !STACK_ENTRIES.contains(name))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + workDir, e);
        }
    }

    /** Deletes the stack's entries of {@code workDir}; the directory itself stays. */
    static void empty(Path workDir) {
        List<String> foreign = foreignEntries(workDir);
        if (!foreign.isEmpty()) {
            throw new IllegalStateException(workDir + " holds " + foreign + ", which no stack writes; not emptying it");
        }
        for (String name : STACK_ENTRIES) {
            StackDirectories.deleteTree(workDir.resolve(name));
        }
    }
}
