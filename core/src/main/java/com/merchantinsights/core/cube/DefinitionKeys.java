package com.merchantinsights.core.cube;

import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * Reading keys of a definition file (the cube file, the metrics catalogue) so that every key read is remembered: what
 * is left unread afterwards is an unknown or misspelt key, and an error.
 */
public final class DefinitionKeys {
    private final Properties properties;
    private final Set<String> used = new java.util.HashSet<>();

    public DefinitionKeys(Properties properties) {
        this.properties = properties;
    }

    public String required(String key) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("'" + key + "' is required");
        }
        used.add(key);
        return value.trim();
    }

    public int integer(String key) {
        String value = required(key);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not an integer");
        }
    }

    /** Fails on the first key that was never read, with {@code hint} appended to the message. */
    public void rejectUnread(String hint) {
        for (String key : properties.stringPropertyNames()) {
            if (!used.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "'" + hint);
            }
        }
    }

    /** A comma-separated list, blanks dropped. */
    public static List<String> list(String value) {
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
