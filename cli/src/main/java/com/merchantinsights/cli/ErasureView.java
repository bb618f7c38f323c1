package com.merchantinsights.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * An erasure as {@code GET /v1/admin/erasures/{id}} answers it (issue 23, decision 0053), read for the {@code erase}
 * command: its state, how many of its stores are done, each store's figures, and how long Kafka keeps its own copies.
 */
record ErasureView(JsonNode body) {
    /** The stores' names in the answer's figures, as a person reads them. */
    private static final Map<String, String> FIGURES = Map.of(
            "rows_deleted", "rows deleted",
            "hours_rewritten", "hours rewritten",
            "rows_removed", "rows removed",
            "deleted", "deleted",
            "cells_rebuilt", "cells rebuilt",
            "cells_requested", "cells requested",
            "remembered", "remembered");

    String id() {
        return body.path("erasure_id").asText();
    }

    String state() {
        return body.path("state").asText();
    }

    boolean finished() {
        return state().equals("done") || state().equals("failed");
    }

    int stores() {
        return body.path("stores").size();
    }

    int storesDone() {
        int done = 0;
        for (JsonNode store : body.path("stores")) {
            if (store.path("state").asText().equals("done")) {
                done++;
            }
        }
        return done;
    }

    /** One store's figures: "12 rows deleted", "2 hours rewritten, 14 rows removed"; its state while it has none. */
    static String figures(JsonNode store) {
        List<String> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = store.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNumber()) {
                parts.add(field.getValue().asText() + " "
                        + FIGURES.getOrDefault(field.getKey(), field.getKey().replace('_', ' ')));
            }
        }
        return parts.isEmpty() ? store.path("state").asText() : String.join(", ", parts);
    }

    /** Every store's figures on one line, for the progress bar: "raw_events 12 rows deleted · archive pending · …". */
    String progressLine() {
        List<String> parts = new ArrayList<>();
        body.path("stores")
                .fields()
                .forEachRemaining(store -> parts.add(store.getKey() + " " + figures(store.getValue())));
        return String.join(" · ", parts);
    }

    /** The per-store summary, then Kafka's bounds: what was erased, and what ages out on its own. */
    void printSummary(PrintWriter out) {
        out.printf(
                "erasure %s %s (merchant %s, requested %s%s)%n",
                id(),
                state(),
                body.path("merchant_id").asText(),
                body.path("requested_at").asText(),
                body.hasNonNull("finished_at")
                        ? ", finished " + body.get("finished_at").asText()
                        : "");
        body.path("stores")
                .fields()
                .forEachRemaining(store -> out.printf(
                        "  %-14s %-8s %s%n",
                        store.getKey(),
                        store.getValue().path("state").asText(),
                        store.getValue().path("state").asText().equals("done") ? figures(store.getValue()) : ""));
        if (body.path("kafka").isEmpty()) {
            return;
        }
        out.println("Kafka's own copies are not erased; they age out with each topic's retention:");
        for (JsonNode topic : body.path("kafka")) {
            out.printf(
                    "  %-28s retention %-8s %s%n",
                    topic.path("topic").asText(),
                    topic.hasNonNull("retention") ? topic.get("retention").asText() : "unknown",
                    topic.hasNonNull("copies_gone_by")
                            ? "gone by " + topic.get("copies_gone_by").asText()
                            : "kept without a known bound: check the topic's retention.ms");
        }
    }
}
