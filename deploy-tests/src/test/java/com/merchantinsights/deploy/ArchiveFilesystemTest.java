package com.merchantinsights.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Spark jobs' image can open the URLs the chart gives them (issue 22): the raw archive and the cube feed are
 * {@code s3a://} by default, and Spark's distribution carries no S3 filesystem. The image gets it from spark-jobs'
 * {@code image-jars} profile (deploy/images/spark/Dockerfile's copy-dependencies); this test reads that profile, finds
 * the filesystem class of each URL's scheme in the artifact Maven resolved for it, and checks the Dockerfile's build
 * uses the profile.
 */
class ArchiveFilesystemTest {
    private static final Path ROOT = Path.of(System.getProperty("project.root", ".."));
    /** Scheme → the Hadoop FileSystem class and the artifact that carries it (file:// is Hadoop's own). */
    private static final Map<String, String[]> FILESYSTEMS = Map.of(
            "s3a", new String[] {"org.apache.hadoop.fs.s3a.S3AFileSystem", "org.apache.hadoop:hadoop-aws"},
            "file", new String[] {null, null});

    @Test
    void everyUrlTheSparkJobsGetHasItsFilesystemInTheImage() throws Exception {
        assertThat(violations(RenderedChart.withDefaults())).isEmpty();
    }

    @Test
    void anArchiveOnAFilesystemTheImageLacksIsReported() throws Exception {
        assertThat(violations(RenderedChart.render(Map.of("spark.archiveUrl", "gs://insights-archive/raw"))))
                .containsExactly(
                        "--archive-dir=gs://insights-archive/raw: the Spark image has no filesystem for gs://");
    }

    /** What the rendered SparkApplications ask that the image cannot do. */
    static List<String> violations(RenderedChart chart) throws Exception {
        String pom = Files.readString(ROOT.resolve("spark-jobs/pom.xml"));
        String dockerfile = Files.readString(ROOT.resolve("deploy/images/spark/Dockerfile"));
        List<String> violations = new ArrayList<>();
        if (!dockerfile.contains("-Pimage-jars dependency:copy-dependencies")) {
            violations.add("the Dockerfile's copy-dependencies does not use spark-jobs' image-jars profile");
        }
        List<Map<String, Object>> specs = new ArrayList<>();
        chart.custom("SparkApplication").forEach(app -> specs.add(spec(app)));
        chart.custom("ScheduledSparkApplication").forEach(app -> specs.add(child(spec(app), "template")));
        if (specs.size() < 2) {
            violations.add("expected the stream processor's and the cube ETL's Spark applications");
        }
        for (Map<String, Object> spec : specs) {
            @SuppressWarnings("unchecked")
            List<String> arguments = (List<String>) spec.get("arguments");
            for (String argument : arguments) {
                if (!argument.startsWith("--archive-dir=") && !argument.startsWith("--feed-dir=")) {
                    continue;
                }
                String scheme = URI.create(argument.substring(argument.indexOf('=') + 1))
                        .getScheme();
                String[] filesystem = FILESYSTEMS.get(scheme);
                if (filesystem == null) {
                    violations.add(argument + ": the Spark image has no filesystem for " + scheme + "://");
                    continue;
                }
                if (filesystem[0] == null) {
                    continue;
                }
                String[] artifact = filesystem[1].split(":");
                String declared = "<groupId>" + artifact[0] + "</groupId>\n          <artifactId>" + artifact[1]
                        + "</artifactId>\n          <version>${spark.hadoop.version}</version>";
                if (!pom.substring(pom.indexOf("<id>image-jars</id>")).contains(declared)) {
                    violations.add(argument + ": spark-jobs' image-jars profile does not declare " + filesystem[1]
                            + " at ${spark.hadoop.version}");
                }
                String resource = filesystem[0].replace('.', '/') + ".class";
                var found = ArchiveFilesystemTest.class.getClassLoader().getResource(resource);
                if (found == null
                        || !found.toString().contains(artifact[1] + "-" + System.getProperty("spark.hadoop.version"))) {
                    violations.add(argument + ": " + filesystem[0] + " is not in " + filesystem[1] + ":"
                            + System.getProperty("spark.hadoop.version") + " (found " + found + ")");
                }
            }
        }
        return violations.stream().distinct().toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource app) {
        return (Map<String, Object>) app.getAdditionalProperties().get("spec");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }
}
