package com.merchantinsights.ops;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One-off SparkApplications through the Kubernetes API (fabric8), made from the chart's template (a ConfigMap the
 * chart renders from the same spec as the scheduled cube ETL: image, logins, archive, feed). The service's Role allows
 * SparkApplications in its own namespace only. Each application carries the operation's id as a label and its act as
 * arguments; the spark-operator deletes it {@link #TTL_SECONDS} after it ends.
 */
final class KubernetesSparkJobs implements SparkJobs {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KubernetesSparkJobs.class);

    static final String API_VERSION = "sparkoperator.k8s.io/v1beta2";
    static final String KIND = "SparkApplication";
    static final String MAIN_CLASS = "com.merchantinsights.sparkjobs.AdminActJob";
    /** Named in full: no discovery request, which neither the Role nor an API server without the CRD would answer. */
    static final ResourceDefinitionContext SPARK_APPLICATIONS = new ResourceDefinitionContext.Builder()
            .withGroup("sparkoperator.k8s.io")
            .withVersion("v1beta2")
            .withKind(KIND)
            .withPlural("sparkapplications")
            .withNamespaced(true)
            .build();

    static final String OPERATION_LABEL = "merchant-insights/operation";
    /** An ended application stays a day for its logs, then the operator deletes it (the outcome is in the table). */
    static final long TTL_SECONDS = 86_400;
    /**
     * spark-operator's end states (restart policy Never). The act writes its outcome before its driver exits, so an
     * operation still running when its application has ended will never be written: the read that sees it ends it.
     */
    static final Set<String> END_STATES = Set.of("COMPLETED", "FAILED", "SUBMISSION_FAILED");

    private final KubernetesClient client;
    private final String namespace;
    private final Path template;

    KubernetesSparkJobs(KubernetesClient client, String namespace, Path template) {
        this.client = client;
        this.namespace = namespace;
        this.template = template;
    }

    /** The application's name: DNS-1123, at most 63 characters, from the operation's id. */
    static String applicationName(String operationId) {
        String name = "mi-" + operationId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    @Override
    public String submit(String operationId, String act, String query) throws SubmitFailed {
        GenericKubernetesResource application = application(operationId, act, query);
        try {
            applications().resource(application).create();
        } catch (KubernetesClientException e) {
            throw new SubmitFailed(
                    "the Kubernetes API refused the SparkApplication "
                            + application.getMetadata().getName() + ": " + e.getMessage(),
                    e);
        }
        return application.getMetadata().getName();
    }

    /** The template, named and labelled for the operation, running {@link #MAIN_CLASS} with the act appended. */
    GenericKubernetesResource application(String operationId, String act, String query) throws SubmitFailed {
        GenericKubernetesResource application;
        try (InputStream in = Files.newInputStream(template)) {
            application = Serialization.unmarshal(in, GenericKubernetesResource.class);
        } catch (IOException | RuntimeException e) {
            throw new SubmitFailed(
                    "the SparkApplication template " + template + " cannot be read: " + e.getMessage(), e);
        }
        if (!API_VERSION.equals(application.getApiVersion()) || !KIND.equals(application.getKind())) {
            throw new SubmitFailed("the template " + template + " is not a " + API_VERSION + " " + KIND, null);
        }
        String name = applicationName(operationId);
        application.getMetadata().setName(name);
        application.getMetadata().setNamespace(namespace);
        Map<String, String> labels = new LinkedHashMap<>(
                application.getMetadata().getLabels() == null
                        ? Map.of()
                        : application.getMetadata().getLabels());
        labels.put(OPERATION_LABEL, applicationName(operationId).substring(3));
        application.getMetadata().setLabels(labels);
        Map<String, Object> spec = spec(application);
        spec.put("mainClass", MAIN_CLASS);
        spec.put("timeToLiveSeconds", TTL_SECONDS);
        List<Object> arguments = new ArrayList<>();
        if (spec.get("arguments") instanceof List<?> given) {
            arguments.addAll(given);
        }
        arguments.add("--operation-id=" + operationId);
        arguments.add("--act=" + act);
        arguments.add("--act-query=" + (query == null ? "" : query));
        spec.put("arguments", arguments);
        return application;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource application) throws SubmitFailed {
        Object spec = application.getAdditionalProperties().get("spec");
        if (!(spec instanceof Map<?, ?>)) {
            throw new SubmitFailed("the SparkApplication template has no spec", null);
        }
        return (Map<String, Object>) spec;
    }

    @Override
    public void cancel(String applicationName) {
        try {
            applications().withName(applicationName).delete();
        } catch (KubernetesClientException e) {
            LOG.warn("could not delete the SparkApplication {}: {}", applicationName, e.getMessage());
        }
    }

    @Override
    public Optional<String> failure(String applicationName) {
        GenericKubernetesResource application;
        try {
            application = applications().withName(applicationName).get();
        } catch (KubernetesClientException e) {
            // Cannot tell now (a refused read names what the Role lacks): the operation stays running and is asked
            // again at the next read.
            LOG.warn("cannot read the SparkApplication {}: {}", applicationName, e.getMessage());
            return Optional.empty();
        }
        if (application == null) {
            return Optional.of("its SparkApplication " + applicationName + " is gone (deleted before it reported)");
        }
        Object status = application.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> statusMap)
                || !(statusMap.get("applicationState") instanceof Map<?, ?> state)) {
            return Optional.empty();
        }
        String name = String.valueOf(state.get("state"));
        if (!END_STATES.contains(name)) {
            return Optional.empty();
        }
        Object message = state.get("errorMessage");
        return Optional.of("its SparkApplication " + applicationName + " ended " + name + " without writing an outcome"
                + (message == null ? "" : ": " + message));
    }

    private NonNamespaceOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            applications() {
        return client.genericKubernetesResources(SPARK_APPLICATIONS).inNamespace(namespace);
    }
}
