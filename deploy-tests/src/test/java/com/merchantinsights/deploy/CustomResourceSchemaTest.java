package com.merchantinsights.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every custom resource the chart renders against its operator's CRD at the version the chart names (decision 0050). */
class CustomResourceSchemaTest {
    private static CrdSchemas crds;

    @BeforeAll
    static void load() {
        crds = CrdSchemas.vendored();
    }

    /** The defaults, and what a production install turns on besides: monitoring, TLS, an object-store key, a zone. */
    static List<RenderedChart> renders() {
        return List.of(
                RenderedChart.withDefaults(),
                RenderedChart.render(Map.of(
                        "monitoring.podMonitor.enabled", true,
                        "monitoring.prometheusRule.enabled", true,
                        "networkPolicy.monitoringNamespace", "monitoring",
                        "gateway.tls.secretName", "gateway-tls",
                        "spark.objectStore.credentialsSecret", "archive-keys",
                        "spark.objectStore.endpoint", "https://s3.example.com",
                        "secrets.create", true,
                        "secrets.identitySigningKey", "k1:AAAA",
                        "secrets.identityVerificationKeys", "k1:BBBB",
                        "secrets.cassandraAppPassword", "abc123")));
    }

    @Test
    void everyCustomResourceTheChartRendersMatchesItsOperatorsCrd() {
        List<RenderedChart> renders = renders();
        assertThat(renders.get(1).all(GenericKubernetesResource.class))
                .extracting(GenericKubernetesResource::getKind)
                .contains("PodMonitor", "PrometheusRule", "Kafka", "K8ssandraCluster", "Cluster", "SparkApplication");
        for (RenderedChart chart : renders) {
            List<GenericKubernetesResource> resources =
                    new java.util.ArrayList<>(chart.all(GenericKubernetesResource.class));
            // The SparkApplication the operations service copies for each act (decision 0052) lives in a ConfigMap.
            resources.add(chart.adminActTemplate());
            for (GenericKubernetesResource resource : resources) {
                assertThat(crds.knows(resource))
                        .as("a CRD is vendored for %s %s", resource.getApiVersion(), resource.getKind())
                        .isTrue();
                assertThat(crds.violations(resource)).as(resource.getKind()).isEmpty();
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFieldTheOperatorDoesNotKnowAWrongTypeAndAValueOutsideAnEnumAreEachReported() {
        RenderedChart broken = RenderedChart.withDefaults();
        Map<String, Object> datacenter = (Map<String, Object>) ((List<Object>)
                        ((Map<String, Object>) ((Map<String, Object>) resource(broken, "K8ssandraCluster")
                                                .getAdditionalProperties()
                                                .get("spec"))
                                        .get("cassandra"))
                                .get("datacenters"))
                .get(0);
        datacenter.put("nodes", 3);
        ((Map<String, Object>)
                        resource(broken, "Cluster").getAdditionalProperties().get("spec"))
                .put("instances", "three");
        ((Map<String, Object>) resource(broken, "SparkApplication")
                        .getAdditionalProperties()
                        .get("spec"))
                .put("mode", "sideways");
        ((Map<String, Object>)
                        resource(broken, "KafkaUser").getAdditionalProperties().get("spec"))
                .remove("authentication");

        assertThat(crds.violations(resource(broken, "K8ssandraCluster")))
                .containsExactly(
                        "K8ssandraCluster insights-cassandra: .spec.cassandra.datacenters[0].nodes is not in the"
                                + " schema");
        assertThat(crds.violations(resource(broken, "Cluster")))
                .containsExactly("Cluster insights-warehouse: .spec.instances must be an integer, is String three");
        assertThat(crds.violations(resource(broken, "SparkApplication")))
                .singleElement()
                .asString()
                .startsWith("SparkApplication mi-stream-processor: .spec.mode is sideways, not one of");
        GenericKubernetesResource adminAct = broken.adminActTemplate();
        ((Map<String, Object>) ((Map<String, Object>)
                                adminAct.getAdditionalProperties().get("spec"))
                        .get("driver"))
                .put("cores", "two");
        assertThat(crds.violations(adminAct))
                .containsExactly("SparkApplication mi-admin-act: .spec.driver.cores must be an integer, is String two");
        assertThat(crds.violations(resource(broken, "KafkaUser")))
                .as("authentication is optional in the CRD: the chart's own check (ChartChecks) catches its absence")
                .isEmpty();
    }

    private static GenericKubernetesResource resource(RenderedChart chart, String kind) {
        return chart.custom(kind).get(0);
    }
}
