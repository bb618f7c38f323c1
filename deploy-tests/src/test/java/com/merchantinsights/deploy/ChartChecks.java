package com.merchantinsights.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the chart must guarantee, each check returning the violations it finds (empty: holds). Tests assert the
 * defaults pass and that a broken values override is caught, so that no check passes by construction.
 */
final class ChartChecks {
    static final List<String> SERVICES = List.of("gateway", "events-api", "insights-api", "ops-api");
    static final List<String> BACKENDS = List.of("events-api", "insights-api", "ops-api");

    private ChartChecks() {}

    /** Probes on the real health endpoints, requests and a memory limit, a zero-downtime rollout, preStop. */
    static List<String> deploymentsAreProductionReady(RenderedChart chart) {
        List<String> violations = new ArrayList<>();
        for (String service : SERVICES) {
            Deployment deployment = chart.deployment(service);
            var spec = deployment.getSpec();
            if (!Integer.valueOf(0)
                    .equals(spec.getStrategy()
                            .getRollingUpdate()
                            .getMaxUnavailable()
                            .getIntVal())) {
                violations.add(service + ": rolling update may take pods down before new ones are ready");
            }
            for (Container c : spec.getTemplate().getSpec().getContainers()) {
                if (c.getReadinessProbe() == null
                        || !"/health/ready"
                                .equals(c.getReadinessProbe().getHttpGet().getPath())) {
                    violations.add(service + ": no readiness probe on /health/ready");
                }
                if (c.getReadinessProbe() != null
                        && (c.getReadinessProbe().getFailureThreshold() == null
                                || c.getReadinessProbe().getFailureThreshold() < 2)) {
                    violations.add(service + ": readiness fails on one missed probe");
                }
                if (c.getLivenessProbe() == null
                        || !"/health/live"
                                .equals(c.getLivenessProbe().getHttpGet().getPath())) {
                    violations.add(service + ": no liveness probe on /health/live");
                }
                if (c.getStartupProbe() == null) {
                    violations.add(service + ": no startup probe");
                }
                var resources = c.getResources();
                if (resources == null
                        || resources.getRequests() == null
                        || !resources.getRequests().containsKey("cpu")
                        || !resources.getRequests().containsKey("memory")
                        || resources.getLimits() == null
                        || !resources.getLimits().containsKey("memory")) {
                    violations.add(service + ": cpu/memory requests and a memory limit are required");
                }
                if (c.getLifecycle() == null || c.getLifecycle().getPreStop() == null) {
                    violations.add(service + ": no preStop hook");
                }
            }
            Long grace = spec.getTemplate().getSpec().getTerminationGracePeriodSeconds();
            // preStop (10) + drain (5) + the service's graceful stop (20 s, ServiceApp.SHUTDOWN_GRACE)
            if (grace == null || grace < 35) {
                violations.add(service + ": terminationGracePeriodSeconds " + grace
                        + " is shorter than preStop + drain + 20 s");
            }
            if (spec.getTemplate().getSpec().getTopologySpreadConstraints() == null
                    || spec.getTemplate()
                            .getSpec()
                            .getTopologySpreadConstraints()
                            .isEmpty()) {
                violations.add(service + ": no topology spread");
            }
        }
        return violations;
    }

    /** Every Deployment has a PDB and an HPA that select it; services run at least 2 replicas. */
    static List<String> deploymentsSurviveDisruptions(RenderedChart chart) {
        List<String> violations = new ArrayList<>();
        for (String service : SERVICES) {
            Deployment deployment = chart.deployment(service);
            Map<String, String> podLabels = chart.podLabels(service);
            boolean hasPdb = chart.all(PodDisruptionBudget.class).stream()
                    .anyMatch(pdb -> selects(pdb.getSpec().getSelector().getMatchLabels(), podLabels));
            if (!hasPdb) {
                violations.add(service + ": no PodDisruptionBudget selects its pods");
            }
            boolean hasHpa = chart.all(HorizontalPodAutoscaler.class).stream()
                    .anyMatch(hpa -> hpa.getSpec()
                                    .getScaleTargetRef()
                                    .getName()
                                    .equals(deployment.getMetadata().getName())
                            && hpa.getSpec().getMinReplicas() >= 2);
            if (!hasHpa) {
                violations.add(service + ": no autoscaler with at least 2 replicas");
            }
            if (deployment.getSpec().getReplicas() == null
                    || deployment.getSpec().getReplicas() < 2) {
                violations.add(service + ": fewer than 2 replicas");
            }
        }
        return violations;
    }

    /** Only the gateway reaches the backends; only our workloads (and the engine's own pods) reach the engines. */
    static List<String> onlyTheGatewayReachesTheBackends(RenderedChart chart) {
        NetworkReachability network = new NetworkReachability(chart.all(NetworkPolicy.class), "insights");
        List<String> violations = new ArrayList<>();
        Map<String, NetworkReachability.Pod> strangers = Map.of(
                "a pod of another app", new NetworkReachability.Pod(Map.of("app", "other"), "insights"),
                "a pod of another namespace", new NetworkReachability.Pod(Map.of(), "elsewhere"),
                "the stream processor",
                        new NetworkReachability.Pod(
                                Map.of(
                                        "app.kubernetes.io/part-of",
                                        "merchant-insights",
                                        "app.kubernetes.io/instance",
                                        RenderedChart.RELEASE,
                                        "app.kubernetes.io/component",
                                        "stream-processor"),
                                "insights"));
        NetworkReachability.Pod gateway = new NetworkReachability.Pod(chart.podLabels("gateway"), "insights");
        for (String backend : BACKENDS) {
            Map<String, String> target = chart.podLabels(backend);
            if (!network.reachable(target, gateway)) {
                violations.add(backend + ": the gateway cannot reach it");
            }
            strangers.forEach((name, pod) -> {
                if (network.reachable(target, pod)) {
                    violations.add(backend + ": reachable from " + name);
                }
            });
            for (String other : BACKENDS) {
                if (network.reachable(target, new NetworkReachability.Pod(chart.podLabels(other), "insights"))) {
                    violations.add(backend + ": reachable from " + other);
                }
            }
        }
        return violations;
    }

    static List<String> onlyOurWorkloadsReachTheEngines(RenderedChart chart) {
        NetworkReachability network = new NetworkReachability(chart.all(NetworkPolicy.class), "insights");
        List<String> violations = new ArrayList<>();
        Map<String, Map<String, String>> engines = Map.of(
                "kafka", Map.of("strimzi.io/cluster", "insights-kafka", "strimzi.io/kind", "Kafka"),
                "cassandra", Map.of("cassandra.datastax.com/cluster", "insights-cassandra"),
                "postgresql", Map.of("cnpg.io/cluster", "insights-warehouse"));
        NetworkReachability.Pod stranger = new NetworkReachability.Pod(Map.of("app", "other"), "insights");
        NetworkReachability.Pod otherNamespace =
                new NetworkReachability.Pod(Map.of("app.kubernetes.io/part-of", "merchant-insights"), "elsewhere");
        engines.forEach((engine, labels) -> {
            if (network.reachable(labels, stranger) || network.reachable(labels, otherNamespace)) {
                violations.add(engine + ": reachable from a workload that is not ours");
            }
            for (String service : SERVICES) {
                if (!network.reachable(labels, new NetworkReachability.Pod(chart.podLabels(service), "insights"))) {
                    violations.add(engine + ": " + service + " cannot reach it");
                }
            }
        });
        return violations;
    }

    /** Kafka: 3 brokers, replication factor 3 and min.insync.replicas 2 for the cluster and every topic. */
    static List<String> kafkaIsReplicated(RenderedChart chart) {
        List<String> violations = new ArrayList<>();
        GenericKubernetesResource kafka = single(chart, "Kafka");
        Map<String, Object> config = path(kafka, "spec", "kafka", "config");
        expect(violations, "Kafka default.replication.factor", config.get("default.replication.factor"), 3);
        expect(violations, "Kafka min.insync.replicas", config.get("min.insync.replicas"), 2);
        expect(
                violations,
                "KafkaNodePool replicas",
                path(single(chart, "KafkaNodePool"), "spec").get("replicas"),
                3);
        for (GenericKubernetesResource topic : chart.custom("KafkaTopic")) {
            Map<String, Object> spec = path(topic, "spec");
            expect(violations, topic.getMetadata().getName() + " replicas", spec.get("replicas"), 3);
            expect(
                    violations,
                    topic.getMetadata().getName() + " min.insync.replicas",
                    path(topic, "spec", "config").get("min.insync.replicas"),
                    2);
        }
        if (chart.custom("KafkaTopic").size() < 2) {
            violations.add("the events and dead-letter topics must both be declared");
        }
        return violations;
    }

    /**
     * Whatever writes the warehouse does it through the primary (CloudNativePG's {@code -rw} service): the gateway (keys,
     * shared rate limits) and the insights API's merchant registry ({@code INSIGHTS_JDBC_WRITE_URL}); the insights
     * API's queries read from the replicas ({@code -ro}) when {@code insightsApi.readFromReplicas}. A replica refuses
     * writes: a registration through it fails.
     */
    static List<String> warehouseWritesGoToThePrimary(RenderedChart chart, String cluster, boolean readFromReplicas) {
        List<String> violations = new ArrayList<>();
        Map<String, String> gateway = env(chart, "gateway");
        Map<String, String> insights = env(chart, "insights-api");
        String primary = "//" + cluster + "-rw:";
        expectHost(violations, "gateway INSIGHTS_JDBC_URL", gateway.get("INSIGHTS_JDBC_URL"), primary);
        expectHost(
                violations, "insights-api INSIGHTS_JDBC_WRITE_URL", insights.get("INSIGHTS_JDBC_WRITE_URL"), primary);
        expectHost(
                violations, "ops-api INSIGHTS_JDBC_URL", env(chart, "ops-api").get("INSIGHTS_JDBC_URL"), primary);
        expectHost(
                violations,
                "insights-api INSIGHTS_JDBC_URL",
                insights.get("INSIGHTS_JDBC_URL"),
                readFromReplicas ? "//" + cluster + "-ro:" : primary);
        return violations;
    }

    private static void expectHost(List<String> violations, String what, String url, String host) {
        if (url == null || !url.contains(host)) {
            violations.add(what + " is " + url + ", expected the host "
                    + host.replace("//", "").replace(":", ""));
        }
    }

    private static Map<String, String> env(RenderedChart chart, String deployment) {
        Map<String, String> env = new java.util.HashMap<>();
        chart.containerEnv(deployment).forEach(e -> env.put(e.getName(), e.getValue()));
        return env;
    }

    /**
     * The dead-letter topic keeps its letters 90 days, as long as the raw store keeps events (Topics.DEAD_LETTER_RETENTION,
     * docs/segment.md): a letter must outlive the fix that lets it be re-driven.
     */
    static List<String> deadLettersKeptAsLongAsRawEvents(RenderedChart chart) {
        List<String> violations = new ArrayList<>();
        long ninetyDays = java.time.Duration.ofDays(90).toMillis();
        boolean found = false;
        for (GenericKubernetesResource topic : chart.custom("KafkaTopic")) {
            if (!"insights.dead-letters.v1".equals(path(topic, "spec").get("topicName"))) {
                continue;
            }
            found = true;
            Object retention = path(topic, "spec", "config").get("retention.ms");
            if (retention == null || Long.parseLong(retention.toString()) < ninetyDays) {
                violations.add("the dead-letter topic keeps letters " + retention + " ms, less than 90 days ("
                        + ninetyDays + " ms)");
            }
        }
        if (!found) {
            violations.add("no dead-letter topic");
        }
        return violations;
    }

    /**
     * Both stores of record are backed up on a schedule: the warehouse by CloudNativePG's ScheduledBackup, the raw store
     * by a MedusaBackupSchedule of the chart's data center, with a retention.
     */
    static List<String> backupsAreScheduled(RenderedChart chart, String datacenter) {
        List<String> violations = new ArrayList<>();
        if (chart.custom("ScheduledBackup").isEmpty()) {
            violations.add("no ScheduledBackup of the warehouse");
        }
        List<GenericKubernetesResource> medusa = chart.custom("MedusaBackupSchedule");
        if (medusa.size() != 1) {
            violations.add("expected one MedusaBackupSchedule of the raw store, found " + medusa.size());
        } else {
            Map<String, Object> spec = path(medusa.get(0), "spec");
            if (spec.get("cronSchedule") == null
                    || spec.get("cronSchedule").toString().isBlank()) {
                violations.add("the MedusaBackupSchedule has no cronSchedule");
            }
            Object backedUp = path(medusa.get(0), "spec", "backupSpec").get("cassandraDatacenter");
            if (!datacenter.equals(backedUp)) {
                violations.add("the MedusaBackupSchedule backs up " + backedUp + ", not the data center " + datacenter);
            }
        }
        return violations;
    }

    /** Cassandra: 3 nodes, and the keyspace replicated 3 times in the data center. */
    static List<String> cassandraIsReplicated(RenderedChart chart) {
        List<String> violations = new ArrayList<>();
        GenericKubernetesResource cluster = single(chart, "K8ssandraCluster");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> datacenters =
                (List<Map<String, Object>>) path(cluster, "spec", "cassandra").get("datacenters");
        expect(violations, "Cassandra nodes", datacenters.get(0).get("size"), 3);
        String keyspace = chart.all(io.fabric8.kubernetes.api.model.ConfigMap.class).stream()
                .filter(cm -> cm.getMetadata().getName().endsWith("cassandra-keyspace"))
                .map(cm -> cm.getData().get("keyspace.cql"))
                .findFirst()
                .orElse("");
        if (!keyspace.replaceAll("\\s+", " ").contains("'NetworkTopologyStrategy', 'dc1': 3}")) {
            violations.add("the insights keyspace is not replicated 3 times: " + keyspace.strip());
        }
        return violations;
    }

    /**
     * Every workload logs in to each engine with the credentials its operator wrote (decision 0049), never as a
     * superuser: PostgreSQL as the database owner from CloudNativePG's {@code <cluster>-app} Secret; Kafka as its own
     * KafkaUser (SCRAM, the listener asks for it, ACLs on the chart's topics only); Cassandra as the application role,
     * the superuser's Secret left to the schema Job that makes that role.
     */
    @SuppressWarnings("unchecked")
    static List<String> engineLoginsComeFromTheOperatorsSecrets(RenderedChart chart) {
        List<String> violations = new ArrayList<>();
        String kafka = single(chart, "Kafka").getMetadata().getName();
        String warehouse = single(chart, "Cluster").getMetadata().getName();
        Map<String, Object> initdb = path(single(chart, "Cluster"), "spec", "bootstrap", "initdb");
        if (initdb.containsKey("secret")) {
            violations.add("the warehouse's owner password is taken from " + initdb.get("secret")
                    + " instead of being made by CloudNativePG into " + warehouse + "-app");
        }
        Map<String, Map<String, String>> workloads = new java.util.LinkedHashMap<>();
        for (String service : SERVICES) {
            workloads.put(service, secretRefs(chart.containerEnv(service)));
        }
        GenericKubernetesResource stream = single(chart, "SparkApplication");
        Map<String, Object> etl = (Map<String, Object>)
                path(single(chart, "ScheduledSparkApplication"), "spec").get("template");
        workloads.put(
                "stream-processor driver",
                secretRefs(path(stream, "spec", "driver").get("env")));
        workloads.put(
                "stream-processor executor",
                secretRefs(path(stream, "spec", "executor").get("env")));
        workloads.put("cube-etl driver", secretRefs(((Map<?, ?>) etl.get("driver")).get("env")));
        workloads.put(
                "admin-act driver",
                secretRefs(path(chart.adminActTemplate(), "spec", "driver").get("env")));
        for (Map.Entry<String, Map<String, String>> workload : workloads.entrySet()) {
            workload.getValue().forEach((variable, secret) -> {
                if (secret.substring(0, secret.indexOf(':')).endsWith("-superuser")) {
                    violations.add(workload.getKey() + " logs in as a superuser: " + variable + " from " + secret);
                }
                if (variable.startsWith("INSIGHTS_JDBC_")
                        && !secret.equals(warehouse + "-app:" + secretKey(variable))) {
                    violations.add(workload.getKey() + " takes " + variable + " from " + secret + ", expected "
                            + warehouse + "-app");
                }
            });
        }
        Map<String, String> kafkaLogins = Map.of(
                "ops-api", kafka + "-operations",
                "events-api", kafka + "-events-api",
                "stream-processor driver", kafka + "-stream-processor",
                "stream-processor executor", kafka + "-stream-processor");
        kafkaLogins.forEach((workload, user) -> {
            String secret = workloads.get(workload).get("INSIGHTS_KAFKA_SASL_JAAS_CONFIG");
            if (!(user + ":sasl.jaas.config").equals(secret)) {
                violations.add(workload + " takes its Kafka login from " + secret + ", expected the KafkaUser " + user);
            }
        });
        java.util.Set<String> topics = new java.util.HashSet<>();
        chart.custom("KafkaTopic")
                .forEach(t -> topics.add(path(t, "spec").get("topicName").toString()));
        java.util.Set<String> users = new java.util.HashSet<>();
        for (GenericKubernetesResource user : chart.custom("KafkaUser")) {
            String name = user.getMetadata().getName();
            users.add(name);
            if (!kafka.equals(user.getMetadata().getLabels().get("strimzi.io/cluster"))) {
                violations.add("the KafkaUser " + name + " is not labelled for the cluster " + kafka);
            }
            if (!"scram-sha-512".equals(path(user, "spec", "authentication").get("type"))) {
                violations.add("the KafkaUser " + name + " has no SCRAM-SHA-512 login");
            }
            for (Object rule : (List<?>) path(user, "spec", "authorization").get("acls")) {
                Map<?, ?> resource = (Map<?, ?>) ((Map<?, ?>) rule).get("resource");
                if ("topic".equals(resource.get("type")) && !topics.contains(String.valueOf(resource.get("name")))) {
                    violations.add("the KafkaUser " + name + " is granted " + resource.get("name")
                            + ", which is none of the chart's topics");
                }
            }
        }
        new java.util.TreeSet<>(kafkaLogins.values())
                .stream().filter(user -> !users.contains(user)).forEach(user -> violations.add("no KafkaUser " + user));
        Map<String, Object> kafkaSpec = path(single(chart, "Kafka"), "spec", "kafka");
        for (Object listener : (List<?>) kafkaSpec.get("listeners")) {
            Object authentication = ((Map<?, ?>) listener).get("authentication");
            if (authentication == null || !"scram-sha-512".equals(((Map<?, ?>) authentication).get("type"))) {
                violations.add("the Kafka listener " + ((Map<?, ?>) listener).get("name") + " asks for no login");
            }
        }
        Object authorization = kafkaSpec.get("authorization");
        if (authorization == null || !"simple".equals(((Map<?, ?>) authorization).get("type"))) {
            violations.add("Kafka enforces no ACLs (spec.kafka.authorization)");
        }
        if (!path(single(chart, "Kafka"), "spec", "entityOperator").containsKey("userOperator")) {
            violations.add("no User Operator writes the KafkaUsers' Secrets");
        }
        return violations;
    }

    /**
     * The operations service may run the operators' acts as SparkApplications and nothing else (decision 0052): its
     * own service account, bound to a Role on SparkApplications alone; the template it copies mounted where its
     * environment says, running AdminActJob once under the Spark service account; no other Deployment holds an API
     * token.
     */
    static List<String> opsApiRunsSparkApplicationsOnly(RenderedChart chart) {
        List<String> violations = new ArrayList<>();
        String account = RenderedChart.RELEASE + "-ops-api";
        java.util.Set<String> allowedVerbs = java.util.Set.of("create", "get", "list", "watch", "delete");
        java.util.Set<String> boundRoles = new java.util.TreeSet<>();
        for (io.fabric8.kubernetes.api.model.rbac.RoleBinding binding :
                chart.all(io.fabric8.kubernetes.api.model.rbac.RoleBinding.class)) {
            if (binding.getSubjects().stream().anyMatch(subject -> account.equals(subject.getName()))) {
                boundRoles.add(binding.getRoleRef().getKind() + "/"
                        + binding.getRoleRef().getName());
            }
        }
        if (!chart.all(io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding.class)
                .isEmpty()) {
            violations.add("the chart binds a ClusterRole: no workload needs more than its namespace");
        }
        if (boundRoles.isEmpty()) {
            violations.add("no Role is bound to the service account " + account);
        }
        for (io.fabric8.kubernetes.api.model.rbac.Role role :
                chart.all(io.fabric8.kubernetes.api.model.rbac.Role.class)) {
            if (!boundRoles.contains("Role/" + role.getMetadata().getName())) {
                continue;
            }
            for (io.fabric8.kubernetes.api.model.rbac.PolicyRule rule : role.getRules()) {
                if (!List.of("sparkoperator.k8s.io").equals(rule.getApiGroups())
                        || !List.of("sparkapplications").equals(rule.getResources())) {
                    violations.add("the Role " + role.getMetadata().getName() + " grants " + rule.getResources()
                            + " of " + rule.getApiGroups() + ": only sparkoperator.k8s.io/sparkapplications");
                }
                rule.getVerbs().stream()
                        .filter(verb -> !allowedVerbs.contains(verb))
                        .forEach(verb -> violations.add(
                                "the Role " + role.getMetadata().getName() + " grants the verb " + verb));
            }
        }
        for (io.fabric8.kubernetes.api.model.apps.Deployment deployment :
                chart.all(io.fabric8.kubernetes.api.model.apps.Deployment.class)) {
            var pod = deployment.getSpec().getTemplate().getSpec();
            String name = deployment.getMetadata().getName();
            if (name.equals(account)) {
                if (!account.equals(pod.getServiceAccountName())) {
                    violations.add(name + " runs as " + pod.getServiceAccountName() + ", not " + account);
                }
            } else if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
                violations.add(name + " mounts a Kubernetes API token it has no use for");
            }
        }
        Map<String, String> opsEnv = env(chart, "ops-api");
        String templatePath = opsEnv.get("INSIGHTS_SPARK_JOB_TEMPLATE");
        var opsPod = chart.deployment("ops-api").getSpec().getTemplate().getSpec();
        boolean mounted = opsPod.getContainers().get(0).getVolumeMounts().stream()
                .anyMatch(mount -> templatePath != null
                        && templatePath.equals(mount.getMountPath() + "/" + RenderedChart.ADMIN_ACT_TEMPLATE_KEY)
                        && opsPod.getVolumes().stream()
                                .anyMatch(volume -> volume.getName().equals(mount.getName())
                                        && volume.getConfigMap() != null
                                        && volume.getConfigMap()
                                                .getName()
                                                .equals(RenderedChart.RELEASE + "-admin-act")));
        if (!mounted) {
            violations.add("ops-api's INSIGHTS_SPARK_JOB_TEMPLATE (" + templatePath
                    + ") is not the admin-act ConfigMap's template as mounted");
        }
        GenericKubernetesResource template = chart.adminActTemplate();
        Map<String, Object> spec = path(template, "spec");
        if (!"SparkApplication".equals(template.getKind())
                || !"com.merchantinsights.sparkjobs.AdminActJob".equals(spec.get("mainClass"))) {
            violations.add("the admin-act template is a " + template.getKind() + " running " + spec.get("mainClass")
                    + ", not a SparkApplication running AdminActJob");
        }
        if (!"Never".equals(path(template, "spec", "restartPolicy").get("type"))) {
            violations.add("the admin-act template restarts: an act runs once, its operation says how it went");
        }
        return violations;
    }

    /**
     * The install hooks (decision 0052): the warehouse migrated after the install and before every upgrade, the first
     * admin key made after the install only, both on the operations service's image, on the primary, logged in with
     * CloudNativePG's {@code -app} Secret; the migration holds no API token, the key's Job may create Secrets only.
     */
    static List<String> installTasksAreHooksWithTheLeastRights(RenderedChart chart) {
        List<String> violations = new ArrayList<>();
        Map<String, String> expectedHooks = Map.of(
                RenderedChart.RELEASE + "-warehouse-migrate", "post-install,pre-upgrade",
                RenderedChart.RELEASE + "-bootstrap-admin", "post-install");
        String opsImage = chart.deployment("ops-api")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage();
        String warehouse = single(chart, "Cluster").getMetadata().getName();
        Map<String, io.fabric8.kubernetes.api.model.batch.v1.Job> jobs = new java.util.HashMap<>();
        chart.all(io.fabric8.kubernetes.api.model.batch.v1.Job.class)
                .forEach(job -> jobs.put(job.getMetadata().getName(), job));
        expectedHooks.forEach((name, hook) -> {
            var job = jobs.get(name);
            if (job == null) {
                violations.add("no Job " + name);
                return;
            }
            String annotated = job.getMetadata().getAnnotations() == null
                    ? null
                    : job.getMetadata().getAnnotations().get("helm.sh/hook");
            if (!hook.equals(annotated)) {
                violations.add(name + " runs on " + annotated + ", expected " + hook);
            }
            var pod = job.getSpec().getTemplate().getSpec();
            var container = pod.getContainers().get(0);
            if (!opsImage.equals(container.getImage())
                    || !container.getCommand().contains("com.merchantinsights.ops.OpsTasks")) {
                violations.add(name + " does not run OpsTasks on the operations service's image");
            }
            Map<String, String> refs = secretRefs(container.getEnv());
            String url = container.getEnv().stream()
                    .filter(e -> e.getName().equals("INSIGHTS_JDBC_URL"))
                    .map(io.fabric8.kubernetes.api.model.EnvVar::getValue)
                    .findFirst()
                    .orElse("");
            if (!url.contains("//" + warehouse + "-rw:")
                    || !(warehouse + "-app:password").equals(refs.get("INSIGHTS_JDBC_PASSWORD"))) {
                violations.add(name + " does not log in to the primary with " + warehouse + "-app");
            }
        });
        var migrate = jobs.get(RenderedChart.RELEASE + "-warehouse-migrate");
        if (migrate != null
                && !Boolean.FALSE.equals(
                        migrate.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())) {
            violations.add("the warehouse migration mounts a Kubernetes API token it has no use for");
        }
        String keyAccount = RenderedChart.RELEASE + "-bootstrap-admin";
        java.util.Set<String> keyRoles = new java.util.TreeSet<>();
        chart.all(io.fabric8.kubernetes.api.model.rbac.RoleBinding.class).stream()
                .filter(b -> b.getSubjects().stream().anyMatch(s -> keyAccount.equals(s.getName())))
                .forEach(b -> keyRoles.add(b.getRoleRef().getName()));
        for (io.fabric8.kubernetes.api.model.rbac.Role role :
                chart.all(io.fabric8.kubernetes.api.model.rbac.Role.class)) {
            if (!keyRoles.contains(role.getMetadata().getName())) {
                continue;
            }
            for (io.fabric8.kubernetes.api.model.rbac.PolicyRule rule : role.getRules()) {
                if (!List.of("").equals(rule.getApiGroups())
                        || !List.of("secrets").equals(rule.getResources())
                        || !List.of("create").equals(rule.getVerbs())) {
                    violations.add("the Role " + role.getMetadata().getName() + " grants " + rule.getVerbs() + " on "
                            + rule.getResources() + ": the first key's Job may create Secrets only");
                }
            }
        }
        return violations;
    }

    /** The env variables taken from Secrets, as {@code secret:key}. */
    private static Map<String, String> secretRefs(Object env) {
        Map<String, String> refs = new java.util.TreeMap<>();
        if (!(env instanceof List<?> variables)) {
            return refs;
        }
        for (Object variable : variables) {
            String name;
            Object from;
            if (variable instanceof io.fabric8.kubernetes.api.model.EnvVar e) {
                name = e.getName();
                var ref = e.getValueFrom() == null ? null : e.getValueFrom().getSecretKeyRef();
                from = ref == null ? null : ref.getName() + ":" + ref.getKey();
            } else {
                Map<?, ?> map = (Map<?, ?>) variable;
                name = String.valueOf(map.get("name"));
                Map<?, ?> valueFrom = (Map<?, ?>) map.get("valueFrom");
                Map<?, ?> ref = valueFrom == null ? null : (Map<?, ?>) valueFrom.get("secretKeyRef");
                from = ref == null ? null : ref.get("name") + ":" + ref.get("key");
            }
            if (from != null) {
                refs.put(name, from.toString());
            }
        }
        return refs;
    }

    private static String secretKey(String jdbcVariable) {
        return jdbcVariable.endsWith("_USER") ? "username" : "password";
    }

    private static GenericKubernetesResource single(RenderedChart chart, String kind) {
        List<GenericKubernetesResource> found = chart.custom(kind);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + ", found " + found.size());
        }
        return found.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> path(GenericKubernetesResource resource, String... keys) {
        Map<String, Object> node = resource.getAdditionalProperties();
        for (String key : keys) {
            node = (Map<String, Object>) node.get(key);
        }
        return node;
    }

    private static void expect(List<String> violations, String what, Object actual, int expected) {
        if (actual == null || !Objects.equals(Integer.parseInt(actual.toString()), expected)) {
            violations.add(what + " is " + actual + ", expected " + expected);
        }
    }

    private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null
                && !selector.isEmpty()
                && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}
