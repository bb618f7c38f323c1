package com.merchantinsights.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkDriverProcessTest {
    @TempDir
    Path temp;

    @Test
    void commandLineRunsTheLocalDriverWithSparksJvmFlagsAndTheEngineAddresses() {
        StackConfig config = new StackConfig(
                temp.resolve("work"), Ports.defaults(), "Asia/Kolkata", true, Duration.ofMinutes(5), temp);
        JavaLaunch launch = SparkDriverProcess.launch(config, EngineEndpoints.of(config), "/cp/spark.jar:/cp/classes");

        List<String> command = launch.command(Path.of("/jdk/bin/java"));

        assertThat(command).startsWith("/jdk/bin/java", "-XX:+IgnoreUnrecognizedVMOptions");
        assertThat(launch.jvmFlags())
                .contains(
                        "--add-opens=java.base/java.lang=ALL-UNNAMED",
                        "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
                        "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
                        "-Djdk.reflect.useDirectMethodHandle=false",
                        "-Dio.netty.tryReflectionSetAccessible=true")
                .endsWith(SparkDriverProcess.HEAP);
        assertThat(command)
                .containsSubsequence(
                        SparkDriverProcess.HEAP,
                        "-cp",
                        "/cp/spark.jar:/cp/classes",
                        "com.merchantinsights.sparkjobs.LocalSparkDriver");
        assertThat(launch.args())
                .containsExactly(
                        "--kafka-bootstrap", "127.0.0.1:19092",
                        "--cassandra-host", "127.0.0.1",
                        "--cassandra-port", "19042",
                        "--cassandra-dc", "datacenter1",
                        "--cassandra-user", "insights",
                        "--jdbc-url", "jdbc:postgresql://127.0.0.1:15432/postgres",
                        "--jdbc-user", "postgres",
                        "--checkpoint-dir",
                                temp.resolve("work/spark/checkpoints").toString(),
                        "--archive-dir", temp.resolve("work/archive").toString(),
                        "--feed-dir", temp.resolve("work/spark/feed").toString(),
                        "--etl-interval", "PT5M",
                        "--default-zone", "Asia/Kolkata",
                        "--control-port", "18090",
                        "--control-token-file",
                                temp.resolve("work/run/spark-control.token").toString());
        assertThat(command)
                .endsWith(
                        "--control-port",
                        "18090",
                        "--control-token-file",
                        config.directories().controlToken().toString());
        assertThat(launch.environment())
                .containsOnly(
                        org.assertj.core.api.Assertions.entry("SPARK_LOCAL_IP", "127.0.0.1"),
                        org.assertj.core.api.Assertions.entry(
                                "INSIGHTS_JDBC_PASSWORD", PostgresNode.password(config.directories())),
                        org.assertj.core.api.Assertions.entry(
                                "INSIGHTS_CASSANDRA_PASSWORD", CassandraNode.password(config.directories())));
        assertThat(command).doesNotContain("--jdbc-password", "--cassandra-password");
        assertThat(launch.name()).isEqualTo("spark-driver");
    }

    @Test
    void aShiftedStackPointsTheDriverAtItsShiftedEngines() {
        StackConfig config =
                new StackConfig(temp, Ports.defaults().offsetBy(1000), "UTC", false, Duration.ofSeconds(30), temp);

        List<String> args = SparkDriverProcess.launch(config, EngineEndpoints.of(config), "cp")
                .args();

        assertThat(args)
                .containsSubsequence("--kafka-bootstrap", "127.0.0.1:20092")
                .containsSubsequence("--cassandra-port", "20042")
                .containsSubsequence("--jdbc-url", "jdbc:postgresql://127.0.0.1:16432/postgres")
                .containsSubsequence("--etl-interval", "PT30S")
                .containsSubsequence("--control-port", "19090");
    }

    @Test
    void classpathIsTheDependenciesThenTheDriversOwnClasses() throws IOException {
        Path jar = Files.createFile(temp.resolve("spark-sql_2.13-3.5.4.jar"));
        Path classpathFile = temp.resolve("spark-jobs/target/classpath.txt");
        Files.createDirectories(classpathFile.getParent());
        Files.writeString(classpathFile, jar.toString());
        Path classes = Files.createDirectories(temp.resolve("spark-jobs/target/classes"));

        assertThat(SparkDriverProcess.classpath(temp)).isEqualTo(jar + ":" + classes);
    }

    @Test
    void missingDriverClassesAskForTheBuild() throws IOException {
        Path jar = Files.createFile(temp.resolve("spark-sql_2.13-3.5.4.jar"));
        Path classpathFile = temp.resolve("spark-jobs/target/classpath.txt");
        Files.createDirectories(classpathFile.getParent());
        Files.writeString(classpathFile, jar.toString());

        assertThatThrownBy(() -> SparkDriverProcess.classpath(temp))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("spark-jobs/target/classes is missing: run ./mvnw install -DskipTests first");
    }
}
