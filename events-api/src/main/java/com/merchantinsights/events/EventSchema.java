package com.merchantinsights.events;

import static com.merchantinsights.core.error.EventErrorCode.INVALID_AMOUNT;
import static com.merchantinsights.core.error.EventErrorCode.INVALID_CURRENCY;
import static com.merchantinsights.core.error.EventErrorCode.INVALID_FIELD;
import static com.merchantinsights.core.error.EventErrorCode.INVALID_TIMESTAMP;
import static com.merchantinsights.core.error.EventErrorCode.INVALID_TYPE;
import static com.merchantinsights.core.error.EventErrorCode.MISSING_FIELD;
import static com.merchantinsights.core.error.EventErrorCode.UNKNOWN_DIMENSION;
import static com.merchantinsights.core.error.EventErrorCode.UNKNOWN_FIELD;

import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.core.event.EventRules;
import com.merchantinsights.core.event.EventRules.Violation;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The published JSON Schema of an event ({@code schema/event.schema.json} in core), checked with networknt's
 * validator. Its first error becomes our violation: a catalogued code and the offending field's path.
 */
final class EventSchema {
    static final String RESOURCE = "/schema/event.schema.json";
    private final Schema schema;
    private final String sha256;

    EventSchema() {
        byte[] text;
        try (InputStream in = EventSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            text = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(new java.io.ByteArrayInputStream(text));
        this.schema.initializeValidators(); // compile every keyword now, not on the first request
        this.sha256 = sha256(text);
    }

    /** SHA-256 of the schema text, in hex: the fast path runs only on the schema it was written for. */
    String sha256() {
        return sha256;
    }

    private static String sha256(byte[] text) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(text));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    Optional<Violation> check(JsonNode event) {
        List<Error> errors = schema.validate(event);
        return errors.isEmpty() ? Optional.empty() : Optional.of(toViolation(errors.get(0)));
    }

    static Violation toViolation(Error error) {
        String at = fieldPath(error.getInstanceLocation().toString());
        String property = error.getProperty();
        return switch (error.getKeyword()) {
            case "required" -> new Violation(join(at, property), MISSING_FIELD, join(at, property) + " is required");
            case "dependentRequired" -> {
                // arguments: [the missing property, the property that requires it]
                String missing = String.valueOf(error.getArguments()[0]);
                yield new Violation(
                        join(at, missing), MISSING_FIELD, missing + " is required when " + property + " is present");
            }
            case "additionalProperties" ->
                at.equals("dimensions")
                        ? new Violation(
                                join(at, property),
                                UNKNOWN_DIMENSION,
                                "dimensions may only be " + String.join(", ", EventRules.DIMENSION_NAMES))
                        : new Violation(
                                join(at, property), UNKNOWN_FIELD, "unknown field; free data goes in properties");
            case "type" -> new Violation(at, INVALID_TYPE, at + ": " + error.getMessage());
            case "minimum", "maximum" ->
                new Violation(
                        at,
                        at.equals("amount") ? INVALID_AMOUNT : INVALID_FIELD,
                        at + " is out of range: " + error.getMessage());
            case "minLength", "maxLength" ->
                at.equals("occurred_at")
                        ? new Violation(
                                at, INVALID_TIMESTAMP, "occurred_at must be an RFC 3339 timestamp with an offset")
                        : new Violation(at, INVALID_FIELD, at + ": " + error.getMessage());
            case "pattern" ->
                new Violation(
                        at,
                        at.equals("currency") ? INVALID_CURRENCY : INVALID_FIELD,
                        at + " does not match its pattern");
            default -> new Violation(at, INVALID_FIELD, at + ": " + error.getMessage());
        };
    }

    /** networknt paths look like {@code $.dimensions.colour} or {@code /dimensions/colour}; ours like {@code dimensions.colour}. */
    static String fieldPath(String location) {
        String path = location.startsWith("$") ? location.substring(1) : location;
        path = path.replace('/', '.');
        return path.startsWith(".") ? path.substring(1) : path;
    }

    private static String join(String parent, String property) {
        if (property == null || property.isEmpty()) {
            return parent;
        }
        return parent.isEmpty() ? property : parent + "." + property;
    }
}
