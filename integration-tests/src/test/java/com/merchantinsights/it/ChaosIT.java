package com.merchantinsights.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.bench.ChaosRun;
import com.merchantinsights.bench.ChaosVerdict;
import com.merchantinsights.stack.Progress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The chaos run's CI form (issue 21): on single-node engines of its own (ports +5500), 300 events/s through the
 * gateway for 60 s while Kafka is killed and restarted, Cassandra killed and restarted, the Spark driver killed
 * mid-micro-batch and the cube refresh halted right after its warehouse commit; then every event that got a 202 must
 * be in the raw store once and counted once in the cube, no insights answer may have shown a number that was never
 * true, and the reconciliation must agree. The full run on three-node engines is {@code ChaosClusterIT}
 * ({@code -Pchaos}) and {@code bench/run chaos}.
 */
@Order(2) // after RawStoreFaultIT's stack is gone, before the shared stack starts (junit-platform.properties)
class ChaosIT {
    static final int PORT_OFFSET = Integer.getInteger("it.chaosPortOffset", 5500);

    @Test
    void underLoadKafkaCassandraDriverAndEtlCrashesLoseAndDoubleNothing() throws Exception {
        ChaosVerdict verdict = ChaosRun.run(
                ChaosRun.Settings.ciForm(
                        Path.of("target", "chaos").toAbsolutePath(), PORT_OFFSET, Duration.ofSeconds(60), 300),
                Progress.console(System.out));
        System.out.println(verdict.resultLine());

        assertThat(verdict.faults()).as("faults applied").hasSize(4);
        assertThat(verdict.accepted()).as("events accepted").isGreaterThan(10_000);
        assertThat(verdict.exactResends()).as("exact re-sends among them").isPositive();
        assertThat(verdict.differingResends())
                .as("differing re-sends among them")
                .isPositive();
        assertThat(verdict.lost()).as(verdict.resultLine()).isZero();
        assertThat(verdict.doubled()).as(verdict.resultLine()).isZero();
        assertThat(verdict.stored()).isEqualTo(verdict.accepted());
        assertThat(verdict.counted()).isEqualTo(verdict.accepted());
        assertThat(verdict.wrongAnswers()).as("insights answers never true").isEmpty();
        assertThat(verdict.unexpectedAnswers())
                .as("ingest answers neither 202 nor a refusal")
                .isEmpty();
        assertThat(verdict.reconciled()).as("bin/insights reconcile").isTrue();
    }
}
