package com.merchantinsights.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart's Strimzi resources read into Strimzi's own model classes of the version it is written for (0.46, whose
 * CRDs are generated from them), with an unknown field an error: a misspelt or removed field fails here, not on the
 * cluster (issue 22). A partial stand-in for validating against the CRD's OpenAPI schema, which the other operators'
 * resources still lack.
 */
class StrimziResourcesTest {
    private static final ObjectMapper STRICT =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Map<String, Class<?>> MODELS =
            Map.of("Kafka", Kafka.class, "KafkaNodePool", KafkaNodePool.class, "KafkaTopic", KafkaTopic.class);

    @Test
    void theRenderedStrimziResourcesReadIntoStrimzisModelWithNoUnknownField() {
        assertThat(violations(RenderedChart.withDefaults())).isEmpty();
    }

    @Test
    void aFieldStrimziDoesNotKnowIsReported() {
        RenderedChart chart = RenderedChart.withDefaults();
        GenericKubernetesResource kafka = chart.custom("Kafka").get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> spec =
                (Map<String, Object>) kafka.getAdditionalProperties().get("spec");
        spec.put("kafkaa", Map.of());
        assertThat(violations(chart)).singleElement().asString().contains("Kafka", "kafkaa");
    }

    static List<String> violations(RenderedChart chart) {
        List<String> violations = new ArrayList<>();
        MODELS.forEach((kind, model) -> {
            List<GenericKubernetesResource> resources = chart.custom(kind);
            if (resources.isEmpty()) {
                violations.add("no " + kind + " rendered");
            }
            for (GenericKubernetesResource resource : resources) {
                try {
                    Object typed = STRICT.convertValue(STRICT.convertValue(resource, Map.class), model);
                    // Strimzi's classes keep a field they do not know in their additional properties instead of
                    // failing: any such field, anywhere in the resource, is one its CRD does not have.
                    unknownFields(typed, kind, new java.util.IdentityHashMap<>())
                            .forEach(field -> violations.add(
                                    kind + " " + resource.getMetadata().getName() + ": unknown field " + field));
                } catch (IllegalArgumentException e) {
                    violations.add(kind + " " + resource.getMetadata().getName() + ": " + e.getMessage());
                }
            }
        });
        return violations;
    }

    /** The additional (unknown) properties of {@code value} and of every Strimzi object below it. */
    private static List<String> unknownFields(Object value, String path, Map<Object, Boolean> seen) {
        List<String> unknown = new ArrayList<>();
        if (value == null || seen.put(value, true) != null) {
            return unknown;
        }
        if (value instanceof Iterable<?> items) {
            int i = 0;
            for (Object item : items) {
                unknown.addAll(unknownFields(item, path + "[" + i++ + "]", seen));
            }
            return unknown;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknown.addAll(unknownFields(v, path + "." + k, seen)));
            return unknown;
        }
        if (!value.getClass().getName().startsWith("io.strimzi.")) {
            return unknown;
        }
        for (java.lang.reflect.Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(k -> unknown.add(path + "." + k));
                }
                continue;
            }
            unknown.addAll(unknownFields(child, path + "." + getter.getName().substring(3), seen));
        }
        return unknown;
    }
}
