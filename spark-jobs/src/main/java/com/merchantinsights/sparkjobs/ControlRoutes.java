package com.merchantinsights.sparkjobs;

import com.merchantinsights.core.layout.RawHistorySource;
import com.merchantinsights.etl.CubeRebuild;
import com.merchantinsights.etl.EtlSummary;
import com.merchantinsights.etl.Reprocessing;
import com.merchantinsights.etl.WarehouseRebuild;
import com.merchantinsights.stream.history.ArchiveSummary;
import com.merchantinsights.stream.history.RederiveRequest;
import com.merchantinsights.stream.history.RederiveStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The control endpoint's routing, free of any HTTP server so tests call it in memory:
 * {@code GET /ready}, {@code POST /etl}, {@code GET /status}, {@code GET /metrics} (Prometheus text),
 * {@code POST /archive[?from=&to=]} (archive the settled marked hours, or a range of hours, now),
 * {@code POST /rederive?from=&to=[&merchant=…][&source=auto|cassandra|archive]} (start a re-derivation) and
 * {@code GET /rederive} (the latest one's progress), {@code POST /rebuild-warehouse?from=&to=[&swap=true]} (every grain
 * of the hours rebuilt from raw history beside the live cube, or in its place), and the reprocessing routes of
 * {@link ReprocessRoutes}. Who may call them is {@link ControlAccess}'s to decide, before any of them runs.
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

        /**
         * Archives now and waits: the settled marked hours when {@code from} and {@code to} are null, else every
         * hour of [from, to). IllegalStateException when the driver cannot (yet).
         */
        ArchiveSummary archive(Instant from, Instant to) throws Exception;

        /** Starts a re-derivation in the background; IllegalStateException when one is running or the driver is starting. */
        void startRederive(RederiveRequest request);

        /**
         * Rebuilds every grain of the UTC hours in [from, to) for all merchants from raw history (decision 0027) and,
         * when {@code swap}, replaces the live cube with it; without, the built tables stay in the schema the summary
         * names. IllegalStateException while the driver starts or another rebuild runs.
         */
        default WarehouseRebuild.Summary rebuildWarehouse(Instant from, Instant to, boolean swap) throws Exception {
            throw new IllegalStateException("this driver does not rebuild the warehouse");
        }

        /** The latest re-derivation's status, or null when none ran since the driver started. */
        RederiveStatus rederiveStatus();

        /**
         * Logs a reprocess run and starts building it; ReprocessException while another builds, IllegalStateException
         * while the driver starts.
         */
        default long startReprocess(CubeRebuild.Request request) throws Exception {
            throw new IllegalStateException("this driver does not reprocess");
        }

        /** Diff, switch, rollback, discard and the run log; IllegalStateException while the driver starts. */
        default Reprocessing reprocessing() {
            throw new IllegalStateException("this driver does not reprocess");
        }
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
        return handle(method, path, QueryParameters.NONE);
    }

    Response handle(String method, String path, QueryParameters query) {
        return switch (path) {
            case "/ready" ->
                !"GET".equals(method)
                        ? methodNotAllowed("GET")
                        : driver.ready() ? json(200, Map.of("ready", true)) : json(503, Map.of("ready", false));
            case "/etl" -> !"POST".equals(method) ? methodNotAllowed("POST") : runEtl();
            case "/status" -> !"GET".equals(method) ? methodNotAllowed("GET") : json(200, driver.status());
            case "/metrics" ->
                !"GET".equals(method) ? methodNotAllowed("GET") : new Response(200, driver.metrics(), PROMETHEUS_TEXT);
            case "/archive" -> !"POST".equals(method) ? methodNotAllowed("POST") : archive(query);
            case "/rebuild-warehouse" -> !"POST".equals(method) ? methodNotAllowed("POST") : rebuildWarehouse(query);
            case "/rederive" ->
                "POST".equals(method)
                        ? startRederive(query)
                        : "GET".equals(method) ? rederiveStatus() : methodNotAllowed("GET, POST");
            case "/reprocess",
                    "/reprocess/run",
                    "/reprocess/diff",
                    "/reprocess/switch",
                    "/reprocess/rollback",
                    "/reprocess/discard" -> new ReprocessRoutes(driver).handle(method, path, query);
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

    static Map<String, Object> summary(ArchiveSummary summary) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(
                "hours_archived",
                summary.hoursArchived().stream().map(Instant::toString).toList());
        json.put("rows_archived", summary.rowsArchived());
        json.put("hours_pending", summary.hoursPending());
        json.put("duration_ms", summary.durationMs());
        return json;
    }

    private Response archive(QueryParameters query) {
        Instant from;
        Instant to;
        try {
            from = query.instant("from");
            to = query.instant("to");
            if ((from == null) != (to == null) || (from != null && !from.isBefore(to))) {
                throw new IllegalArgumentException("give both from and to, with from before to, or neither");
            }
        } catch (IllegalArgumentException e) {
            return json(400, Map.of("error", String.valueOf(e.getMessage())));
        }
        return run(() -> summary(driver.archive(from, to)));
    }

    private Response rebuildWarehouse(QueryParameters query) {
        Instant from;
        Instant to;
        boolean swap;
        try {
            from = query.instant("from");
            to = query.instant("to");
            if (from == null || to == null || !from.isBefore(to)) {
                throw new IllegalArgumentException("from and to are required, from before to");
            }
            String swapText = query.first("swap");
            if (swapText != null && !swapText.equals("true") && !swapText.equals("false")) {
                throw new IllegalArgumentException("swap is true or false");
            }
            // Replacing the live cube is asked for explicitly; by default the rebuild is built beside it.
            swap = "true".equals(swapText);
        } catch (IllegalArgumentException e) {
            return json(400, Map.of("error", String.valueOf(e.getMessage())));
        }
        return run(() -> {
            WarehouseRebuild.Summary summary = driver.rebuildWarehouse(from, to, swap);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("schema", summary.schema());
            json.put("swapped", swap);
            json.put("events", summary.events());
            Map<String, Object> rows = new LinkedHashMap<>();
            summary.rows().forEach((grain, n) -> rows.put(grain.wireName(), n));
            json.put("rows", rows);
            json.put("spark_ms", summary.sparkMs());
            json.put("index_ms", summary.indexMs());
            json.put("swap_ms", summary.loadMs());
            json.put("total_ms", summary.totalMs());
            return json;
        });
    }

    private Response startRederive(QueryParameters query) {
        RederiveRequest request;
        try {
            Instant from = query.instant("from");
            Instant to = query.instant("to");
            if (from == null || to == null) {
                throw new IllegalArgumentException("from and to are required");
            }
            String source = query.first("source");
            request = new RederiveRequest(
                    from,
                    to,
                    Set.copyOf(query.all("merchant")),
                    source == null || source.equals("auto")
                            ? null
                            : RawHistorySource.valueOf(source.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return json(400, Map.of("error", String.valueOf(e.getMessage())));
        }
        try {
            driver.startRederive(request);
        } catch (IllegalStateException e) {
            return json(409, Map.of("error", String.valueOf(e.getMessage())));
        }
        RederiveStatus status = driver.rederiveStatus();
        return json(202, status == null ? Map.of("state", "starting") : summary(status));
    }

    private Response rederiveStatus() {
        RederiveStatus status = driver.rederiveStatus();
        return status == null
                ? json(404, Map.of("error", "no re-derivation since the driver started"))
                : json(200, summary(status));
    }

    static Map<String, Object> summary(RederiveStatus status) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("raw_version", status.rawVersion());
        json.put("logic_version", status.logicVersion());
        json.put("state", status.state().name().toLowerCase(Locale.ROOT));
        json.put("from", status.request().from().toString());
        json.put("to", status.request().to().toString());
        json.put("merchants", status.request().merchants().stream().sorted().toList());
        json.put(
                "source",
                status.request().source() == null
                        ? "auto"
                        : status.request().source().name().toLowerCase(Locale.ROOT));
        json.put("hours_total", status.hoursTotal());
        json.put("hours_done", status.hoursDone());
        json.put("events_read", status.eventsRead());
        json.put("rows_written", status.rowsWritten());
        json.put("rejected", new java.util.TreeMap<>(status.rejected()));
        json.put("output_hours", status.outputHours().size());
        json.put("started_at", status.startedAt().toString());
        json.put(
                "finished_at",
                status.finishedAt() == null ? null : status.finishedAt().toString());
        json.put("failure", status.failure());
        return json;
    }

    private interface Work {
        Map<String, Object> call() throws Exception;
    }

    private static Response run(Work work) {
        try {
            return json(200, work.call());
        } catch (IllegalStateException e) {
            return json(503, Map.of("error", String.valueOf(e.getMessage())));
        } catch (Exception e) {
            return json(500, Map.of("error", e.toString()));
        }
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

    static Response methodNotAllowed(String allowed) {
        return json(405, Map.of("error", "method not allowed; use " + allowed));
    }

    static Response json(int status, Map<String, ?> body) {
        return new Response(status, Json.write(body));
    }
}
