package com.merchantinsights.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The documents the gateway publishes without a key: the OpenAPI 3.1 description of the whole public API
 * (written as YAML, also served as JSON) and the event's JSON Schema. Loaded once at class initialisation.
 */
final class PublicDocuments {
    static final byte[] OPENAPI_YAML = resource("/openapi.yaml");
    static final byte[] OPENAPI_JSON = yamlToJson(OPENAPI_YAML);
    static final byte[] EVENT_SCHEMA = resource("/schema/event.schema.json");

    private PublicDocuments() {}

    static JsonNode openApi() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(OPENAPI_YAML);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] yamlToJson(byte[] yaml) {
        try {
            return new ObjectMapper()
                    .writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(new ObjectMapper(new YAMLFactory()).readTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = PublicDocuments.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
