package com.merchantinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreshWorkDirTest {
    @TempDir
    Path workDir;

    @Test
    void emptiesWhatAStackWroteAndKeepsTheDirectory() throws IOException {
        for (String file : new String[] {
            "kafka/meta.properties",
            "cassandra/data/x/y.db",
            "postgres/data/PG_VERSION",
            "logs/services.jsonl",
            "secrets/platform.key",
            "sample/ledger",
            "run/stack.pid"
        }) {
            Files.createDirectories(workDir.resolve(file).getParent());
            Files.writeString(workDir.resolve(file), file);
        }

        FreshWorkDir.empty(workDir);

        assertThat(workDir).isEmptyDirectory();
    }

    @Test
    void refusesADirectoryHoldingAnythingElseAndDeletesNothing() throws IOException {
        Files.createDirectories(workDir.resolve("kafka"));
        Files.writeString(workDir.resolve("thesis.tex"), "three years of work");

        assertThat(FreshWorkDir.foreignEntries(workDir)).containsExactly("thesis.tex");
        assertThatIllegalStateException()
                .isThrownBy(() -> FreshWorkDir.empty(workDir))
                .withMessageContaining("thesis.tex");
        assertThat(workDir.resolve("kafka")).isDirectory();
        assertThat(workDir.resolve("thesis.tex")).exists();
    }

    @Test
    void aWorkDirectoryThatDoesNotExistYetIsFine() {
        assertThat(FreshWorkDir.foreignEntries(workDir.resolve("new"))).isEmpty();
    }
}
