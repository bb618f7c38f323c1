package com.merchantinsights.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * Segment's libraries authenticate either with the write key as the Basic-auth user name or, like Segment's Java
 * library, with a top-level {@code "writeKey"} field of the batch body. This reads that field with a streaming
 * parser, without building the rest of the document.
 */
final class SegmentWriteKey {
    private static final JsonFactory JSON = new JsonFactory();
    private static final Set<String> SEGMENT_PATHS =
            Set.of("/v1/track", "/v1/page", "/v1/identify", "/v1/batch", "/v1/import");

    private SegmentWriteKey() {}

    static boolean carriesWriteKey(Route route) {
        return SEGMENT_PATHS.contains(route.pathPrefix());
    }

    static Optional<String> of(byte[] body) {
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("writeKey".equals(name) && value == JsonToken.VALUE_STRING) {
                    return Optional.of(parser.getText());
                }
                parser.skipChildren();
            }
            return Optional.empty();
        } catch (IOException malformed) {
            return Optional.empty();
        }
    }
}
