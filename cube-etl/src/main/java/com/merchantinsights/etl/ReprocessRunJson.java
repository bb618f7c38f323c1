package com.merchantinsights.etl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.merchantinsights.etl.reprocess.ReprocessRun;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A reprocess run as the run log shows it: the local driver's control API and, in a cluster, the operations service
 * (decision 0052) answer the same object.
 */
public final class ReprocessRunJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReprocessRunJson() {}

    public static Map<String, Object> of(ReprocessRun run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run_id", run.runId());
        json.put("kind", run.kind().wireName());
        json.put("state", run.state().wireName());
        json.put("from", run.from().toString());
        json.put("to", run.to().toString());
        json.put("merchants", run.merchants());
        json.put("raw_version", run.rawVersion());
        json.put("cube", run.cubeName() + " v" + run.cubeVersion());
        json.put("requested_by", run.requestedBy());
        json.put("started_at", text(run.startedAt()));
        json.put("built_at", text(run.builtAt()));
        json.put("switched_at", text(run.switchedAt()));
        json.put("finished_at", text(run.finishedAt()));
        json.put("keep_until", text(run.keepUntil()));
        json.put("hours_total", run.hoursTotal());
        json.put("hours_done", run.hoursDone());
        json.put("events_read", run.eventsRead());
        json.put("rows_written", run.rowsWritten());
        Instant end =
                run.finishedAt() != null ? run.finishedAt() : run.builtAt() != null ? run.builtAt() : run.heartbeatAt();
        json.put("duration_ms", Duration.between(run.startedAt(), end).toMillis());
        json.put("diff_summary", run.diffSummary() == null ? null : tree(run.diffSummary()));
        json.put("rolls_back", run.rollsBack());
        json.put("raw_promoted_at", text(run.rawPromotedAt()));
        json.put("detail", run.detail());
        return json;
    }

    private static Object tree(String json) {
        try {
            return JSON.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a run's diff summary is not JSON", e);
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
