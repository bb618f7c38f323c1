package com.merchantinsights.sparkjobs;

import static com.merchantinsights.sparkjobs.ControlRoutes.json;
import static com.merchantinsights.sparkjobs.ControlRoutes.methodNotAllowed;

import com.merchantinsights.etl.CubeRebuild;
import com.merchantinsights.etl.DiffJson;
import com.merchantinsights.etl.ReprocessRunJson;
import com.merchantinsights.etl.reprocess.CubeSwitch;
import com.merchantinsights.etl.reprocess.ReprocessRun;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reprocessing part of the control API (decision 0016), which is the operators' admin API for it:
 * <ul>
 *   <li>{@code POST /reprocess?from=&to=[&merchant=…][&raw_version=][&kind=reprocess|calendar][&requested_by=]}:
 *       logs a run and builds it in the background (202 with the run);</li>
 *   <li>{@code GET /reprocess[?limit=20]}: the run log, newest first; {@code GET /reprocess/run?run=}: one run;</li>
 *   <li>{@code GET /reprocess/diff?run=[&limit=100]}: a built run against the live cube, its totals and the
 *       {@code limit} largest changes (at most 10,000);</li>
 *   <li>{@code POST /reprocess/switch?run=[&keep=P7D]}, {@code POST /reprocess/rollback?run=[&requested_by=]},
 *       {@code POST /reprocess/discard?run=}.</li>
 * </ul>
 * A request in the wrong state for the run (switch a run still building, roll back twice) is a 409.
 * {@code requested_by} is whatever the caller says, for the run log only: the control token (decision 0037) tells
 * that the caller may drive the driver, not who it is. The operations service of issue 19 will take it from the
 * caller's key instead.
 */
final class ReprocessRoutes {
    static final Duration DEFAULT_KEEP = Duration.ofDays(7);
    private static final int DEFAULT_RUNS = 20;
    /** The largest changes a diff answers by default: what an operator reads before a switch. */
    static final int DEFAULT_DIFF_CHANGES = 100;
    /** A cap on one answer's list (a diff's changes, the run log), so that no answer is built as one huge string. */
    static final int MAX_LIMIT = 10_000;

    private final ControlRoutes.Driver driver;

    ReprocessRoutes(ControlRoutes.Driver driver) {
        this.driver = driver;
    }

    ControlRoutes.Response handle(String method, String path, QueryParameters query) {
        try {
            return switch (path) {
                case "/reprocess" ->
                    "POST".equals(method)
                            ? start(query)
                            : "GET".equals(method) ? runs(query) : methodNotAllowed("GET, POST");
                case "/reprocess/run" -> !"GET".equals(method) ? methodNotAllowed("GET") : run(query);
                case "/reprocess/diff" -> !"GET".equals(method) ? methodNotAllowed("GET") : diff(query);
                case "/reprocess/switch" -> !"POST".equals(method) ? methodNotAllowed("POST") : switchRun(query);
                case "/reprocess/rollback" -> !"POST".equals(method) ? methodNotAllowed("POST") : rollback(query);
                case "/reprocess/discard" -> !"POST".equals(method) ? methodNotAllowed("POST") : discard(query);
                default -> json(404, Map.of("error", "no such route: " + path));
            };
        } catch (IllegalArgumentException e) {
            return json(400, Map.of("error", String.valueOf(e.getMessage())));
        } catch (CubeSwitch.ReprocessException e) {
            return json(409, Map.of("error", String.valueOf(e.getMessage())));
        } catch (IllegalStateException e) {
            return json(503, Map.of("error", String.valueOf(e.getMessage())));
        } catch (Exception e) {
            return json(500, Map.of("error", e.toString()));
        }
    }

    private ControlRoutes.Response start(QueryParameters query) throws Exception {
        Instant from = query.instant("from");
        Instant to = query.instant("to");
        ReprocessRun.Kind kind = kind(query);
        if (kind == ReprocessRun.Kind.CALENDAR && from == null && to == null) {
            if (query.all("merchant").isEmpty()) {
                throw new IllegalArgumentException("a calendar rebuild names its merchants");
            }
            Instant[] history = driver.reprocessing()
                    .history(query.all("merchant"))
                    .orElseThrow(() -> new IllegalArgumentException("no cube rows of " + query.all("merchant")));
            from = history[0];
            to = history[1];
        }
        if (from == null || to == null) {
            throw new IllegalArgumentException("from and to are required");
        }
        CubeRebuild.Request request = new CubeRebuild.Request(
                kind, from, to, query.all("merchant"), query.first("raw_version"), requestedBy(query));
        long runId = driver.startReprocess(request);
        return json(202, run(driver.reprocessing().run(runId).orElseThrow()));
    }

    private static ReprocessRun.Kind kind(QueryParameters query) {
        String kind = query.first("kind");
        if (kind == null || kind.equals("reprocess")) {
            return ReprocessRun.Kind.REPROCESS;
        }
        if (kind.equals("calendar")) {
            return ReprocessRun.Kind.CALENDAR;
        }
        throw new IllegalArgumentException("kind must be reprocess or calendar: " + kind);
    }

    private ControlRoutes.Response runs(QueryParameters query) throws Exception {
        int limit = limit(query, DEFAULT_RUNS);
        List<Map<String, Object>> runs = driver.reprocessing().runs(limit).stream()
                .map(ReprocessRoutes::run)
                .toList();
        return json(200, Map.of("runs", runs));
    }

    private ControlRoutes.Response run(QueryParameters query) throws Exception {
        long runId = runId(query);
        return driver.reprocessing()
                .run(runId)
                .map(r -> json(200, run(r)))
                .orElseGet(() -> json(404, Map.of("error", "no run " + runId)));
    }

    private ControlRoutes.Response diff(QueryParameters query) throws Exception {
        long runId = runId(query);
        int limit = diffLimit(query);
        return json(200, DiffJson.of(driver.reprocessing().diff(runId), limit));
    }

    /** How many of a diff's changes to answer: {@link #DEFAULT_DIFF_CHANGES} unless asked, never over the cap. */
    static int diffLimit(QueryParameters query) {
        return limit(query, DEFAULT_DIFF_CHANGES);
    }

    private ControlRoutes.Response switchRun(QueryParameters query) throws Exception {
        long runId = runId(query);
        Duration keep = keep(query);
        return json(200, outcome(driver.reprocessing().switchTo(runId, keep), "switched"));
    }

    private ControlRoutes.Response rollback(QueryParameters query) throws Exception {
        long runId = runId(query);
        return json(200, outcome(driver.reprocessing().rollback(runId, requestedBy(query)), "rolled_back"));
    }

    private ControlRoutes.Response discard(QueryParameters query) throws Exception {
        long runId = runId(query);
        driver.reprocessing().discard(runId);
        return json(200, Map.of("run_id", runId, "state", "discarded"));
    }

    static Map<String, Object> run(ReprocessRun run) {
        return ReprocessRunJson.of(run);
    }

    private static Map<String, Object> outcome(CubeSwitch.Outcome outcome, String state) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run_id", outcome.runId());
        json.put("state", state);
        json.put("rows_replaced", outcome.rowsReplaced());
        json.put("rows_installed", outcome.rowsInstalled());
        json.put("hours_marked_for_refresh", outcome.hoursToRefresh().size());
        return json;
    }

    private static long runId(QueryParameters query) {
        String text = query.first("run");
        if (text == null) {
            throw new IllegalArgumentException("run is required");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("run must be a run id: " + text);
        }
    }

    private static Duration keep(QueryParameters query) {
        String text = query.first("keep");
        if (text == null) {
            return DEFAULT_KEEP;
        }
        try {
            Duration keep = Duration.parse(text);
            if (keep.isNegative()) {
                throw new IllegalArgumentException("keep must not be negative: " + text);
            }
            return keep;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("keep must be an ISO-8601 duration like P7D: " + text);
        }
    }

    private static String requestedBy(QueryParameters query) {
        String who = query.first("requested_by");
        return who == null || who.isBlank() ? "unknown" : who;
    }

    /** The {@code limit} parameter, {@code fallback} without it; 0 to {@link #MAX_LIMIT}, else a 400 naming it. */
    static int limit(QueryParameters query, int fallback) {
        String text = query.first("limit");
        if (text == null) {
            return fallback;
        }
        int limit;
        try {
            limit = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a number: " + text);
        }
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 0 and " + MAX_LIMIT + ": " + text);
        }
        return limit;
    }
}
