package com.merchantinsights.stack;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the checked-out project, because the engines' classpaths are files its build writes
 * ({@code engines/*}/target/classpath.txt), not jars the stack carries.
 */
public final class ProjectHome {
    /** System property that names the project directory explicitly (the CLI's launcher script sets it). */
    public static final String PROPERTY = "insights.home";
    /** A file only the project's root has. */
    static final String MARKER = "engines/kafka-server/pom.xml";

    static final String BUILD_HINT = "run ./mvnw install -DskipTests first";

    private ProjectHome() {}

    /** The directory named by {@code -Dinsights.home}, else the nearest ancestor of the working directory that holds the project. */
    public static Path locate() {
        return locate(System.getProperty(PROPERTY), Path.of(System.getProperty("user.dir")));
    }

    static Path locate(String override, Path start) {
        if (override != null && !override.isBlank()) {
            Path home = Path.of(override).toAbsolutePath().normalize();
            if (!Files.isRegularFile(home.resolve(MARKER))) {
                throw new IllegalStateException("-D" + PROPERTY + "=" + override
                        + " is not the Merchant Insights project: " + home.resolve(MARKER) + " is missing");
            }
            return home;
        }
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(MARKER))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the Merchant Insights project from " + start
                + ": no ancestor holds " + MARKER + "; run from inside the project or set -D" + PROPERTY + "=<dir>");
    }
}
