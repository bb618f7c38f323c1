package com.merchantinsights.sparklocal;

import com.merchantinsights.etl.EtlSummary;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The control endpoint's routing, free of any HTTP server so tests call it in memory:
 * {@code GET /ready}, {@code POST /etl}, {@code GET /status}, {@code GET /metrics} (Prometheus text).
 */
final class ControlRoutes {
    /** What the routes need from the running driver. */
    interface Driver {
        boolean ready();

        /** Runs one ETL now and waits for it; IllegalStateException when the driver cannot run one (yet). */
        EtlSummary runEtl() throws Exception;

        Map<String, Object> status();

        /** Prometheus text exposition of the driver's meters. */
        String metrics();
    }

    static final String JSON = "application/json";
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    record Response(int status, String body, String contentType) {
        Response(int status, String json) {
            this(status, json, JSON);
        }
    }

    private final Driver driver;

    ControlRoutes(Driver driver) {
        this.driver = driver;
    }

    Response handle(String method, String path) {
        return switch (path) {
            case "/ready" -> !"GET".equals(method) ? methodNotAllowed("GET")
                    : driver.ready() ? json(200, Map.of("ready", true)) : json(503, Map.of("ready", false));
            case "/etl" -> !"POST".equals(method) ? methodNotAllowed("POST") : runEtl();
            case "/status" -> !"GET".equals(method) ? methodNotAllowed("GET") : json(200, driver.status());
            case "/metrics" -> !"GET".equals(method) ? methodNotAllowed("GET")
                    : new Response(200, driver.metrics(), PROMETHEUS_TEXT);
            default -> json(404, Map.of("error", "no such route: " + path));
        };
    }

    static Map<String, Object> summary(EtlSummary summary) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run_id", summary.runId());
        json.put("hours_rebuilt", summary.hoursRebuilt());
        json.put("events_read", summary.eventsRead());
        json.put("rows_written", summary.rowsWritten());
        json.put("duration_ms", summary.durationMs());
        json.put("stage_ms", summary.stageMs());
        json.put("warehouse_ms", summary.warehouseMs());
        return json;
    }

    private Response runEtl() {
        try {
            return json(200, summary(driver.runEtl()));
        } catch (IllegalStateException e) {
            return json(503, Map.of("error", String.valueOf(e.getMessage())));
        } catch (Exception e) {
            return json(500, Map.of("error", e.toString()));
        }
    }

    private static Response methodNotAllowed(String allowed) {
        return json(405, Map.of("error", "method not allowed; use " + allowed));
    }

    private static Response json(int status, Map<String, ?> body) {
        return new Response(status, Json.write(body));
    }
}
