package com.merchantinsights.sparkjobs;

import com.merchantinsights.core.cube.CubeDefinition;
import com.merchantinsights.core.cube.CubeDefinitionFile;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.etl.CubeEtlConfig;
import com.merchantinsights.stream.StreamProcessorConfig;
import com.merchantinsights.stream.history.ArchiveConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import picocli.CommandLine.Option;

/** The driver's command line; each option is declared once here, with its default and its doc. */
public final class DriverOptions {
    @Option(
            names = "--kafka-bootstrap",
            required = true,
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers of the events topic.")
    String kafkaBootstrap;

    @Option(
            names = "--cassandra-host",
            defaultValue = "127.0.0.1",
            description = "Cassandra contact points, comma-separated hosts on --cassandra-port: every node of a ring,"
                    + " so that the driver starts while any one is down (default: ${DEFAULT-VALUE}).")
    String cassandraHost;

    @Option(
            names = "--cassandra-port",
            defaultValue = "9042",
            description = "Cassandra CQL port (default: ${DEFAULT-VALUE}).")
    int cassandraPort;

    @Option(
            names = "--cassandra-dc",
            defaultValue = "datacenter1",
            description = "Cassandra local data center (default: ${DEFAULT-VALUE}).")
    String cassandraDc;

    @Option(
            names = "--cassandra-user",
            defaultValue = "${env:INSIGHTS_CASSANDRA_USER:-}",
            description = "Cassandra role to log in as (PasswordAuthenticator); defaults to the environment variable"
                    + " INSIGHTS_CASSANDRA_USER; none: no authentication.")
    String cassandraUser;

    @Option(
            names = "--cassandra-password",
            defaultValue = "${env:INSIGHTS_CASSANDRA_PASSWORD:-}",
            description = "Its password; defaults to the environment variable INSIGHTS_CASSANDRA_PASSWORD, "
                    + "which keeps it out of the process list.")
    String cassandraPassword;

    @Option(names = "--jdbc-url", required = true, description = "Warehouse JDBC URL (jdbc:postgresql://...).")
    String jdbcUrl;

    @Option(names = "--jdbc-user", required = true, description = "Warehouse user.")
    String jdbcUser;

    @Option(
            names = "--jdbc-password",
            defaultValue = "${env:INSIGHTS_JDBC_PASSWORD:-}",
            description = "Warehouse password; defaults to the environment variable INSIGHTS_JDBC_PASSWORD, "
                    + "which keeps it out of the process list.")
    String jdbcPassword;

    @Option(
            names = "--checkpoint-dir",
            paramLabel = "DIR",
            description = "Root of the streaming checkpoints (required by the stream); delete it together with Kafka's"
                    + " data, never alone.")
    Path checkpointDir;

    @Option(
            names = "--etl-interval",
            defaultValue = "PT5M",
            paramLabel = "ISO-8601",
            description =
                    "Time between the end of one scheduled ETL run and the start of the next (default: ${DEFAULT-VALUE}).")
    Duration etlInterval;

    @Option(
            names = "--etl-max-feed-events",
            paramLabel = "N",
            defaultValue = "" + CubeEtlConfig.DEFAULT_MAX_FEED_EVENTS_PER_RUN,
            description = "Feed events one ETL transaction applies at most; a backlog takes several runs back to back"
                    + " (default: ${DEFAULT-VALUE}).")
    long etlMaxFeedEvents;

    @Option(
            names = "--max-event-types",
            paramLabel = "N",
            defaultValue = "200",
            description = "Event types per merchant and local day with cube rows of their own, besides the metrics'"
                    + " (more fold into (other); a merchant's row in merchant_cardinality_caps overrides;"
                    + " default: ${DEFAULT-VALUE}).")
    int maxEventTypes;

    @Option(
            names = "--max-dimension-values",
            paramLabel = "N",
            defaultValue = "10000",
            description = "Values of one dimension per merchant and local day with cube rows of their own (more fold"
                    + " into (other); default: ${DEFAULT-VALUE}).")
    int maxDimensionValues;

    @Option(
            names = "--default-zone",
            defaultValue = "UTC",
            paramLabel = "ZONE",
            description = "IANA zone of the calendar of merchants not in the registry (default: ${DEFAULT-VALUE}).")
    ZoneId defaultZone;

    @Option(
            names = "--cube-definition",
            paramLabel = "FILE",
            description = "Cube definition file (*.cube.properties); default: the product's merchant_activity cube.")
    Path cubeDefinition;

    @Option(
            names = "--control-port",
            defaultValue = "18090",
            description = "Port of the control endpoint on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int controlPort;

    @Option(
            names = "--control-token-file",
            paramLabel = "FILE",
            description = "Where the local driver writes, at each start, the random token its control endpoint asks"
                    + " every caller for (Authorization: Bearer; decision 0037); owner-only (0600). Required by the"
                    + " local driver.")
    Path controlTokenFile;

    @Option(
            names = "--trigger-interval",
            defaultValue = "PT1S",
            paramLabel = "ISO-8601",
            description = "Micro-batch trigger interval of the streaming query (default: ${DEFAULT-VALUE}).")
    Duration triggerInterval;

    @Option(
            names = "--max-offsets-per-trigger",
            defaultValue = "200000",
            description = "Most Kafka records per micro-batch (default: ${DEFAULT-VALUE}).")
    long maxOffsetsPerTrigger;

    @Option(
            names = "--stall-timeout",
            defaultValue = "PT10M",
            paramLabel = "ISO-8601",
            description = "A micro-batch busy this long without finishing a task makes the driver exit with status "
                    + StreamProcessorJob.EXIT_STALLED + " so its supervisor restarts it (default: ${DEFAULT-VALUE}).")
    Duration stallTimeout;

    @Option(
            names = "--raw-retention",
            defaultValue = RawEventLayout.DEFAULT_RETENTION_TEXT,
            paramLabel = "ISO-8601",
            description = "How long Cassandra keeps a raw event after its hour (TTL; also the late-event horizon) "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration rawRetention;

    @Option(
            names = "--writes-in-flight",
            defaultValue = "64",
            description = "Statements of one stream task in flight to Cassandra at once (default: ${DEFAULT-VALUE}).")
    int writesInFlight;

    @Option(
            names = "--stream-tasks",
            defaultValue = "4",
            description = "Tasks per micro-batch after the shuffle by identity bucket (default: ${DEFAULT-VALUE}).")
    int streamTasks;

    @Option(
            names = "--identity-buckets",
            defaultValue = "16",
            description = "Partitions of the recent-identity index; the first start of an installation fixes it "
                    + "(default: ${DEFAULT-VALUE}; docs/operations.md sizes it).")
    int identityBuckets;

    @Option(
            names = "--identity-window",
            defaultValue = "P7D",
            paramLabel = "ISO-8601",
            description = "How long after receipt an event's stored version is recognised from any hour; at least P7D "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration identityWindow;

    @Option(
            names = "--raw-shards",
            defaultValue = "16",
            description = "Shards per hour of the raw store for hours written from now on; each hour keeps the count "
                    + "it was written with (default: ${DEFAULT-VALUE}; docs/operations.md sizes it).")
    int rawShards;

    @Option(
            names = "--lease-ttl",
            defaultValue = "PT15S",
            paramLabel = "ISO-8601",
            description = "TTL of the stream driver's lease; a driver killed without releasing it is replaced after "
                    + "at most twice this (default: ${DEFAULT-VALUE}).")
    Duration leaseTtl;

    @Option(
            names = "--archive-dir",
            paramLabel = "PATH|URL",
            description = "Root of the hourly Parquet archive of raw events: a local folder or any Hadoop-compatible "
                    + "URL (s3a://bucket/raw, hdfs://…) (default: 'archive' beside the checkpoint folder).")
    String archiveDir;

    @Option(
            names = "--feed-dir",
            paramLabel = "PATH|URL",
            description =
                    "Root of the cube feed (decision 0027): what the stream stored, per micro-batch, for the cube "
                            + "ETL to aggregate once; the stream and the ETL must name the same place: a local folder or any "
                            + "Hadoop-compatible URL (default: 'feed' beside the checkpoint folder).")
    String feedDir;

    @Option(
            names = "--archive-interval",
            defaultValue = "PT15M",
            paramLabel = "ISO-8601",
            description =
                    "Time between the end of one archiver run and the start of the next (default: ${DEFAULT-VALUE}).")
    Duration archiveInterval;

    @Option(
            names = "--archive-settle",
            defaultValue = "PT10M",
            paramLabel = "ISO-8601",
            description = "How long after its end an hour is first archived; late events archive it again "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration archiveSettle;

    @Option(
            names = "--shuffle-partitions",
            defaultValue = "4",
            description = "spark.sql.shuffle.partitions; small on a laptop (default: ${DEFAULT-VALUE}).")
    int shufflePartitions;

    /** What the cube ETL alone needs, checked (the job of a scheduled refresh). */
    void validateForEtl() {
        requirePort("--cassandra-port", cassandraPort);
        if (shufflePartitions < 1) {
            throw new IllegalArgumentException("--shuffle-partitions must be at least 1");
        }
        etlConfig();
    }

    /** What the local driver needs beyond {@link #validate()}: where to write its control token. */
    void validateForLocalDriver() {
        validate();
        if (controlTokenFile == null) {
            throw new IllegalArgumentException(
                    "--control-token-file is required: the control endpoint answers only callers that read it");
        }
    }

    /** Fails fast on values picocli's types do not rule out. */
    void validate() {
        requirePort("--cassandra-port", cassandraPort);
        requirePort("--control-port", controlPort);
        if (etlInterval.isNegative() || etlInterval.isZero()) {
            throw new IllegalArgumentException("--etl-interval must be positive: " + etlInterval);
        }
        if (stallTimeout.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("--stall-timeout must be at least PT1M: " + stallTimeout);
        }
        if (shufflePartitions < 1) {
            throw new IllegalArgumentException("--shuffle-partitions must be at least 1");
        }
        if (archiveInterval.isNegative() || archiveInterval.isZero()) {
            throw new IllegalArgumentException("--archive-interval must be positive: " + archiveInterval);
        }
        streamConfig();
        etlConfig();
        archiveConfig();
    }

    ArchiveConfig archiveConfig() {
        return new ArchiveConfig(archiveUrl(), rawRetention, archiveSettle);
    }

    /** A URL as given; a plain path (the local default) as a file: URL, absolute. */
    String archiveUrl() {
        return urlOrBesideCheckpoint(archiveDir, "--archive-dir", "archive");
    }

    /** The cube feed's root URL: as given, or 'feed' beside the checkpoint folder as a file: URL. */
    String feedUrl() {
        return urlOrBesideCheckpoint(feedDir, "--feed-dir", "feed");
    }

    /** A URL as given, a plain path as a file: URL, or, without either, the folder {@code sibling} beside the checkpoint. */
    private String urlOrBesideCheckpoint(String given, String option, String sibling) {
        if (given == null || given.isBlank()) {
            if (checkpointDir == null) {
                throw new IllegalArgumentException(option + " is required without --checkpoint-dir");
            }
            return fileUrl(checkpointDir.toAbsolutePath().normalize().resolveSibling(sibling));
        }
        return given.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") ? given : fileUrl(Path.of(given));
    }

    /** Path.toUri ends with a slash only when the folder exists already: drop it, so the URL is the same either way. */
    private static String fileUrl(Path folder) {
        String url = folder.toAbsolutePath().normalize().toUri().toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    StreamProcessorConfig streamConfig() {
        if (checkpointDir == null) {
            throw new IllegalArgumentException("--checkpoint-dir is required for the stream");
        }
        return new StreamProcessorConfig(
                kafkaBootstrap,
                checkpointDir,
                triggerInterval,
                maxOffsetsPerTrigger,
                rawRetention,
                writesInFlight,
                streamTasks,
                identityBuckets,
                identityWindow,
                rawShards);
    }

    /** A plain driver session, for what runs before Spark does: the stream's lease. */
    com.datastax.oss.driver.api.core.CqlSession cassandraSession() {
        var builder = com.datastax.oss.driver.api.core.CqlSession.builder()
                .addContactPoints(java.util.Arrays.stream(cassandraHost.split(","))
                        .map(host -> new java.net.InetSocketAddress(host.strip(), cassandraPort))
                        .toList())
                .withLocalDatacenter(cassandraDc);
        if (cassandraUser != null && !cassandraUser.isEmpty()) {
            builder = builder.withAuthCredentials(cassandraUser, cassandraPassword == null ? "" : cassandraPassword);
        }
        return builder.build();
    }

    CubeEtlConfig etlConfig() {
        return new CubeEtlConfig(
                        jdbcUrl,
                        jdbcUser,
                        jdbcPassword == null ? "" : jdbcPassword,
                        defaultZone,
                        cube(),
                        etlMaxFeedEvents)
                .withCardinalityCaps(maxEventTypes, maxDimensionValues);
    }

    /** The cube to build, read and validated (a bad file stops the driver at start-up with the key it names). */
    CubeDefinition cube() {
        return cubeDefinition == null ? CubeDefinitionFile.standard() : CubeDefinitionFile.read(cubeDefinition);
    }

    private static void requirePort(String option, int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(option + " must be a TCP port: " + port);
        }
    }
}
