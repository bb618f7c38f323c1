package com.merchantinsights.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.deploy.RenderedChart;
import com.merchantinsights.etl.operations.OperationLog;
import com.merchantinsights.etl.reprocess.ReprocessRun;
import com.merchantinsights.etl.reprocess.ReprocessRuns;
import com.merchantinsights.service.Json;
import com.merchantinsights.service.identity.Audiences;
import com.merchantinsights.service.identity.IdentityHeader;
import com.merchantinsights.service.identity.IdentityKeys;
import com.merchantinsights.service.identity.IdentitySigner;
import com.merchantinsights.service.identity.RequestBinding;
import com.merchantinsights.testing.TestingPostgres;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations service as the chart deploys it (decision 0052): no driver control port, the Spark acts created as
 * one-off SparkApplications through the Kubernetes API — fabric8's API server in CRUD mode, since no cluster can run
 * here — and every operation in a real warehouse, where the act's application writes its outcome.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterOperationsTest {
    private static final IdentityKeys.SigningKey GATEWAY_KEY = IdentityKeys.generate("test");
    private static final Identity ADMIN = new Identity("key_admin0000001", Scope.ADMIN, Optional.empty());
    private static final String NAMESPACE = "insights";
    private static TestingPostgres warehouse;

    KubernetesClient kubernetes;

    private final HttpClient http = HttpClient.newHttpClient();
    private OpsApi ops;
    private OpsApi otherReplica;

    /** The template exactly as the chart renders it into its ConfigMap. */
    private static Path template;

    @BeforeAll
    static void startWarehouse(@TempDir Path directory) throws java.io.IOException {
        warehouse = TestingPostgres.startWarehouse();
        template = java.nio.file.Files.writeString(
                directory.resolve("sparkapplication.yaml"),
                RenderedChart.withDefaults().adminActTemplateYaml());
    }

    @AfterAll
    static void stopWarehouse() {
        warehouse.close();
    }

    @BeforeEach
    void start() {
        warehouse.execute("TRUNCATE api_keys, admin_audit, admin_operations, reprocess_runs");
        warehouse.execute("INSERT INTO api_keys (key_id, digest, scope, description) VALUES ('key_admin0000001', '"
                + "0".repeat(64) + "', 'admin', 'on-call')");
        ops = start(template);
        otherReplica = start(template);
    }

    private OpsApi start(Path template) {
        return OpsApi.start(
                new OpsApiConfig(
                        "127.0.0.1",
                        0,
                        null,
                        null,
                        warehouse.jdbcUrl(),
                        warehouse.user(),
                        warehouse.password(),
                        GATEWAY_KEY.verificationKey().encoded(),
                        Optional.empty(),
                        Optional.of(template),
                        Optional.of(NAMESPACE),
                        java.util.List.of()),
                () -> kubernetes);
    }

    @AfterEach
    void stop() {
        ops.close();
        otherReplica.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSparkActBecomesASparkApplicationThatRunsItForItsOperation() throws Exception {
        HttpResponse<String> started =
                send(ops, "POST", "/v1/admin/archive?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode operation = Json.mapper().readTree(started.body());
        String id = operation.path("operation_id").asText();
        String name = KubernetesSparkJobs.applicationName(id);
        assertThat(operation.path("state").asText()).as(started.body()).isEqualTo("running");
        assertThat(operation.path("runner").asText()).isEqualTo("spark-application/" + name);

        GenericKubernetesResource application = applications().withName(name).get();
        assertThat(application).as("the SparkApplication " + name).isNotNull();
        Map<?, ?> spec = (Map<?, ?>) application.getAdditionalProperties().get("spec");
        assertThat(spec.get("mainClass")).isEqualTo("com.merchantinsights.sparkjobs.AdminActJob");
        List<Object> arguments = (List<Object>) spec.get("arguments");
        assertThat(arguments)
                .as("the chart's arguments first")
                .contains("--archive-dir=s3a://insights-archive/raw", "--feed-dir=s3a://insights-archive/feed");
        assertThat(arguments.subList(arguments.size() - 3, arguments.size()))
                .as("then the act's")
                .containsExactly(
                        "--operation-id=" + id,
                        "--act=POST /archive",
                        "--act-query=from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z");
        assertThat(application.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/component", "admin-act")
                .containsEntry(KubernetesSparkJobs.OPERATION_LABEL, name.substring(3));
        assertThat(spec.get("timeToLiveSeconds")).isEqualTo((int) KubernetesSparkJobs.TTL_SECONDS);

        // What AdminActJob does when the act is done: the outcome, which every replica then answers.
        try (Connection c = connection()) {
            assertThat(new OperationLog(c).finish(id, 200, "{\"rows_archived\":1200}", Instant.now()))
                    .isTrue();
        }
        JsonNode done = Json.mapper()
                .readTree(
                        send(otherReplica, "GET", "/v1/admin/operations/" + id).body());
        assertThat(done.path("state").asText()).isEqualTo("succeeded");
        assertThat(done.path("status").asInt()).isEqualTo(200);
        assertThat(done.path("result").path("rows_archived").asLong()).isEqualTo(1200);
        assertThat(done.path("requested_by").asText()).isEqualTo("key_admin0000001 (on-call)");
    }

    @Test
    void oneSparkActAtATimeAndAnApplicationThatEndsWithoutWritingFailsItsOperation() throws Exception {
        String failed = startedOperation("/v1/admin/etl");
        HttpResponse<String> second = send(
                otherReplica,
                "POST",
                "/v1/admin/rebuild-warehouse?from=2026-11-01T00:00:00Z" + "&to=2026-11-02T00:00:00Z");
        assertThat(second.statusCode())
                .as("one Spark act at a time, whichever replica is asked")
                .isEqualTo(409);
        assertThat(second.body()).contains(failed);
        assertThat(applications().list().getItems()).hasSize(1);

        // The operator fails the application; until the submit grace has passed, no state of the operator is read.
        GenericKubernetesResource application = applications()
                .withName(KubernetesSparkJobs.applicationName(failed))
                .get();
        application
                .getAdditionalProperties()
                .put(
                        "status",
                        Map.of(
                                "applicationState",
                                Map.of(
                                        "state",
                                        "FAILED",
                                        "errorMessage",
                                        "driver container failed with ExitCode: 137")));
        applications().resource(application).update();
        assertThat(state(failed))
                .as("within the grace after its logging: running")
                .isEqualTo("running");
        ageOperations();

        JsonNode failedView = Json.mapper()
                .readTree(send(otherReplica, "GET", "/v1/admin/operations/" + failed)
                        .body());
        assertThat(failedView.path("state").asText()).isEqualTo("failed");
        assertThat(failedView.path("result").path("error").asText())
                .contains("ended FAILED without writing an outcome", "ExitCode: 137");

        // The first outcome stands: a late write of the act's own changes nothing.
        try (Connection c = connection()) {
            assertThat(new OperationLog(c).finish(failed, 200, "{}", Instant.now()))
                    .isFalse();
        }
        assertThat(state(failed)).isEqualTo("failed");

        // Free again: the next act starts; an application deleted before it reported is gone once the grace is over.
        String gone = startedOperation("/v1/admin/rebuild-warehouse?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z");
        applications().withName(KubernetesSparkJobs.applicationName(gone)).delete();
        assertThat(state(gone))
                .as("a read between the row and the application's creation does not call it gone")
                .isEqualTo("running");
        ageOperations();
        JsonNode goneView = Json.mapper()
                .readTree(send(ops, "GET", "/v1/admin/operations/" + gone).body());
        assertThat(goneView.path("state").asText()).isEqualTo("failed");
        assertThat(goneView.path("result").path("error").asText()).contains("is gone");
    }

    private String state(String id) throws Exception {
        return Json.mapper()
                .readTree(send(ops, "GET", "/v1/admin/operations/" + id).body())
                .path("state")
                .asText();
    }

    /** As if the operations had been logged longer ago than the submit grace. */
    private static void ageOperations() {
        warehouse.execute("UPDATE admin_operations SET started_at = started_at - interval '10 minutes'");
    }

    @Test
    void anActWhoseServiceInstanceStoppedIsFailedByTheNextRead() throws Exception {
        try (Connection c = connection()) {
            new OperationLog(c)
                    .start(
                            "op_1_dead",
                            "reconcile",
                            "",
                            "key_admin0000001",
                            "ops-api/ops-api-7d9f-x2",
                            Instant.now().minus(Duration.ofMinutes(5)));
            new OperationLog(c)
                    .start("op_2_alive", "reconcile", "", "key_admin0000001", "ops-api/ops-api-7d9f-x3", Instant.now());
        }
        JsonNode dead = Json.mapper()
                .readTree(send(ops, "GET", "/v1/admin/operations/op_1_dead").body());
        assertThat(dead.path("state").asText()).isEqualTo("failed");
        assertThat(dead.path("result").path("error").asText()).contains("ops-api/ops-api-7d9f-x2", "stopped beating");
        JsonNode alive = Json.mapper()
                .readTree(send(ops, "GET", "/v1/admin/operations/op_2_alive").body());
        assertThat(alive.path("state").asText()).isEqualTo("running");
    }

    @Test
    void theRunLogAndDiffAreReadFromTheWarehouseAndADiscardRunsInTheService() throws Exception {
        long runId;
        try (Connection c = connection()) {
            runId = new ReprocessRuns(c)
                    .start(
                            new ReprocessRuns.Request(
                                    ReprocessRun.Kind.REPROCESS,
                                    Instant.parse("2026-11-01T00:00:00Z"),
                                    Instant.parse("2026-11-02T00:00:00Z"),
                                    List.of("m_1"),
                                    null,
                                    "standard",
                                    1,
                                    "key_admin0000001 (on-call)"),
                            Instant.now());
        }
        JsonNode runs =
                Json.mapper().readTree(send(ops, "GET", "/v1/admin/runs").body());
        assertThat(runs.path("runs").get(0).path("run_id").asLong()).isEqualTo(runId);
        JsonNode run = Json.mapper()
                .readTree(
                        send(ops, "GET", "/v1/admin/reprocess/run?run=" + runId).body());
        assertThat(run.path("state").asText()).isEqualTo("building");
        assertThat(run.path("merchants").get(0).asText()).isEqualTo("m_1");
        assertThat(send(ops, "GET", "/v1/admin/reprocess/run?run=" + (runId + 1))
                        .statusCode())
                .isEqualTo(404);

        HttpResponse<String> diff = send(ops, "GET", "/v1/admin/reprocess/diff?run=" + runId);
        assertThat(diff.statusCode()).isEqualTo(409);
        assertThat(diff.body()).contains("is building: a diff is of a built run");

        String discard = startedOperation("/v1/admin/reprocess/discard?run=" + runId);
        JsonNode discarded = awaitEnded(discard);
        assertThat(discarded.path("runner").asText()).startsWith("ops-api/");
        assertThat(discarded.path("status").asInt())
                .as("a building run cannot be discarded")
                .isEqualTo(409);
        assertThat(applications().list().getItems())
                .as("no SparkApplication for a discard")
                .isEmpty();
    }

    @Test
    void aTemplateTheServiceCannotUseFailsTheOperationAtOnce() throws Exception {
        OpsApi broken = start(Path.of("/nonexistent/sparkapplication.yaml"));
        try {
            HttpResponse<String> started = send(broken, "POST", "/v1/admin/etl");
            assertThat(started.statusCode()).isEqualTo(202);
            JsonNode operation = Json.mapper().readTree(started.body());
            assertThat(operation.path("state").asText()).isEqualTo("failed");
            assertThat(operation.path("status").asInt()).isEqualTo(503);
            assertThat(operation.path("result").path("error").asText())
                    .contains("/nonexistent/sparkapplication.yaml cannot be read");
        } finally {
            broken.close();
        }
    }

    @Test
    void theChartsEnvironmentConfiguresTheServiceForSparkActsTheReconciliationAndTheRedrive() {
        java.util.Map<String, String> variables = new java.util.HashMap<>();
        for (io.fabric8.kubernetes.api.model.EnvVar variable :
                RenderedChart.withDefaults().containerEnv("ops-api")) {
            String value = variable.getValue();
            if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
                var secret = variable.getValueFrom().getSecretKeyRef();
                value = "from-secret:" + secret.getName() + "/" + secret.getKey();
            } else if (variable.getValueFrom() != null
                    && variable.getValueFrom().getFieldRef() != null) {
                value = NAMESPACE;
            }
            variables.put(variable.getName(), value);
        }
        variables.put(
                "INSIGHTS_IDENTITY_VERIFICATION_KEYS",
                GATEWAY_KEY.verificationKey().encoded());
        assertThat(variables)
                .containsEntry("INSIGHTS_PSEUDONYM_KEY", "from-secret:merchant-insights-secrets/identity-pseudonym-key")
                .containsEntry(
                        "INSIGHTS_PSEUDONYM_RETIRED_KEYS",
                        "from-secret:merchant-insights-secrets/identity-pseudonym-retired-keys");
        // What the Secret's entries hold: the current key, and two keys rotated out (comma-separated).
        String current = "k3:" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        String retired = "k1:" + java.util.Base64.getEncoder().encodeToString(new byte[33]) + ",k2:"
                + java.util.Base64.getEncoder().encodeToString(new byte[34]);
        variables.put("INSIGHTS_PSEUDONYM_KEY", current);
        variables.put("INSIGHTS_PSEUDONYM_RETIRED_KEYS", retired);

        OpsApiConfig config =
                OpsApiConfig.fromEnvironment(new com.merchantinsights.service.EnvironmentSettings(variables));

        assertThat(config.driverControl())
                .as("no driver control port in a cluster")
                .isNull();
        assertThat(config.sparkJobTemplate())
                .contains(Path.of("/etc/merchant-insights/admin-act/sparkapplication.yaml"));
        assertThat(config.sparkJobNamespace()).contains(NAMESPACE);
        assertThat(config.pseudonymKeys())
                .as("the current key first, then the retired ones: a person is found under each")
                .extracting(com.merchantinsights.core.privacy.PseudonymKey::keyId)
                .containsExactly("k3", "k1", "k2");
        assertThat(config.jdbcUrl()).contains("//insights-warehouse-rw:5432/");
        assertThat(config.engines())
                .as("the reconciliation's and the re-drive's engines")
                .hasValueSatisfying(engines -> {
                    assertThat(engines.kafkaBootstrapServers()).isEqualTo("insights-kafka-kafka-bootstrap:9092");
                    assertThat(engines.cassandraLocalDatacenter()).isEqualTo("dc1");
                    assertThat(engines.cassandraUser()).isEqualTo("insights_app");
                    assertThat(engines.cassandraPassword())
                            .isEqualTo("from-secret:merchant-insights-secrets/cassandra-app-password");
                    assertThat(engines.feed()).isEqualTo("s3a://insights-archive/feed");
                });
        assertThat(variables)
                .containsEntry(
                        "INSIGHTS_KAFKA_SASL_JAAS_CONFIG", "from-secret:insights-kafka-operations/sasl.jaas.config");
    }

    private String startedOperation(String pathAndQuery) throws Exception {
        HttpResponse<String> started = send(ops, "POST", pathAndQuery);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        return Json.mapper().readTree(started.body()).path("operation_id").asText();
    }

    private JsonNode awaitEnded(String id) {
        return org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> Json.mapper()
                                .readTree(send(ops, "GET", "/v1/admin/operations/" + id)
                                        .body()),
                        view -> !view.path("state").asText().equals("running"));
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
                    GenericKubernetesResource,
                    io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
                    io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>>
            applications() {
        return kubernetes
                .genericKubernetesResources(KubernetesSparkJobs.SPARK_APPLICATIONS)
                .inNamespace(NAMESPACE);
    }

    private static Connection connection() throws java.sql.SQLException {
        return DriverManager.getConnection(warehouse.jdbcUrl(), warehouse.user(), warehouse.password());
    }

    private HttpResponse<String> send(OpsApi service, String method, String pathAndQuery) throws Exception {
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        String query = pathAndQuery.contains("?") ? pathAndQuery.substring(pathAndQuery.indexOf('?') + 1) : null;
        String token = new IdentitySigner(GATEWAY_KEY)
                .sign(ADMIN, RequestBinding.of(Audiences.OPS_API, method, path, query, new byte[0]), Instant.now());
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .header(IdentityHeader.NAME, token)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
