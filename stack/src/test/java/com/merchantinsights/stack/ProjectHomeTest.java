package com.merchantinsights.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectHomeTest {
    @TempDir
    Path temp;

    @Test
    void walksUpFromTheWorkingDirectoryToTheProjectRoot() throws IOException {
        Path project = project(temp.resolve("checkout"));
        Path nested = Files.createDirectories(project.resolve("integration-tests/target"));

        assertThat(ProjectHome.locate(null, nested)).isEqualTo(project);
    }

    @Test
    void theSystemPropertyWins() throws IOException {
        Path project = project(temp.resolve("elsewhere"));

        assertThat(ProjectHome.locate(project.toString(), temp.resolve("unrelated")))
                .isEqualTo(project);
    }

    @Test
    void aPropertyThatIsNotTheProjectIsRejected() {
        assertThatThrownBy(() -> ProjectHome.locate(temp.toString(), temp))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("-Dinsights.home=")
                .hasMessageContaining("is not the Merchant Insights project");
    }

    @Test
    void outsideTheProjectTheErrorSaysWhatToDo() {
        assertThatThrownBy(() -> ProjectHome.locate(null, temp))
                .hasMessageContaining("cannot find the Merchant Insights project")
                .hasMessageContaining("-Dinsights.home");
    }

    @Test
    void aMissingClasspathFileAsksForTheBuild() throws IOException {
        Path project = project(temp.resolve("unbuilt"));

        assertThatThrownBy(() -> EngineClasspath.read("kafka", project, EngineClasspath.KAFKA_MODULE))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("engines/kafka-server/target/classpath.txt is missing")
                .hasMessageContaining("run ./mvnw install -DskipTests first")
                .extracting(e -> ((StackException) e).component())
                .isEqualTo("kafka");
    }

    @Test
    void aJarMissingFromTheLocalRepositoryIsNamed() throws IOException {
        Path project = project(temp.resolve("stale"));
        Path jar = Files.createFile(temp.resolve("present.jar"));
        writeClasspath(project, jar + ":" + temp.resolve("gone.jar"));

        assertThatThrownBy(() -> EngineClasspath.read("cassandra", project, EngineClasspath.CASSANDRA_MODULE))
                .hasMessageContaining("gone.jar (listed in")
                .hasMessageContaining("run ./mvnw install -DskipTests first");
    }

    @Test
    void readsTheClasspathAndFindsAJarByPrefix() throws IOException {
        Path project = project(temp.resolve("built"));
        Path jamm = Files.createFile(temp.resolve("jamm-0.4.0.jar"));
        Path other = Files.createFile(temp.resolve("cassandra-all-5.0.9.jar"));
        writeClasspath(project, other + ":" + jamm + "\n");

        String classpath = EngineClasspath.read("cassandra", project, EngineClasspath.CASSANDRA_MODULE);

        assertThat(classpath).isEqualTo(other + ":" + jamm);
        assertThat(EngineClasspath.jar(classpath, "jamm-")).isEqualTo(jamm.toString());
    }

    private static Path project(Path root) throws IOException {
        Path marker = root.resolve(ProjectHome.MARKER);
        Files.createDirectories(marker.getParent());
        Files.writeString(marker, "<project/>");
        return root;
    }

    private static void writeClasspath(Path project, String classpath) throws IOException {
        Path file = project.resolve(EngineClasspath.CASSANDRA_MODULE).resolve("target/classpath.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, classpath);
    }
}
