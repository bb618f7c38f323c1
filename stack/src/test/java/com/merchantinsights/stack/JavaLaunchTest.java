package com.merchantinsights.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JavaLaunchTest {

    @Test
    void commandIsJavaFlagsClasspathMainClassThenArguments() {
        JavaLaunch launch = new JavaLaunch(
                "kafka", "/a.jar:/b.jar", List.of("-Xmx1g"), "kafka.Kafka", List.of("server.properties"), Map.of());

        assertThat(launch.command(Path.of("/jdk/bin/java")))
                .containsExactly("/jdk/bin/java", "-Xmx1g", "-cp", "/a.jar:/b.jar", "kafka.Kafka", "server.properties");
    }

    @Test
    void aLauncherComesBeforeJava() {
        JavaLaunch launch = new JavaLaunch(
                "cassandra",
                "/c.jar",
                List.of(),
                "Main",
                List.of(),
                Map.of(),
                List.of("/usr/bin/setpriv", "--inh-caps=-ipc_lock", "--bounding-set=-ipc_lock", "--"));

        assertThat(launch.command(Path.of("java")))
                .containsExactly(
                        "/usr/bin/setpriv",
                        "--inh-caps=-ipc_lock",
                        "--bounding-set=-ipc_lock",
                        "--",
                        "java",
                        "-cp",
                        "/c.jar",
                        "Main");
    }

    @Test
    void childrenRunOnTheJdkOfThisJvm() {
        assertThat(JavaLaunch.javaExecutable()).startsWith(Path.of(System.getProperty("java.home")));
    }

    @Test
    void toStringNamesTheEnvironmentsVariablesButNotTheirValues() {
        JavaLaunch launch = new JavaLaunch(
                "spark-driver",
                "/s.jar",
                List.of("-Xmx2g"),
                "Driver",
                List.of("--port", "7077"),
                Map.of("INSIGHTS_JDBC_PASSWORD", "warehouse-pw-4711", "SPARK_LOCAL_IP", "127.0.0.1"));

        assertThat(launch.toString())
                .doesNotContain("warehouse-pw-4711", "127.0.0.1")
                .contains(
                        "name=spark-driver",
                        "classpath=/s.jar",
                        "jvmFlags=[-Xmx2g]",
                        "mainClass=Driver",
                        "args=[--port, 7077]",
                        "environment=[INSIGHTS_JDBC_PASSWORD=***, SPARK_LOCAL_IP=***]",
                        "launcher=[]");
    }
}
