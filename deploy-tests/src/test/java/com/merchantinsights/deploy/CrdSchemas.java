package com.merchantinsights.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The operators' CRDs at the versions the chart names (src/test/resources/crds, README there), and a check of a custom
 * resource against its version's {@code openAPIV3Schema}, as the API server's structural-schema validation does it:
 * types, {@code required}, {@code enum}, {@code x-kubernetes-int-or-string}, and — stricter than the server, which
 * prunes them silently — every field the schema does not know, unless the schema preserves unknown fields. Not
 * checked: {@code x-kubernetes-validations} (CEL rules), {@code oneOf}/{@code anyOf}, formats and bounds.
 */
final class CrdSchemas {
    private static final KubernetesSerialization YAML = new KubernetesSerialization();
    private static final List<String> FILES = List.of(
            "strimzi-kafka",
            "strimzi-kafkatopic",
            "strimzi-kafkauser",
            "strimzi-kafkanodepool",
            "k8ssandra-k8ssandraclusters",
            "k8ssandra-medusabackupschedules",
            "cnpg-clusters",
            "cnpg-scheduledbackups",
            "spark-sparkapplications",
            "spark-scheduledsparkapplications",
            "prometheus-podmonitors",
            "prometheus-prometheusrules");
    /** Top-level fields every object has, which no CRD schema describes. */
    private static final Set<String> OBJECT_FIELDS = Set.of("apiVersion", "kind", "metadata");

    /** Per "group/version Kind": the version's openAPIV3Schema. */
    private final Map<String, Map<String, Object>> schemas;

    private CrdSchemas(Map<String, Map<String, Object>> schemas) {
        this.schemas = Map.copyOf(schemas);
    }

    static CrdSchemas vendored() {
        Map<String, Map<String, Object>> schemas = new HashMap<>();
        for (String file : FILES) {
            Map<String, Object> crd = load("/crds/" + file + ".yaml.gz");
            Map<String, Object> spec = map(crd.get("spec"));
            String group = (String) spec.get("group");
            String kind = (String) map(spec.get("names")).get("kind");
            for (Object version : (List<?>) spec.get("versions")) {
                Map<String, Object> v = map(version);
                Map<String, Object> schema = map(map(v.get("schema")).get("openAPIV3Schema"));
                schemas.put(group + "/" + v.get("name") + " " + kind, schema);
            }
        }
        return new CrdSchemas(schemas);
    }

    /** Whether a CRD of this apiVersion and kind is vendored. */
    boolean knows(GenericKubernetesResource resource) {
        return schemas.containsKey(key(resource));
    }

    /** The resource's violations of its CRD's schema, each with its path; empty: valid. */
    List<String> violations(GenericKubernetesResource resource) {
        Map<String, Object> schema = schemas.get(key(resource));
        if (schema == null) {
            return List.of(key(resource) + ": no CRD vendored for it");
        }
        List<String> violations = new ArrayList<>();
        String name = resource.getKind() + " " + resource.getMetadata().getName();
        Map<String, Object> properties = map(schema.getOrDefault("properties", Map.of()));
        resource.getAdditionalProperties().forEach((field, value) -> {
            if (OBJECT_FIELDS.contains(field)) {
                return;
            }
            Object fieldSchema = properties.get(field);
            if (fieldSchema == null) {
                violations.add(name + ": ." + field + " is not in the schema");
            } else {
                check(map(fieldSchema), value, name + ": ." + field, violations);
            }
        });
        for (Object required : (List<?>) schema.getOrDefault("required", List.of())) {
            if (!OBJECT_FIELDS.contains(required.toString())
                    && !resource.getAdditionalProperties().containsKey(required.toString())) {
                violations.add(name + ": ." + required + " is required");
            }
        }
        return violations;
    }

    private static void check(Map<String, Object> schema, Object value, String path, List<String> violations) {
        if (value == null) {
            if (!Boolean.TRUE.equals(schema.get("nullable"))) {
                violations.add(path + " is null");
            }
            return;
        }
        if (Boolean.TRUE.equals(schema.get("x-kubernetes-int-or-string"))) {
            if (!(value instanceof Number || value instanceof String)) {
                violations.add(path + " must be an integer or a string, is " + describe(value));
            }
            return;
        }
        Object type = schema.get("type");
        if (type == null) {
            return; // no type: anything (preserved unknown fields, or a oneOf/anyOf this check does not follow)
        }
        switch (type.toString()) {
            case "object" -> checkObject(schema, value, path, violations);
            case "array" -> {
                if (!(value instanceof List<?> items)) {
                    violations.add(path + " must be an array, is " + describe(value));
                    return;
                }
                Object itemSchema = schema.get("items");
                for (int i = 0; i < items.size(); i++) {
                    if (itemSchema != null) {
                        check(map(itemSchema), items.get(i), path + "[" + i + "]", violations);
                    }
                }
            }
            case "string" -> expect(value instanceof String, path, "a string", value, violations);
            case "integer" ->
                expect(
                        value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger,
                        path,
                        "an integer",
                        value,
                        violations);
            case "number" -> expect(value instanceof Number, path, "a number", value, violations);
            case "boolean" -> expect(value instanceof Boolean, path, "a boolean", value, violations);
            default -> violations.add(path + ": unknown schema type " + type);
        }
        Object allowed = schema.get("enum");
        if (allowed instanceof List<?> values
                && values.stream().noneMatch(a -> String.valueOf(a).equals(value.toString()))) {
            violations.add(path + " is " + value + ", not one of " + values);
        }
    }

    private static void checkObject(Map<String, Object> schema, Object value, String path, List<String> violations) {
        if (!(value instanceof Map<?, ?> object)) {
            violations.add(path + " must be an object, is " + describe(value));
            return;
        }
        Map<String, Object> properties = map(schema.getOrDefault("properties", Map.of()));
        Object additional = schema.get("additionalProperties");
        boolean preserves = Boolean.TRUE.equals(schema.get("x-kubernetes-preserve-unknown-fields"))
                || Boolean.TRUE.equals(additional);
        for (Map.Entry<?, ?> field : object.entrySet()) {
            String key = field.getKey().toString();
            Object fieldSchema = properties.get(key);
            if (fieldSchema != null) {
                check(map(fieldSchema), field.getValue(), path + "." + key, violations);
            } else if (additional instanceof Map<?, ?>) {
                check(map(additional), field.getValue(), path + "." + key, violations);
            } else if (!preserves) {
                violations.add(path + "." + key + " is not in the schema");
            }
        }
        for (Object required : (List<?>) schema.getOrDefault("required", List.of())) {
            if (!object.containsKey(required.toString())) {
                violations.add(path + "." + required + " is required");
            }
        }
    }

    private static void expect(boolean holds, String path, String what, Object value, List<String> violations) {
        if (!holds) {
            violations.add(path + " must be " + what + ", is " + describe(value));
        }
    }

    private static String describe(Object value) {
        return value.getClass().getSimpleName() + " " + value;
    }

    private static String key(GenericKubernetesResource resource) {
        return resource.getApiVersion() + " " + resource.getKind();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(String resource) {
        try (InputStream in = CrdSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no vendored CRD " + resource);
            }
            String yaml = new String(new GZIPInputStream(in).readAllBytes(), StandardCharsets.UTF_8);
            return YAML.unmarshal(yaml, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
