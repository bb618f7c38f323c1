package com.merchantinsights.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Core resources checked against the Kubernetes API of one version, as fabric8 generated its model classes from that
 * version's OpenAPI (a kubeconform-equivalent in Java, decision 0050): the rendered resource is read into the typed
 * class of that version, loaded in a class loader of its own (this module's own model is newer); a field the version
 * does not know lands in the model's additional properties and is reported with its path, a value of the wrong type
 * fails the read and is reported with Jackson's message. Required fields are not known to the model, and not checked.
 */
final class KubernetesModelSchema implements AutoCloseable {
    /** The oldest Kubernetes the chart supports (Chart.yaml's kubeVersion), and fabric8's model of it (deploy-tests' pom). */
    static final String OLDEST = "1.30";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final String MODEL = "io.fabric8.kubernetes.api.model.";
    /** apiVersion/kind → the model class (the kinds the chart renders). */
    private static final Map<String, String> CLASSES = Map.ofEntries(
            Map.entry("v1/Service", MODEL + "Service"),
            Map.entry("v1/ServiceAccount", MODEL + "ServiceAccount"),
            Map.entry("v1/ConfigMap", MODEL + "ConfigMap"),
            Map.entry("v1/Secret", MODEL + "Secret"),
            Map.entry("v1/PersistentVolumeClaim", MODEL + "PersistentVolumeClaim"),
            Map.entry("apps/v1/Deployment", MODEL + "apps.Deployment"),
            Map.entry("batch/v1/Job", MODEL + "batch.v1.Job"),
            Map.entry("policy/v1/PodDisruptionBudget", MODEL + "policy.v1.PodDisruptionBudget"),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", MODEL + "autoscaling.v2.HorizontalPodAutoscaler"),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", MODEL + "networking.v1.NetworkPolicy"),
            Map.entry("rbac.authorization.k8s.io/v1/Role", MODEL + "rbac.Role"),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", MODEL + "rbac.RoleBinding"));

    private final String version;
    private final URLClassLoader loader;
    private final Object mapper;
    private final Method readValue;

    private KubernetesModelSchema(String version, List<Path> jars) {
        this.version = version;
        try {
            URL[] urls = new URL[jars.size()];
            for (int i = 0; i < urls.length; i++) {
                urls[i] = jars.get(i).toUri().toURL();
            }
            // Nothing of this module's own (newer) model or Jackson: only the JDK above it.
            this.loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
            Class<?> mapperClass = loader.loadClass("com.fasterxml.jackson.databind.ObjectMapper");
            this.mapper = mapperClass.getConstructor().newInstance();
            this.readValue = mapperClass.getMethod("readValue", String.class, Class.class);
        } catch (MalformedURLException | ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load fabric8's model of Kubernetes " + version, e);
        }
    }

    /** Fabric8's model of {@link #OLDEST}, as the build copied it (the system property the pom sets). */
    static KubernetesModelSchema oldest() {
        Path dir = Path.of(System.getProperty("kubernetes.oldest.model.dir", "target/kubernetes-" + OLDEST + "-model"));
        try (Stream<Path> jars = Files.list(dir)) {
            return new KubernetesModelSchema(
                    OLDEST,
                    jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("no model of Kubernetes " + OLDEST + " in " + dir + " (run the build)", e);
        }
    }

    /** Whether this check knows the resource's kind (every core kind the chart renders). */
    boolean knows(HasMetadata resource) {
        return CLASSES.containsKey(resource.getApiVersion() + "/" + resource.getKind());
    }

    /** What of the resource this Kubernetes version would not accept; empty when it is all known and well typed. */
    List<String> violations(HasMetadata resource) {
        String what = resource.getKind() + " " + resource.getMetadata().getName();
        String className = CLASSES.get(resource.getApiVersion() + "/" + resource.getKind());
        if (className == null) {
            return List.of(what + ": " + resource.getApiVersion() + " " + resource.getKind() + " is not a core kind"
                    + " this check knows");
        }
        Object typed;
        try {
            typed = readValue.invoke(mapper, SERIALIZATION.asJson(resource), loader.loadClass(className));
        } catch (InvocationTargetException e) {
            String message = String.valueOf(e.getCause().getMessage())
                    .lines()
                    .findFirst()
                    .orElse("");
            return List.of(what + ": Kubernetes " + version + " cannot read it: " + message);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        List<String> violations = new ArrayList<>();
        walk(typed, "", what, violations, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return violations;
    }

    private void walk(Object value, String path, String what, List<String> violations, Set<Object> seen) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> walk(item, path + "." + key, what, violations, seen));
            return;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", what, violations, seen);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.") || !seen.add(value)) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            String name = getter.getName();
            if (getter.getParameterCount() != 0
                    || Modifier.isStatic(getter.getModifiers())
                    || !name.startsWith("get")
                    || name.equals("getClass")) {
                continue;
            }
            Object property;
            try {
                property = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (name.equals("getAdditionalProperties")) {
                if (property instanceof Map<?, ?> unknown) {
                    unknown.keySet()
                            .forEach(key -> violations.add(
                                    what + ": " + path + "." + key + " is not in Kubernetes " + version + "'s API"));
                }
                continue;
            }
            String field = Character.toLowerCase(name.charAt(3)) + name.substring(4);
            walk(property, path + "." + field, what, violations, seen);
        }
    }

    @Override
    public void close() {
        try {
            loader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "fabric8's model of Kubernetes " + version.toLowerCase(Locale.ROOT);
    }
}
