package com.merchantinsights.service;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A deployed service's settings from its environment variables (the Helm chart sets them; secrets come from
 * Kubernetes Secrets the same way). Every key is read through one of these methods with its default, and a
 * missing or malformed value stops the service at start-up with a message that names the variable.
 */
public record EnvironmentSettings(Map<String, String> variables) {
    /** Every variable name starts with this, so that ours never collide with the platform's. */
    public static final String PREFIX = "INSIGHTS_";

    public EnvironmentSettings {
        variables = Map.copyOf(variables);
    }

    public static EnvironmentSettings fromSystem() {
        return new EnvironmentSettings(System.getenv());
    }

    public String string(String name, String defaultValue) {
        String value = variables.get(PREFIX + name);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    public String required(String name) {
        String value = string(name, null);
        if (value == null) {
            throw new IllegalArgumentException(PREFIX + name + " must be set");
        }
        return value;
    }

    public int integer(String name, int defaultValue) {
        return (int) number(name, defaultValue);
    }

    public long number(String name, long defaultValue) {
        String value = string(name, null);
        try {
            return value == null ? defaultValue : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + name + " must be a whole number, was " + value, e);
        }
    }

    /** An ISO-8601 duration such as {@code PT30S}. */
    public Duration duration(String name, Duration defaultValue) {
        String value = string(name, null);
        try {
            return value == null ? defaultValue : Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    PREFIX + name + " must be an ISO-8601 duration such as PT30S, was " + value, e);
        }
    }

    /** A comma-separated list of base URIs. */
    public List<URI> uris(String name) {
        return Arrays.stream(required(name).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(URI::create)
                .toList();
    }

    @Override
    public String toString() {
        return "EnvironmentSettings["
                + variables.keySet().stream()
                        .filter(k -> k.startsWith(PREFIX))
                        .sorted()
                        .toList() + "]";
    }
}
