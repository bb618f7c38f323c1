package com.merchantinsights.etl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.merchantinsights.etl.reprocess.CubeDiff;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A run's diff as the operator reads it: JSON for the control API and the run log. */
public final class DiffJson {
    /** The run log keeps the largest changes only; the control API serves as many as asked for, up to its cap. */
    static final int LOGGED_CHANGES = 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private DiffJson() {}

    public static Map<String, Object> of(CubeDiff.Diff diff, int limit) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("merchants_compared", diff.merchantsCompared());
        json.put("merchants_changed", diff.merchantsChanged().size());
        json.put("metrics_changed", List.copyOf(diff.metricsChanged()));
        json.put("changes_total", diff.changes().size());
        json.put(
                "changes",
                diff.changes().stream().limit(limit).map(DiffJson::change).toList());
        json.put("not_compared", diff.notCompared());
        return json;
    }

    static String summary(CubeDiff.Diff diff) {
        try {
            return JSON.writeValueAsString(of(diff, LOGGED_CHANGES));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> change(CubeDiff.MetricChange change) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("merchant_id", change.merchantId());
        json.put("metric", change.metric());
        json.put("currency", change.currency().isEmpty() ? null : change.currency());
        json.put("before", change.before());
        json.put("after", change.after());
        json.put("absolute_change", change.absolute());
        json.put("relative_change", change.relative());
        return json;
    }
}
