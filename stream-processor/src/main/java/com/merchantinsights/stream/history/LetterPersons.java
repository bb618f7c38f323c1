package com.merchantinsights.stream.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Set;

/**
 * Whether a dead letter's payload names a person (issue 23): its identifier fields compared exactly — an event's
 * {@code customer_id} and {@code anonymous_id}, a Segment message's {@code userId}, {@code anonymousId} and
 * {@code previousId} — never a text search, which would match another field or another person's value that contains
 * theirs.
 */
final class LetterPersons {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LetterPersons() {}

    static boolean names(String payload, Set<String> customers, Set<String> anonymous) {
        if (payload == null || payload.isBlank()) {
            return false;
        }
        JsonNode json;
        try {
            json = JSON.readTree(payload);
        } catch (IOException e) {
            return false;
        }
        if (json == null || !json.isObject()) {
            return false;
        }
        return in(json, "customer_id", customers)
                || in(json, "userId", customers)
                || in(json, "anonymous_id", anonymous)
                || in(json, "anonymousId", anonymous)
                || in(json, "previousId", customers)
                || in(json, "previousId", anonymous);
    }

    private static boolean in(JsonNode json, String field, Set<String> values) {
        JsonNode value = json.get(field);
        return value != null && value.isValueNode() && !value.isNull() && values.contains(value.asText());
    }
}
