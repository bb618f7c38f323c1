package com.merchantinsights.stream.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RederiveRequestTest {
    @Test
    void widensTheRangeToWholeHours() {
        RederiveRequest request = new RederiveRequest(
                Instant.parse("2026-11-24T10:15:00Z"), Instant.parse("2026-11-24T12:00:01Z"), Set.of(), null);

        assertThat(request.from()).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
        assertThat(request.to()).isEqualTo(Instant.parse("2026-11-24T13:00:00Z"));
        assertThat(request.hours())
                .containsExactly(
                        Instant.parse("2026-11-24T10:00:00Z"),
                        Instant.parse("2026-11-24T11:00:00Z"),
                        Instant.parse("2026-11-24T12:00:00Z"));
    }

    @Test
    void refusesAnEmptyBackwardsOrHugeRange() {
        Instant at = Instant.parse("2026-11-24T10:00:00Z");
        assertThatThrownBy(() -> new RederiveRequest(at, at, Set.of(), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RederiveRequest(at, at.minusSeconds(3600), Set.of(), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        new RederiveRequest(at.minus(RederiveRequest.MAX_RANGE).minusSeconds(3600), at, Set.of(), null))
                .hasMessageContaining("at most");
    }

    @Test
    void statusAddsUpItsStepsAndNamesTheVersionByItsInputs() {
        RederiveRequest request = new RederiveRequest(
                Instant.parse("2026-11-24T00:00:00Z"), Instant.parse("2026-11-26T00:00:00Z"), Set.of("m-1"), null);
        Instant hour = Instant.parse("2026-11-24T05:00:00Z");
        RederiveStatus status = RederiveStatus.started(request.rawVersion(2), 2, request, Instant.now())
                .plus(24, 10, 9, Map.of("invalid_event_type", 1L), Set.of(hour))
                .plus(24, 5, 4, Map.of("invalid_event_type", 1L), Set.of(hour));

        assertThat(status.hoursTotal()).isEqualTo(48);
        assertThat(status.hoursDone()).isEqualTo(48);
        assertThat(status.eventsRead()).isEqualTo(15);
        assertThat(status.rowsWritten()).isEqualTo(13);
        assertThat(status.rejected()).containsExactly(Map.entry("invalid_event_type", 2L));
        assertThat(status.outputHours()).containsExactly(hour);
        assertThat(status.rawVersion()).isEqualTo(request.rawVersion(2)).startsWith("v2-20261124T00-20261126T00-");
    }
}
