package com.merchantinsights.deploy;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The chart rendered by Helm itself ({@code helm template}) and read back as Kubernetes objects. */
public record RenderedChart(List<HasMetadata> objects) {
    static final String RELEASE = "mi";
    static final Path CHART = Path.of(System.getProperty("chart.dir", "../deploy/helm/merchant-insights"));
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    static final String ADMIN_ACT_TEMPLATE_KEY = "sparkapplication.yaml";

    public RenderedChart {
        objects = List.copyOf(objects);
    }

    /**
     * Rendered with the chart's values.yaml and the given {@code --set} overrides, hooks included: Helm's template
     * (as helm-java runs it) leaves hook resources out, so the chart is rendered from a copy whose hook annotation has
     * another name, given back its own name on the objects read; and without its kubeVersion, which helm-java (rendering
     * as Kubernetes 1.20, with no way to say otherwise) would refuse. In that copy the chart's one {@code lookup} (the
     * services' Secret as the cluster holds it) and {@code .Release.IsUpgrade} read {@link #CLUSTER_SECRET} and
     * {@link #IS_UPGRADE} from the values instead: helm-java's template asks a cluster for a lookup (there is none) and
     * cannot render an upgrade, so a test says what the cluster holds and whether this is an upgrade.
     */
    static RenderedChart render(Map<String, Object> overrides) {
        Path copy = chartWithHooksAsManifests();
        var template = new Helm(copy).template().withName(RELEASE).withNamespace("insights");
        overrides.forEach(template::set);
        String manifests = template.call().replace(HOOK_STAND_IN, HOOK);
        List<HasMetadata> objects = Arrays.stream(manifests.split("(?m)^---\\s*$"))
                .filter(doc -> doc.lines().anyMatch(line -> line.startsWith("kind:")))
                .map(doc -> (HasMetadata) SERIALIZATION.unmarshal(doc))
                .toList();
        return new RenderedChart(objects);
    }

    static final String HOOK = "helm.sh/hook:";
    private static final String HOOK_STAND_IN = "rendered-as-manifest.test/hook:";

    /** A value standing for the services' Secret as the cluster holds it ({@code data}: base64 values); none: absent. */
    static final String CLUSTER_SECRET = "renderedInTest.clusterSecret";
    /** A value standing for {@code .Release.IsUpgrade} (false unless set). */
    static final String IS_UPGRADE = "renderedInTest.isUpgrade";

    private static final Map<String, String> STAND_INS = Map.of(
            "lookup \"v1\" \"Secret\" .Release.Namespace (include \"mi.secretName\" .)",
            "(dig \"renderedInTest\" \"clusterSecret\" dict .Values.AsMap)",
            ".Release.IsUpgrade",
            "(dig \"renderedInTest\" \"isUpgrade\" false .Values.AsMap)");
    private static Path hooksAsManifests;

    /** The copy helm-java renders and lints: hooks as plain resources, no kubeVersion (see {@link #render}). */
    static synchronized Path chartWithHooksAsManifests() {
        if (hooksAsManifests != null) {
            return hooksAsManifests;
        }
        try {
            Path target = java.nio.file.Files.createTempDirectory("chart-with-hooks");
            java.util.Set<String> replaced = new java.util.HashSet<>();
            try (var files = java.nio.file.Files.walk(CHART)) {
                for (Path source : files.toList()) {
                    Path copy = target.resolve(CHART.relativize(source).toString());
                    if (java.nio.file.Files.isDirectory(source)) {
                        java.nio.file.Files.createDirectories(copy);
                    } else if (source.toString().endsWith(".yaml")
                            || source.toString().endsWith(".tpl")) {
                        String text = java.nio.file.Files.readString(source).replace(HOOK, HOOK_STAND_IN);
                        for (Map.Entry<String, String> standIn : STAND_INS.entrySet()) {
                            if (text.contains(standIn.getKey())) {
                                replaced.add(standIn.getKey());
                                text = text.replace(standIn.getKey(), standIn.getValue());
                            }
                        }
                        if (CHART.relativize(source).toString().equals("Chart.yaml")) {
                            // helm-java renders as Kubernetes 1.20 and cannot be told otherwise.
                            text = text.replaceAll("(?m)^kubeVersion:.*$", "");
                        }
                        java.nio.file.Files.writeString(copy, text);
                    } else {
                        java.nio.file.Files.copy(source, copy);
                    }
                }
            }
            if (!replaced.equals(STAND_INS.keySet())) {
                throw new IllegalStateException("the chart no longer has " + STAND_INS.keySet() + " as the test copy"
                        + " expects, only " + replaced + ": update RenderedChart.STAND_INS");
            }
            hooksAsManifests = target;
            return target;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static RenderedChart withDefaults() {
        return render(Map.of());
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<GenericKubernetesResource> custom(String kind) {
        return all(GenericKubernetesResource.class).stream()
                .filter(r -> kind.equals(r.getKind()))
                .toList();
    }

    Deployment deployment(String component) {
        return all(Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals(RELEASE + "-" + component))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment for " + component));
    }

    /** The environment of a component's (first) container, as rendered: the list itself, so a test may break it. */
    public List<io.fabric8.kubernetes.api.model.EnvVar> containerEnv(String component) {
        return deployment(component)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv();
    }

    /**
     * The SparkApplication the operations service copies for each act (decision 0052), as its ConfigMap carries it:
     * a fresh object per call, so a test may break it.
     */
    GenericKubernetesResource adminActTemplate() {
        return SERIALIZATION.unmarshal(adminActTemplateYaml(), GenericKubernetesResource.class);
    }

    /** That template's text, as the operations service reads it from the mounted ConfigMap. */
    public String adminActTemplateYaml() {
        return all(io.fabric8.kubernetes.api.model.ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals(RELEASE + "-admin-act"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap " + RELEASE + "-admin-act"))
                .getData()
                .get(ADMIN_ACT_TEMPLATE_KEY);
    }

    /** The labels of the pods a component's Deployment creates. */
    Map<String, String> podLabels(String component) {
        return deployment(component).getSpec().getTemplate().getMetadata().getLabels();
    }
}
