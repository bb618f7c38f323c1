package com.merchantinsights.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run in a child JVM: a value, so the command line of each engine can be checked in a unit test without
 * starting anything.
 *
 * @param name        process name: log file {@code logs/<name>.log}, PID file {@code run/<name>.pid}
 * @param classpath   ':'-separated jars and directories
 * @param jvmFlags    flags before {@code -cp}
 * @param mainClass   class whose {@code main} runs
 * @param args        arguments after the main class
 * @param environment variables added to the inherited environment
 * @param launcher    a command that execs {@code java} in the same process, e.g. {@code setpriv ... --}; usually empty
 */
record JavaLaunch(
        String name,
        String classpath,
        List<String> jvmFlags,
        String mainClass,
        List<String> args,
        Map<String, String> environment,
        List<String> launcher) {

    JavaLaunch(
            String name,
            String classpath,
            List<String> jvmFlags,
            String mainClass,
            List<String> args,
            Map<String, String> environment) {
        this(name, classpath, jvmFlags, mainClass, args, environment, List.of());
    }

    JavaLaunch {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(classpath, "classpath");
        jvmFlags = List.copyOf(jvmFlags);
        Objects.requireNonNull(mainClass, "mainClass");
        args = List.copyOf(args);
        environment = Map.copyOf(environment);
        launcher = List.copyOf(launcher);
    }

    /** The full command line: the launcher if any, then {@code java}. */
    List<String> command(Path javaExecutable) {
        List<String> command = new ArrayList<>(launcher);
        command.add(javaExecutable.toString());
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /**
     * Everything but the environment's values: the environment is how a secret (the warehouse password) reaches a child
     * without appearing on its command line, so a log line must not print it either.
     */
    @Override
    public String toString() {
        List<String> variables = environment.keySet().stream()
                .sorted()
                .map(variable -> variable + "=***")
                .toList();
        return "JavaLaunch[name=" + name + ", classpath=" + classpath + ", jvmFlags=" + jvmFlags + ", mainClass="
                + mainClass + ", args=" + args + ", environment=" + variables + ", launcher=" + launcher + "]";
    }

    /** The {@code java} of the running JVM, so children run on the same JDK the stack was started with. */
    static Path javaExecutable() {
        Path fromJavaHome = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(fromJavaHome)) {
            return fromJavaHome;
        }
        return ProcessHandle.current()
                .info()
                .command()
                .map(Path::of)
                .orElseThrow(() -> new IllegalStateException("cannot find the java executable of this JVM"));
    }
}
