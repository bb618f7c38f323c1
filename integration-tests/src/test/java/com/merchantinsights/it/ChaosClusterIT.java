package com.merchantinsights.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.bench.ChaosRun;
import com.merchantinsights.bench.ChaosVerdict;
import com.merchantinsights.stack.Progress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The full chaos run (issue 21) as a test: three Kafka brokers and three Cassandra nodes, every fault, 15 minutes at
 * 1,000 events/s by default ({@code -Dit.chaosMinutes}, {@code -Dit.chaosRate}). Only with {@code ./mvnw verify
 * -Pchaos}; {@code bench/run chaos} runs the same and prints its RESULT line for docs/benchmarks.md.
 */
class ChaosClusterIT {
    @Test
    void everyPartKilledInTurnUnderSustainedLoadLosesAndDoublesNothing() throws Exception {
        ChaosVerdict verdict = ChaosRun.run(
                ChaosRun.Settings.full(
                        Path.of("target", "chaos-cluster").toAbsolutePath(),
                        Integer.getInteger("it.chaosPortOffset", 5500),
                        Duration.ofMinutes(Integer.getInteger("it.chaosMinutes", 15)),
                        Integer.getInteger("it.chaosRate", 1_000)),
                Progress.console(System.out));
        System.out.println(verdict.resultLine());

        assertThat(verdict.lost()).as(verdict.resultLine()).isZero();
        assertThat(verdict.doubled()).as(verdict.resultLine()).isZero();
        assertThat(verdict.wrongAnswers()).isEmpty();
        assertThat(verdict.unexpectedAnswers()).isEmpty();
        assertThat(verdict.reconciled()).isTrue();
        assertThat(verdict.maxUnavailableS())
                .as("ingest refused everything at most 15 s")
                .isLessThanOrEqualTo(15);
    }
}
