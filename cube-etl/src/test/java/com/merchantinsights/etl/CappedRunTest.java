package com.merchantinsights.etl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What refreshes capped by {@link CubeEtlConfig#maxFeedEventsPerRun} report (decision 0027 §9). */
class CappedRunTest {
    @Test
    void runsAddUpWithTheLastRunsIdAndFlag() {
        EtlSummary first = new EtlSummary(7, 1, 1_000, 5_000, 300, 200, 90, true);
        EtlSummary second = new EtlSummary(8, 0, 400, 2_000, 120, 80, 30, false);

        assertThat(first.then(second)).isEqualTo(new EtlSummary(8, 1, 1_400, 7_000, 420, 280, 120, false));
    }
}
