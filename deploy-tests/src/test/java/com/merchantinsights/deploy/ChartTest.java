package com.merchantinsights.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart as Helm lints and renders it. Each guarantee is checked on the default values, and again on a values
 * override that breaks it, where the check must report the break.
 */
class ChartTest {
    private static RenderedChart chart;

    @BeforeAll
    static void render() {
        chart = RenderedChart.withDefaults();
    }

    @Test
    void helmLintFindsNothing() throws java.io.IOException {
        LintResult lint = new Helm(RenderedChart.chartWithHooksAsManifests())
                .lint()
                .strict()
                .call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
        assertThat(java.nio.file.Files.readString(RenderedChart.CHART.resolve("Chart.yaml")))
                .as("the chart declares the oldest Kubernetes its core resources are checked against")
                .contains("kubeVersion: \">= " + KubernetesModelSchema.OLDEST + ".0-0\"");
    }

    @Test
    void everyDeploymentHasProbesResourcesAndAZeroDowntimeRollout() {
        assertThat(ChartChecks.deploymentsAreProductionReady(chart)).isEmpty();
        assertThat(ChartChecks.deploymentsAreProductionReady(
                        RenderedChart.render(Map.of("services.preStopSeconds", 0, "services.drainSeconds", 0))))
                .anySatisfy(v -> assertThat(v).contains("terminationGracePeriodSeconds"));
    }

    @Test
    void everyDeploymentHasAPdbAnAutoscalerAndTwoReplicas() {
        assertThat(ChartChecks.deploymentsSurviveDisruptions(chart)).isEmpty();
        assertThat(ChartChecks.deploymentsSurviveDisruptions(RenderedChart.render(Map.of("eventsApi.replicas", 1))))
                .containsExactly("events-api: fewer than 2 replicas");
    }

    @Test
    void onlyTheGatewayReachesTheBackends() {
        assertThat(ChartChecks.onlyTheGatewayReachesTheBackends(chart)).isEmpty();
        assertThat(ChartChecks.onlyTheGatewayReachesTheBackends(
                        RenderedChart.render(Map.of("networkPolicy.enabled", false))))
                .contains("events-api: reachable from a pod of another app", "insights-api: reachable from events-api");
    }

    @Test
    void onlyOurWorkloadsReachTheEngines() {
        assertThat(ChartChecks.onlyOurWorkloadsReachTheEngines(chart)).isEmpty();
        assertThat(ChartChecks.onlyOurWorkloadsReachTheEngines(
                        RenderedChart.render(Map.of("networkPolicy.enabled", false))))
                .contains("kafka: reachable from a workload that is not ours");
        // Opening the engines to the monitoring namespace must not open them to anyone else.
        assertThat(ChartChecks.onlyOurWorkloadsReachTheEngines(
                        RenderedChart.render(Map.of("networkPolicy.monitoringNamespace", "monitoring"))))
                .isEmpty();
    }

    @Test
    void kafkaKeepsThreeReplicasAndNeedsTwoInSync() {
        assertThat(ChartChecks.kafkaIsReplicated(chart)).isEmpty();
        assertThat(ChartChecks.kafkaIsReplicated(RenderedChart.render(Map.of("kafka.minInsyncReplicas", 1))))
                .contains("Kafka min.insync.replicas is 1, expected 2");
    }

    @Test
    void warehouseWritesGoToThePrimaryAndQueriesToTheReplicas() {
        assertThat(ChartChecks.warehouseWritesGoToThePrimary(chart, "insights-warehouse", true))
                .isEmpty();
        assertThat(ChartChecks.warehouseWritesGoToThePrimary(
                        RenderedChart.render(Map.of("insightsApi.readFromReplicas", false)),
                        "insights-warehouse",
                        false))
                .isEmpty();

        // Broken: the registry pointed at the replicas, as the chart had it before (PUT /v1/merchants failed).
        RenderedChart broken = RenderedChart.render(Map.of());
        broken.containerEnv("insights-api").stream()
                .filter(e -> e.getName().equals("INSIGHTS_JDBC_WRITE_URL"))
                .forEach(e -> e.setValue(e.getValue().replace("-rw:", "-ro:")));
        assertThat(ChartChecks.warehouseWritesGoToThePrimary(broken, "insights-warehouse", true))
                .containsExactly(
                        "insights-api INSIGHTS_JDBC_WRITE_URL is"
                                + " jdbc:postgresql://insights-warehouse-ro:5432/insights, expected the host insights-warehouse-rw");
    }

    @Test
    void theWarehouseAndTheRawStoreAreBackedUpOnASchedule() {
        assertThat(ChartChecks.backupsAreScheduled(chart, "dc1")).isEmpty();
        assertThat(ChartChecks.backupsAreScheduled(
                        RenderedChart.render(Map.of("cassandra.medusa.schedule.enabled", false)), "dc1"))
                .containsExactly("expected one MedusaBackupSchedule of the raw store, found 0");
    }

    @Test
    void theSparkJobsReachTheObjectStoreWithTheCredentialsTheValuesName() {
        RenderedChart keys = RenderedChart.render(Map.of("spark.objectStore.credentialsSecret", "archive-keys"));
        for (Map<String, Object> spec : sparkSpecs(keys)) {
            for (String role : List.of("driver", "executor")) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> env =
                        (List<Map<String, Object>>) ((Map<String, Object>) spec.get(role)).get("env");
                assertThat(env)
                        .as(role)
                        .anySatisfy(e -> {
                            assertThat(e.get("name")).isEqualTo("AWS_ACCESS_KEY_ID");
                            assertThat(e.toString()).contains("name=archive-keys", "key=access-key-id");
                        })
                        .anySatisfy(e -> assertThat(e.get("name")).isEqualTo("AWS_SECRET_ACCESS_KEY"));
            }
        }
        RenderedChart identity = RenderedChart.render(
                Map.of("spark.objectStore.webIdentity", true, "spark.objectStore.endpoint", "http://minio.minio:9000"));
        for (Map<String, Object> spec : sparkSpecs(identity)) {
            assertThat(spec.get("sparkConf"))
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry(
                            "spark.hadoop.fs.s3a.aws.credentials.provider",
                            "com.amazonaws.auth.WebIdentityTokenCredentialsProvider")
                    .containsEntry("spark.hadoop.fs.s3a.endpoint", "http://minio.minio:9000")
                    .containsEntry("spark.hadoop.fs.s3a.path.style.access", "true");
        }
        for (Map<String, Object> spec : sparkSpecs(chart)) {
            assertThat(spec).as("no keys, no identity named by default").doesNotContainKey("sparkConf");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> sparkSpecs(RenderedChart rendered) {
        List<Map<String, Object>> specs = new java.util.ArrayList<>();
        rendered.custom("SparkApplication")
                .forEach(a -> specs.add(
                        (Map<String, Object>) a.getAdditionalProperties().get("spec")));
        rendered.custom("ScheduledSparkApplication")
                .forEach(a -> specs.add((Map<String, Object>)
                        ((Map<String, Object>) a.getAdditionalProperties().get("spec")).get("template")));
        assertThat(specs).hasSize(2);
        return specs;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theStreamsMetricsAreServedAnnotatedAndReachableFromMonitoringOnly() {
        Map<String, Object> spec = (Map<String, Object>) chart.custom("SparkApplication").stream()
                .filter(a -> a.getMetadata().getName().endsWith("stream-processor"))
                .findFirst()
                .orElseThrow()
                .getAdditionalProperties()
                .get("spec");
        assertThat((List<String>) spec.get("arguments")).contains("--metrics-port=9090");
        Map<String, Object> driver = (Map<String, Object>) spec.get("driver");
        assertThat((Map<String, Object>) driver.get("annotations"))
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", "9090")
                .containsEntry("prometheus.io/path", "/metrics");
        assertThat((List<Map<String, Object>>) driver.get("ports"))
                .anySatisfy(port ->
                        assertThat(port).containsEntry("name", "metrics").containsEntry("containerPort", 9090));

        var sparkPolicy = RenderedChart.render(Map.of("networkPolicy.monitoringNamespace", "monitoring"))
                .all(io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class)
                .stream()
                .filter(p -> p.getMetadata().getName().endsWith("-stream-processor-pods"))
                .findFirst()
                .orElseThrow();
        assertThat(sparkPolicy.getSpec().getIngress())
                .as("the job's pods among themselves, and monitoring on the metrics port only")
                .hasSize(2);
        var fromMonitoring = sparkPolicy.getSpec().getIngress().get(1);
        assertThat(fromMonitoring.getFrom().get(0).getNamespaceSelector().getMatchLabels())
                .containsEntry("kubernetes.io/metadata.name", "monitoring");
        assertThat(fromMonitoring.getPorts())
                .singleElement()
                .satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(9090));

        assertThat(chart.custom("PodMonitor"))
                .as("off by default: the CRDs may be missing")
                .isEmpty();
        assertThat(chart.custom("PrometheusRule")).isEmpty();
        RenderedChart monitored = RenderedChart.render(
                Map.of("monitoring.podMonitor.enabled", true, "monitoring.prometheusRule.enabled", true));
        assertThat(monitored.custom("PodMonitor")).hasSize(1);
        String rules = monitored
                .custom("PrometheusRule")
                .get(0)
                .getAdditionalProperties()
                .toString();
        assertThat(rules)
                .contains(
                        "IngestErrorBudgetBurnFast",
                        "StreamLagGrowing",
                        "insights_stream_consumer_lag_records",
                        "BackendUnavailable",
                        "ApiKeysSnapshotStale");
    }

    @Test
    void deadLettersAreKeptAsLongAsRawEvents() {
        assertThat(ChartChecks.deadLettersKeptAsLongAsRawEvents(chart)).isEmpty();
        assertThat(ChartChecks.deadLettersKeptAsLongAsRawEvents(
                        RenderedChart.render(Map.of("kafka.topics.deadLetters.retentionHours", 720))))
                .anySatisfy(v -> assertThat(v).contains("less than 90 days"));
    }

    @Test
    void cassandraKeepsThreeReplicas() {
        assertThat(ChartChecks.cassandraIsReplicated(chart)).isEmpty();
        assertThat(ChartChecks.cassandraIsReplicated(RenderedChart.render(Map.of("cassandra.replicationFactor", 1))))
                .anySatisfy(v -> assertThat(v).contains("not replicated 3 times"));
    }

    @Test
    void theSparkJobsRunThroughSparkOperatorOnTheImageFromValues() {
        GenericKubernetesResource stream = chart.custom("SparkApplication").get(0);
        GenericKubernetesResource etl =
                chart.custom("ScheduledSparkApplication").get(0);
        assertThat(stream.getApiVersion()).isEqualTo("sparkoperator.k8s.io/v1beta2");
        assertThat(etl.getApiVersion()).isEqualTo("sparkoperator.k8s.io/v1beta2");
        assertThat(stream.getAdditionalProperties().get("spec").toString())
                .contains(
                        "image=registry.example.com/merchant-insights/spark-jobs:0.1.0-SNAPSHOT", "sparkVersion=3.5.4");
        assertThat(RenderedChart.render(Map.of("images.registry", "registry.internal/mi"))
                        .deployment("gateway")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo("registry.internal/mi/gateway:0.1.0-SNAPSHOT");
    }

    @Test
    void everySparkMainClassTheChartNamesExistsAndTheStreamKeepsItsCheckpointOnAVolume() {
        List<GenericKubernetesResource> jobs = new java.util.ArrayList<>(chart.custom("SparkApplication"));
        for (GenericKubernetesResource scheduled : chart.custom("ScheduledSparkApplication")) {
            jobs.add(new GenericKubernetesResource());
            jobs.get(jobs.size() - 1)
                    .setAdditionalProperties(Map.of(
                            "spec",
                            ((Map<?, ?>) scheduled.getAdditionalProperties().get("spec")).get("template")));
        }
        jobs.add(chart.adminActTemplate());
        assertThat(jobs).hasSize(3);
        for (GenericKubernetesResource job : jobs) {
            Map<?, ?> spec = (Map<?, ?>) job.getAdditionalProperties().get("spec");
            String mainClass = (String) spec.get("mainClass");
            java.nio.file.Path source = RenderedChart.CHART
                    .resolve("../../../spark-jobs/src/main/java")
                    .resolve(mainClass.replace('.', '/') + ".java")
                    .normalize();
            assertThat(source).as("main class " + mainClass).exists();
        }
        Map<?, ?> stream = (Map<?, ?>) chart.custom("SparkApplication")
                .get(0)
                .getAdditionalProperties()
                .get("spec");
        assertThat(stream.get("arguments").toString())
                .contains(
                        "--checkpoint-dir=/checkpoints",
                        "--raw-shards=3600",
                        "--identity-buckets=100000",
                        "--identity-window=P7D",
                        "--stream-tasks=48",
                        "--feed-dir=s3a://insights-archive/feed");
        Map<?, ?> etl = (Map<?, ?>) ((Map<?, ?>) chart.custom("ScheduledSparkApplication")
                        .get(0)
                        .getAdditionalProperties()
                        .get("spec"))
                .get("template");
        assertThat(etl.get("arguments").toString())
                .as("the ETL reads the feed the stream writes (decision 0027)")
                .contains("--feed-dir=s3a://insights-archive/feed");
        assertThat(stream.get("driver").toString()).contains("mountPath=/checkpoints");
        assertThat(stream.get("volumes").toString()).contains("claimName=mi-stream-checkpoints");
    }

    @Test
    void theGatewaySharesItsRateLimitAndKnowsItsBackends() {
        var env = env("gateway");
        assertThat(env).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("INSIGHTS_RATE_LIMIT_STORE");
            assertThat(e.getValue()).isEqualTo("postgresql");
        });
        assertThat(env).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("INSIGHTS_EVENTS_API_URLS");
            assertThat(e.getValue()).isEqualTo("http://mi-events-api:8080");
        });
    }

    @Test
    void onlyTheGatewayHoldsTheIdentitySigningKeyAndTheBackendsItsPublicKeys() {
        var gateway = env("gateway");
        assertThat(gateway).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("INSIGHTS_IDENTITY_SIGNING_KEY");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("merchant-insights-secrets");
            assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("identity-signing-key");
        });
        for (String backend : List.of("events-api", "insights-api")) {
            var env = env(backend);
            assertThat(env).as(backend).anySatisfy(e -> {
                assertThat(e.getName()).isEqualTo("INSIGHTS_IDENTITY_VERIFICATION_KEYS");
                assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("identity-verification-keys");
            });
            assertThat(env)
                    .as("a backend that could sign could mint any identity")
                    .noneSatisfy(e -> assertThat(
                                    e.getValueFrom() == null
                                            ? null
                                            : e.getValueFrom().getSecretKeyRef().getKey())
                            .isEqualTo("identity-signing-key"));
        }
    }

    @Test
    void theGatewayTerminatesTlsWhenGivenACertificateAndSpeaksPlainHttpOnlyWhenTold() {
        var plain = env("gateway");
        assertThat(plain).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("INSIGHTS_HTTP_ONLY");
            assertThat(e.getValue()).isEqualTo("true");
        });

        var tls = RenderedChart.render(Map.of("gateway.tls.secretName", "gateway-tls"))
                .deployment("gateway")
                .getSpec()
                .getTemplate()
                .getSpec();
        var container = tls.getContainers().get(0);
        assertThat(container.getEnv())
                .noneSatisfy(e -> assertThat(e.getName()).isEqualTo("INSIGHTS_HTTP_ONLY"))
                .anySatisfy(e -> {
                    assertThat(e.getName()).isEqualTo("INSIGHTS_TLS_CERT_FILE");
                    assertThat(e.getValue()).isEqualTo("/etc/merchant-insights/tls/tls.crt");
                })
                .anySatisfy(e -> {
                    assertThat(e.getName()).isEqualTo("INSIGHTS_TLS_KEY_FILE");
                    assertThat(e.getValue()).isEqualTo("/etc/merchant-insights/tls/tls.key");
                });
        assertThat(tls.getVolumes())
                .filteredOn(v -> v.getSecret() != null)
                .anySatisfy(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("gateway-tls"));
        assertThat(container.getVolumeMounts())
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/etc/merchant-insights/tls"));
        assertThat(container.getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
        assertThat(container.getLivenessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
        assertThat(container.getStartupProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
    }

    @Test
    void everyWarehouseUrlCarriesTheJdbcTlsParameters() {
        var rendered = RenderedChart.render(Map.of("postgresql.jdbcParameters", "sslmode=require"));
        for (String service : List.of("gateway", "insights-api")) {
            assertThat(rendered.containerEnv(service)).as(service).anySatisfy(e -> {
                assertThat(e.getName()).isEqualTo("INSIGHTS_JDBC_URL");
                assertThat(e.getValue()).endsWith("/insights?sslmode=require");
            });
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyWorkloadLogsInToEachEngineWithTheCredentialsItsOperatorWroteAndNoneAsSuperuser() {
        assertThat(ChartChecks.engineLoginsComeFromTheOperatorsSecrets(chart)).isEmpty();

        // Broken: the stream's driver back on K8ssandra's superuser (as the chart had it), the events API without
        // its KafkaUser's login.
        RenderedChart broken = RenderedChart.render(Map.of());
        Map<String, Object> driver = (Map<String, Object>) ((Map<String, Object>) broken.custom("SparkApplication")
                        .get(0)
                        .getAdditionalProperties()
                        .get("spec"))
                .get("driver");
        for (Object variable : (List<Object>) driver.get("env")) {
            Map<String, Object> env = (Map<String, Object>) variable;
            if ("INSIGHTS_CASSANDRA_PASSWORD".equals(env.get("name"))) {
                env.put(
                        "valueFrom",
                        Map.of("secretKeyRef", Map.of("name", "insights-cassandra-superuser", "key", "password")));
            }
        }
        broken.containerEnv("events-api").removeIf(e -> e.getName().equals("INSIGHTS_KAFKA_SASL_JAAS_CONFIG"));
        assertThat(ChartChecks.engineLoginsComeFromTheOperatorsSecrets(broken))
                .containsExactlyInAnyOrder(
                        "stream-processor driver logs in as a superuser: INSIGHTS_CASSANDRA_PASSWORD from"
                                + " insights-cassandra-superuser:password",
                        "events-api takes its Kafka login from null, expected the KafkaUser insights-kafka-events-api");
    }

    @Test
    void theOperationsServiceMayRunSparkApplicationsAndNothingElse() {
        assertThat(ChartChecks.opsApiRunsSparkApplicationsOnly(chart)).isEmpty();

        RenderedChart secrets = RenderedChart.withDefaults();
        secrets.all(io.fabric8.kubernetes.api.model.rbac.Role.class)
                .get(0)
                .getRules()
                .get(0)
                .getResources()
                .add("secrets");
        assertThat(ChartChecks.opsApiRunsSparkApplicationsOnly(secrets))
                .containsExactly("the Role mi-ops-api-spark-applications grants [sparkapplications, secrets] of"
                        + " [sparkoperator.k8s.io]: only sparkoperator.k8s.io/sparkapplications");

        RenderedChart escalate = RenderedChart.withDefaults();
        escalate.all(io.fabric8.kubernetes.api.model.rbac.Role.class)
                .get(0)
                .getRules()
                .get(0)
                .getVerbs()
                .add("escalate");
        assertThat(ChartChecks.opsApiRunsSparkApplicationsOnly(escalate))
                .containsExactly("the Role mi-ops-api-spark-applications grants the verb escalate");

        RenderedChart defaultAccount = RenderedChart.withDefaults();
        defaultAccount.deployment("ops-api").getSpec().getTemplate().getSpec().setServiceAccountName(null);
        defaultAccount.deployment("gateway").getSpec().getTemplate().getSpec().setAutomountServiceAccountToken(null);
        assertThat(ChartChecks.opsApiRunsSparkApplicationsOnly(defaultAccount))
                .containsExactlyInAnyOrder(
                        "mi-ops-api runs as null, not mi-ops-api",
                        "mi-gateway mounts a Kubernetes API token it has no use for");

        RenderedChart restarting = RenderedChart.withDefaults();
        restarting.all(io.fabric8.kubernetes.api.model.ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals("mi-admin-act"))
                .forEach(c -> c.getData()
                        .replaceAll((key, text) -> text.replace("type: Never", "type: OnFailure")
                                .replace("sparkjobs.AdminActJob", "sparkjobs.CubeEtlJob")));
        assertThat(ChartChecks.opsApiRunsSparkApplicationsOnly(restarting))
                .containsExactlyInAnyOrder(
                        "the admin-act template is a SparkApplication running com.merchantinsights.sparkjobs.CubeEtlJob,"
                                + " not a SparkApplication running AdminActJob",
                        "the admin-act template restarts: an act runs once, its operation says how it went");

        RenderedChart elsewhere = RenderedChart.withDefaults();
        elsewhere.containerEnv("ops-api").stream()
                .filter(e -> e.getName().equals("INSIGHTS_SPARK_JOB_TEMPLATE"))
                .forEach(e -> e.setValue("/etc/elsewhere/sparkapplication.yaml"));
        assertThat(ChartChecks.opsApiRunsSparkApplicationsOnly(elsewhere))
                .containsExactly("ops-api's INSIGHTS_SPARK_JOB_TEMPLATE (/etc/elsewhere/sparkapplication.yaml) is not"
                        + " the admin-act ConfigMap's template as mounted");
    }

    @Test
    void theWarehouseIsMigratedAndTheFirstAdminKeyMadeByHooksWithTheLeastRights() {
        assertThat(ChartChecks.installTasksAreHooksWithTheLeastRights(chart)).isEmpty();

        RenderedChart reader = RenderedChart.withDefaults();
        reader.all(io.fabric8.kubernetes.api.model.rbac.Role.class).stream()
                .filter(role -> role.getMetadata().getName().equals("mi-bootstrap-admin"))
                .forEach(role -> role.getRules().get(0).getVerbs().add("get"));
        reader.all(io.fabric8.kubernetes.api.model.batch.v1.Job.class).stream()
                .filter(job -> job.getMetadata().getName().equals("mi-warehouse-migrate"))
                .forEach(job -> job.getMetadata().getAnnotations().put("helm.sh/hook", "post-install"));
        assertThat(ChartChecks.installTasksAreHooksWithTheLeastRights(reader))
                .containsExactlyInAnyOrder(
                        "mi-warehouse-migrate runs on post-install, expected post-install,pre-upgrade",
                        "the Role mi-bootstrap-admin grants [create, get] on [secrets]: the first key's Job may"
                                + " create Secrets only");

        assertThat(ChartChecks.installTasksAreHooksWithTheLeastRights(
                        RenderedChart.render(Map.of("installTasks.firstAdminKeySecret", ""))))
                .containsExactly("no Job mi-bootstrap-admin");
    }

    @Test
    void theGatewayRoutesAdminRequestsToTheOperationsServicesOwnService() {
        assertThat(chart.containerEnv("gateway")).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("INSIGHTS_OPS_API_URLS");
            assertThat(e.getValue()).isEqualTo("http://mi-ops-api:8080");
        });
        assertThat(chart.all(io.fabric8.kubernetes.api.model.Service.class))
                .extracting(service -> service.getMetadata().getName())
                .contains("mi-ops-api");
        assertThat(chart.containerEnv("ops-api"))
                .extracting(io.fabric8.kubernetes.api.model.EnvVar::getName)
                .as("no driver control port in a cluster (decision 0051)")
                .doesNotContain("INSIGHTS_DRIVER_CONTROL_URL");
    }

    @Test
    void theSchemaJobAppliesTheRawStoresTablesAndMakesTheApplicationRole() throws Exception {
        var configMap = chart.all(io.fabric8.kubernetes.api.model.ConfigMap.class).stream()
                .filter(cm -> cm.getMetadata().getName().endsWith("cassandra-keyspace"))
                .findFirst()
                .orElseThrow();
        String source = java.nio.file.Files.readString(
                RenderedChart.CHART.resolve("../../../core/src/main/resources/schema/cassandra.cql"));
        assertThat(configMap.getData().get("tables.cql"))
                .as("the chart's copy of core's schema (deploy/helm/merchant-insights/files/cassandra.cql)")
                .isEqualTo(source);
        assertThat(configMap.getData().get("schema.sh"))
                .contains("-f /cql/keyspace.cql", "-f /cql/tables.cql")
                .contains("CREATE ROLE IF NOT EXISTS insights_app", "SUPERUSER = false")
                .contains("GRANT SELECT ON KEYSPACE insights TO insights_app")
                .contains("GRANT MODIFY ON KEYSPACE insights TO insights_app");
    }

    @Test
    void bothSparkApplicationsTakeTheSparkSettingsForTlsToCassandra() {
        var rendered = RenderedChart.render(Map.of(
                "spark.sparkConf.spark\\.cassandra\\.connection\\.ssl\\.enabled", "true",
                "spark.sparkConf.spark\\.cassandra\\.connection\\.ssl\\.trustStore\\.path",
                        "/etc/cassandra-tls/truststore.jks"));
        Map<?, ?> stream = (Map<?, ?>) rendered.custom("SparkApplication")
                .get(0)
                .getAdditionalProperties()
                .get("spec");
        Map<?, ?> etl = (Map<?, ?>) ((Map<?, ?>) rendered.custom("ScheduledSparkApplication")
                        .get(0)
                        .getAdditionalProperties()
                        .get("spec"))
                .get("template");
        for (Map<?, ?> application : List.of(stream, etl)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> sparkConf = (Map<String, Object>) application.get("sparkConf");
            assertThat(sparkConf)
                    .containsEntry("spark.cassandra.connection.ssl.enabled", "true")
                    .containsEntry(
                            "spark.cassandra.connection.ssl.trustStore.path", "/etc/cassandra-tls/truststore.jks");
        }
        assertThat(((Map<?, ?>) chart.custom("SparkApplication")
                                .get(0)
                                .getAdditionalProperties()
                                .get("spec"))
                        .containsKey("sparkConf"))
                .as("none by default")
                .isFalse();
    }

    private static java.util.List<io.fabric8.kubernetes.api.model.EnvVar> env(String deployment) {
        return chart.containerEnv(deployment);
    }
}
