package com.merchantinsights.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a CQL schema file into statements. The format is the one {@code core}'s {@code schema/cassandra.cql}
 * follows: a statement ends with ';' at the end of a line, and lines starting with {@code --} are comments. That
 * small contract avoids a CQL parser (a ';' inside a string literal at a line end is the one thing it cannot take).
 */
final class CqlScript {
    static final String CASSANDRA_SCHEMA = "schema/cassandra.cql";

    private CqlScript() {}

    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            if (current.length() > 0) {
                current.append('\n');
            }
            if (trimmed.endsWith(";")) {
                current.append(line.stripTrailing(), 0, line.stripTrailing().length() - 1);
                addIfNotBlank(statements, current);
                current.setLength(0);
            } else {
                current.append(line.stripTrailing());
            }
        }
        addIfNotBlank(statements, current); // a last statement may lack its ';'
        return List.copyOf(statements);
    }

    /** The statements of a classpath resource, e.g. {@link #CASSANDRA_SCHEMA}. */
    static List<String> fromClasspath(String resource) {
        try (InputStream in = CqlScript.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + resource + " not found");
            }
            return statements(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static void addIfNotBlank(List<String> statements, StringBuilder statement) {
        String text = statement.toString().strip();
        if (!text.isEmpty() && !text.equals(";")) {
            statements.add(text);
        }
    }
}
