package com.merchantinsights.stack;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One process a stack recorded under {@code <workDir>/run/}, as another process sees it (the CLI's {@code status}).
 *
 * @param name    {@code kafka}, {@code cassandra}, {@code postgres}, {@code spark-driver}, or {@code stack} (the JVM
 *                that owns the engines)
 * @param pid     the recorded process id
 * @param alive   whether that process is still running (and is the process that was recorded, not a reused PID)
 * @param pidFile the file it was read from
 */
public record ProcessRecord(String name, long pid, boolean alive, Path pidFile) {
    public ProcessRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pidFile, "pidFile");
    }
}
