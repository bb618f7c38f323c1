package com.merchantinsights.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {
    private static final Instant HOUR = Instant.parse("2026-11-24T13:00:00Z");
    private static final ReconciliationReport REPORT = new ReconciliationReport(
            HOUR,
            HOUR.plusSeconds(7_200),
            List.of(new Mismatch(
                    new HourMerchant(HOUR, "m_demo"),
                    ReconciliationCheck.RAW_TO_CUBE,
                    412,
                    411,
                    "cube_quarter_hour totals")),
            List.of(new PendingCell(
                    new HourMerchant(HOUR, "m_other"), ReconciliationCheck.RAW_TO_CUBE, "a cube refresh is pending")),
            List.of(new SkippedHours(
                    ReconciliationCheck.TOPIC_TO_STORED,
                    HOUR,
                    HOUR.plusSeconds(7_200),
                    HourStatus.notChecked("records of the hour may have left the events topic"))),
            5,
            1,
            2);

    @Test
    void theTextShowsEachMismatchAsARowAndEndsWithTheSummary() {
        StringWriter text = new StringWriter();
        ReportText.print(REPORT, new PrintWriter(text));

        String[] lines = text.toString().split("\n");
        assertThat(lines[1]).contains("2026-11-24T13:00:00Z", "m_demo", "raw=cube", "412", "411", "-1");
        assertThat(text.toString())
                .contains("pending      2026-11-24T13:00:00Z m_other raw=cube: a cube refresh is pending")
                .contains("not checked  topic=stored 2026-11-24T13:00:00Z..2026-11-24T15:00:00Z (2 h)")
                .contains("1 rejected topic record(s) and 2 dead letter(s) have no parseable occurred_at");
        assertThat(lines[lines.length - 1])
                .isEqualTo("MISMATCH 2026-11-24T13:00:00Z..2026-11-24T15:00:00Z: 1 mismatch(es),"
                        + " 5 comparison(s) matched, 1 pending, 2 hour-check(s) skipped");
    }

    @Test
    void theJsonCarriesEveryMismatchPendingCellAndSkippedRun() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ReportJson.render(REPORT));

        assertThat(json.path("exit_code").asInt()).isEqualTo(ReconciliationReport.EXIT_MISMATCH);
        JsonNode mismatch = json.path("mismatches").get(0);
        assertThat(mismatch.path("hour").asText()).isEqualTo("2026-11-24T13:00:00Z");
        assertThat(mismatch.path("merchant_id").asText()).isEqualTo("m_demo");
        assertThat(mismatch.path("check").asText()).isEqualTo("raw=cube");
        assertThat(mismatch.path("difference").asLong()).isEqualTo(-1);
        assertThat(json.path("pending").get(0).path("merchant_id").asText()).isEqualTo("m_other");
        assertThat(json.path("skipped").get(0).path("status").asText()).isEqualTo("not_checked");
        assertThat(json.path("without_hour").path("dead_letters").asLong()).isEqualTo(2);
    }
}
