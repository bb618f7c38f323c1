package com.merchantinsights.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.service.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs a browser script of {@code src/test/browser} with Node: playwright-core driving Debian's Chromium (never a
 * browser download). Node 20 and Chromium are prerequisites of the test command; the script's npm packages are
 * installed from its lockfile ({@code npm ci}) when missing (docs/decisions/0014-dashboard.md).
 */
final class HeadlessChromium {
    static final Path SCRIPTS = Path.of("src", "test", "browser").toAbsolutePath();
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);

    private final Path chromium;
    private final Path artifacts;

    private HeadlessChromium(Path chromium, Path artifacts) {
        this.chromium = chromium;
        this.artifacts = artifacts;
    }

    /** Checks the prerequisites (Chromium, Node, the script's packages) and keeps artifacts in {@code artifacts}. */
    static HeadlessChromium prepare(Path artifacts) {
        Path chromium = Path.of(System.getProperty(
                "it.chromium", Objects.requireNonNullElse(System.getenv("CHROMIUM"), "/usr/bin/chromium")));
        if (!Files.isExecutable(chromium)) {
            throw new IllegalStateException(
                    "Chromium is a prerequisite of the browser test and is missing at " + chromium
                            + ": install Debian's package (apt-get install chromium) or name it with -Dit.chromium=/path");
        }
        try {
            Files.createDirectories(artifacts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!Files.isDirectory(SCRIPTS.resolve("node_modules").resolve("playwright-core"))) {
            int exit = run(
                    List.of("npm", "ci", "--no-audit", "--no-fund"),
                    Map.of(),
                    artifacts.resolve("npm-ci.log"),
                    NPM_TIMEOUT);
            if (exit != 0) {
                throw new IllegalStateException(
                        "npm ci in " + SCRIPTS + " failed (exit " + exit + "); see " + artifacts.resolve("npm-ci.log"));
            }
        }
        return new HeadlessChromium(chromium, artifacts);
    }

    Path artifacts() {
        return artifacts;
    }

    /** Runs {@code node <script>} with the given environment; its last stdout line is the JSON it returns. */
    JsonNode run(String script, Map<String, String> environment, Duration timeout) {
        Path output = artifacts.resolve(script + ".out.log");
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("CHROMIUM", chromium.toString());
        env.put("TIMEOUT_MS", Long.toString(timeout.toMillis() / 2));
        int exit = run(List.of("node", script), env, output, timeout);
        try {
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            String last = lines.stream()
                    .filter(line -> line.startsWith("{"))
                    .reduce((a, b) -> b)
                    .orElse(null);
            if (exit != 0 || last == null) {
                throw new AssertionError("node " + script + " exited " + exit + ":\n" + String.join("\n", lines));
            }
            return Json.mapper().readTree(last);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A child process in the scripts' folder, stdout and stderr to {@code log}; killed when it outlives the timeout. */
    private static int run(List<String> command, Map<String, String> environment, Path log, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(SCRIPTS.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " took longer than " + timeout + "; see " + log);
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot run " + command.get(0) + " (Node 20 is a prerequisite of the browser test)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
