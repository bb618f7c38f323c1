package com.merchantinsights.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every core resource the chart renders (hooks included), with the defaults and with a production install's values,
 * against the API of the oldest Kubernetes the chart supports (Chart.yaml's kubeVersion): no field that version does
 * not know, no value of the wrong type (decision 0050).
 */
class CoreResourceSchemaTest {
    private static KubernetesModelSchema oldest;

    @BeforeAll
    static void load() {
        oldest = KubernetesModelSchema.oldest();
    }

    @AfterAll
    static void close() {
        oldest.close();
    }

    @Test
    void everyCoreResourceIsKnownToTheOldestSupportedKubernetes() {
        for (RenderedChart chart : CustomResourceSchemaTest.renders()) {
            List<HasMetadata> core = chart.objects().stream()
                    .filter(o -> !(o instanceof GenericKubernetesResource))
                    .toList();
            assertThat(core)
                    .extracting(HasMetadata::getKind)
                    .contains("Deployment", "Service", "Job", "Role", "NetworkPolicy", "HorizontalPodAutoscaler");
            for (HasMetadata resource : core) {
                assertThat(oldest.knows(resource))
                        .as("%s %s is checked", resource.getApiVersion(), resource.getKind())
                        .isTrue();
                assertThat(oldest.violations(resource)).as(resource.getKind()).isEmpty();
            }
        }
    }

    @Test
    void aFieldOfANewerKubernetesAnUnknownFieldAndAWrongTypeAreEachReported() {
        RenderedChart broken = RenderedChart.withDefaults();
        var pod = broken.deployment("gateway").getSpec().getTemplate().getSpec();
        // Pod-level resources came with Kubernetes 1.32: this module's newer model knows them, 1.30 does not.
        pod.setResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                .addToLimits("cpu", new io.fabric8.kubernetes.api.model.Quantity("2"))
                .build());
        pod.getContainers().get(0).setAdditionalProperty("restartPolicyRules", List.of());
        assertThat(oldest.violations(broken.deployment("gateway")))
                .containsExactlyInAnyOrder(
                        "Deployment mi-gateway: .spec.template.spec.resources is not in Kubernetes 1.30's API",
                        "Deployment mi-gateway: .spec.template.spec.containers[0].restartPolicyRules is not in"
                                + " Kubernetes 1.30's API");

        var service = RenderedChart.withDefaults()
                .all(io.fabric8.kubernetes.api.model.Service.class)
                .get(0);
        service.getSpec().setAdditionalProperty("ports", Map.of("port", "eighty"));
        assertThat(oldest.violations(service))
                .singleElement()
                .asString()
                .startsWith("Service " + service.getMetadata().getName() + ": Kubernetes 1.30 cannot read it:");
    }
}
