package com.merchantinsights.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EtlRunLogTest {
    @TempDir
    Path dir;

    @Test
    void readsTheRunsOfTheWindowFromTheDriversLogLines() throws IOException {
        Path log = dir.resolve("spark-driver.log");
        Files.write(
                log,
                List.of(
                        "02:00:01.000 INFO CubeEtl cube ETL run 6: 12 feed batch(es), 0 hour(s) rebuilt, 900 event(s) read,"
                                + " 3500 row(s) written, 40 row(s) compacted, 9000 ms (6000 ms Spark, 2000 ms warehouse, 500 ms compaction)",
                        "02:05:01.000 INFO CubeEtl cube ETL run 7: 300 feed batch(es), 1 hour(s) rebuilt, 990000 event(s) read,"
                                + " 3700000 row(s) written, 120000 row(s) compacted, 250000 ms (185000 ms Spark, 60000 ms warehouse,"
                                + " 10000 ms compaction)"));

        assertThat(EtlRunLog.read(log, 6, 7))
                .containsExactly(new EtlRunLog(7, 300, 250_000, 185_000, 60_000, 10_000, 120_000));
    }
}
