package com.merchantinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StatusCommandTest {
    @Test
    void showsLagRateBatchDurationAndDeadLettersOfTheStream() throws Exception {
        String line = StatusCommand.StreamStatusLine.of(new ObjectMapper().readTree("""
                {"query_active":true,"consumer_lag":1200,"events_per_second":8421.7,"last_batch_ms":950,
                 "events_stored_total":50000,"duplicates_total":12,"dead_letters_total":3,"conflicts_total":1,
                 "rejected_records_total":2,"query_restarts":0}"""));

        assertThat(line)
                .contains("active, consumer lag 1200 record(s), 8422 events/s, last batch 950 ms")
                .contains("50000 event(s) stored, 12 duplicate(s), 3 dead letter(s) (1 conflict(s), 2 rejected)");
    }

    @Test
    void saysSoWhenTheDriverHasNoProgressYet() throws Exception {
        String line = StatusCommand.StreamStatusLine.of(
                new ObjectMapper().readTree("{\"query_active\":false,\"consumer_lag\":null}"));

        assertThat(line).contains("NOT ACTIVE, consumer lag ? record(s), ? events/s");
    }

    @Test
    void showsWhereTheArchiveIsAndWhatItsLastRunDid() throws Exception {
        String line = StatusCommand.StreamStatusLine.archive(new ObjectMapper().readTree("""
                {"root":"file:///var/archive","running":false,"last_success_at":"2026-11-25T10:15:00Z",
                 "last_summary":{"hours_archived":["2026-11-25T08:00:00Z","2026-11-25T09:00:00Z"],"rows_archived":420,
                 "hours_pending":1,"duration_ms":3000},"last_failure":null}"""));

        assertThat(line)
                .isEqualTo("archive       file:///var/archive, last run 2026-11-25T10:15:00Z: 2 hour(s), 420 row(s),"
                        + " 1 hour(s) still settling");
        assertThat(StatusCommand.StreamStatusLine.archive(new ObjectMapper().readTree("{\"root\":\"file:///a\"}")))
                .isEqualTo("archive       file:///a, no run yet");
    }
}
