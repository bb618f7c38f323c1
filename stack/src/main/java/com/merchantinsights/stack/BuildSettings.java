package com.merchantinsights.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * Values the build writes into this module's resources, so that they are declared once in the root POM: the JVM
 * flags Spark 3.5 needs on Java 17 are the same for surefire, failsafe and the Spark driver started here.
 */
final class BuildSettings {
    private static final String RESOURCE = "com/merchantinsights/stack/build.properties";

    private BuildSettings() {}

    static List<String> sparkJvmFlags() {
        String flags = load().getProperty("spark.jvm.flags", "").strip();
        if (flags.isEmpty() || flags.contains("${")) {
            throw new IllegalStateException(RESOURCE + " has no filtered spark.jvm.flags: " + ProjectHome.BUILD_HINT);
        }
        return List.of(flags.split("\\s+"));
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = BuildSettings.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return properties;
    }
}
