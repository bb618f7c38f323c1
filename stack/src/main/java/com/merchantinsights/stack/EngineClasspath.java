package com.merchantinsights.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the classpath a dependency-holder module's build wrote to {@code target/classpath.txt}, and checks it
 * before a child JVM is started with it: a missing jar is reported by name, not as a ClassNotFoundException in a log.
 */
final class EngineClasspath {
    static final String KAFKA_MODULE = "engines/kafka-server";
    static final String CASSANDRA_MODULE = "engines/cassandra-server";
    static final String SPARK_MODULE = "spark-jobs";

    private EngineClasspath() {}

    /** The classpath of {@code module}; {@code component} names the engine in errors. */
    static String read(String component, Path projectHome, String module) {
        Path file = projectHome.resolve(module).resolve("target/classpath.txt");
        if (!Files.isRegularFile(file)) {
            throw new StackException(component, component + ": " + file + " is missing: " + ProjectHome.BUILD_HINT);
        }
        String classpath;
        try {
            classpath = Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (classpath.isEmpty()) {
            throw new StackException(component, component + ": " + file + " is empty: " + ProjectHome.BUILD_HINT);
        }
        for (String entry : List.of(classpath.split(":"))) {
            if (!Files.exists(Path.of(entry))) {
                throw new StackException(
                        component,
                        component + ": " + entry + " (listed in " + file + ") is missing: " + ProjectHome.BUILD_HINT);
            }
        }
        return classpath;
    }

    /** The first entry whose file name starts with {@code prefix}, e.g. the jamm agent jar in Cassandra's classpath. */
    static String jar(String classpath, String prefix) {
        for (String entry : classpath.split(":")) {
            if (Path.of(entry).getFileName().toString().startsWith(prefix)) {
                return entry;
            }
        }
        throw new IllegalStateException("no " + prefix + "*.jar in the classpath");
    }
}
