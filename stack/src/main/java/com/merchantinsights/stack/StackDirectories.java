package com.merchantinsights.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** The layout under a stack's working directory, in one place so that the CLI finds what the stack wrote. */
public record StackDirectories(Path root) {

    public StackDirectories {
        root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    public Path kafka() {
        return root.resolve("kafka");
    }

    public Path cassandra() {
        return root.resolve("cassandra");
    }

    public Path postgres() {
        return root.resolve("postgres");
    }

    public Path spark() {
        return root.resolve("spark");
    }

    /** The cube feed (decisions 0027, 0033): what the stream stored, per micro-batch, for the cube ETL. */
    public Path feed() {
        return spark().resolve("feed");
    }

    /** The hourly Parquet archive of raw events (decision 0011): history beyond Cassandra's retention. */
    public Path archive() {
        return root.resolve("archive");
    }

    public Path logs() {
        return root.resolve("logs");
    }

    /** PID files, one per process: what {@link RunningStack} reads. */
    public Path run() {
        return root.resolve("run");
    }

    /**
     * The Spark driver's control token (decision 0037): written owner-only by the driver at each start, read by every
     * caller of its control port.
     */
    public Path controlToken() {
        return run().resolve("spark-control.token");
    }

    /** The local stack's secrets (API keys, the identity key, engine credentials), each owner-only. */
    public Path secrets() {
        return root.resolve("secrets");
    }

    /** The warehouse's password (scram-sha-256), made at the first start; every workload and test reads it here. */
    public Path warehousePassword() {
        return secrets().resolve("warehouse.password");
    }

    /** The Cassandra role the workloads log in as, with its password (PasswordAuthenticator), made at the first start. */
    public Path cassandraPassword() {
        return secrets().resolve("cassandra.password");
    }

    public Path logFile(String processName) {
        return logs().resolve(processName + ".log");
    }

    public Path pidFile(String processName) {
        return run().resolve(processName + ".pid");
    }

    void create() {
        for (Path dir : List.of(kafka(), cassandra(), postgres(), spark(), logs(), run())) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + dir, e);
            }
        }
    }

    /** Deletes a directory tree, deepest first; nothing when it does not exist. */
    public static void deleteTree(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }
}
