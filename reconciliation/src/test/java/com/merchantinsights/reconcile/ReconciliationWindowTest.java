package com.merchantinsights.reconcile;

import static com.merchantinsights.reconcile.ReconciliationCheck.RAW_TO_CUBE;
import static com.merchantinsights.reconcile.ReconciliationCheck.TOPIC_TO_STORED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReconciliationWindowTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:05:00Z");
    private final ReconciliationWindow window = new ReconciliationWindow(
            NOW,
            Duration.ofMinutes(10),
            NOW.minus(Duration.ofDays(7)),
            Duration.ofMinutes(15),
            Duration.ofDays(90),
            Duration.ofDays(400));

    @Test
    void anHourIsPendingUntilItEndedTheSettleTimeAgo() {
        assertThat(window.status(Instant.parse("2026-11-25T09:00:00Z"), RAW_TO_CUBE)
                        .kind())
                .isEqualTo(HourStatus.Kind.PENDING);
        assertThat(window.status(Instant.parse("2026-11-25T08:00:00Z"), RAW_TO_CUBE))
                .isEqualTo(HourStatus.CHECKED);
        assertThat(window.status(Instant.parse("2026-11-25T08:00:00Z"), TOPIC_TO_STORED))
                .isEqualTo(HourStatus.CHECKED);
    }

    @Test
    void theTopicCheckNeedsEveryRecordOfTheHourIncludingThoseSentAheadOfIt() {
        Instant tooEarly = Instant.parse("2026-11-18T10:00:00Z");
        Instant nextHour = Instant.parse("2026-11-18T11:00:00Z");
        assertThat(window.status(tooEarly, TOPIC_TO_STORED).kind())
                .as("its records from 09:45 on may be gone")
                .isEqualTo(HourStatus.Kind.NOT_CHECKED);
        assertThat(window.status(nextHour, TOPIC_TO_STORED)).isEqualTo(HourStatus.CHECKED);
        assertThat(window.status(tooEarly, RAW_TO_CUBE))
                .as("the cube check does not need the topic")
                .isEqualTo(HourStatus.CHECKED);
    }

    @Test
    void hoursWhoseRawRowsAreInTheArchiveAreNotChecked() {
        HourStatus status = window.status(
                NOW.minus(Duration.ofDays(95)).truncatedTo(java.time.temporal.ChronoUnit.HOURS), RAW_TO_CUBE);

        assertThat(status.kind()).isEqualTo(HourStatus.Kind.NOT_CHECKED);
        assertThat(status.reason()).contains("Parquet archive");
        assertThat(window.status(
                        NOW.minus(Duration.ofDays(88)).truncatedTo(java.time.temporal.ChronoUnit.HOURS), RAW_TO_CUBE))
                .isEqualTo(HourStatus.CHECKED);
    }

    @Test
    void hoursBeyondTheBaseGrainsRetentionAreNotChecked() {
        HourStatus status = window.status(Instant.parse("2025-01-01T00:00:00Z"), RAW_TO_CUBE);

        assertThat(status.kind()).isEqualTo(HourStatus.Kind.NOT_CHECKED);
        assertThat(status.reason()).contains("15-minute base");
    }
}
