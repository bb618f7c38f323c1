package com.merchantinsights.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.InsightsException;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.etl.operations.OperationLog;
import com.merchantinsights.etl.reprocess.CubeSwitch;
import com.merchantinsights.reconcile.Reconciler;
import com.merchantinsights.reconcile.ReconciliationReport;
import com.merchantinsights.reconcile.ReportJson;
import com.merchantinsights.reconcile.ReportText;
import com.merchantinsights.service.GatewayIdentity;
import com.merchantinsights.service.Json;
import com.merchantinsights.service.QueryLimit;
import com.merchantinsights.service.ServiceApp;
import com.merchantinsights.service.audit.AdminAudit;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin routes (decision 0039). Every one needs an admin key's identity, checked here as well as at the gateway.
 * Reads and quick acts are relayed to the driver and answered with its answer; the long acts become
 * {@link Operations} (202, then {@code GET /v1/admin/operations/{id}}). Every act that changes something is first
 * written to {@code admin_audit} with the admin key and the request id; who asked ({@code requested_by}) is always
 * the key's id and description, never a parameter.
 */
final class OpsRoutes {
    static final String PREFIX = "/v1/admin";
    /** Relayed reads and the acts that only start something (a reprocess build, a re-derivation). */
    static final Duration QUICK = Duration.ofSeconds(60);
    /** The longest a driver act may take: an archive back-fill of a large range. */
    static final Duration LONG = Duration.ofHours(3);

    static final int MAX_AUDIT = 1_000;
    /** The run log's default length and a diff's default number of changes, as the driver answers them. */
    static final int DEFAULT_RUNS = 20;

    static final int DEFAULT_DIFF_CHANGES = 100;
    /** A cap on one answer's list (the run log, a diff's changes). */
    static final int MAX_LIMIT = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(OpsRoutes.class);

    /** A long act: its audit name and the driver's path. */
    record LongAct(String route, String action, String driverPath) {}

    static final List<LongAct> LONG_ACTS = List.of(
            new LongAct("/etl", "etl", "/etl"),
            new LongAct("/archive", "archive", "/archive"),
            new LongAct("/rebuild-warehouse", "rebuild-warehouse", "/rebuild-warehouse"),
            new LongAct("/reprocess/switch", "reprocess.switch", "/reprocess/switch"),
            new LongAct("/reprocess/rollback", "reprocess.rollback", "/reprocess/rollback"),
            new LongAct("/reprocess/discard", "reprocess.discard", "/reprocess/discard"));

    private final DriverClient driver;
    private final Operations operations;
    private final DataSource warehouse;
    private final Optional<Reconciler> reconciler;
    private final Optional<DeadLetterRedrive> redrive;
    private final RunLog runLog;
    private final ErasureRoutes erasures;

    OpsRoutes(
            DriverClient driver,
            Operations operations,
            RunLog runLog,
            DataSource warehouse,
            Optional<Reconciler> reconciler,
            Optional<DeadLetterRedrive> redrive,
            java.util.List<com.merchantinsights.core.privacy.PseudonymKey> pseudonymKeys,
            ErasureTopics topics) {
        this.driver = driver;
        this.erasures =
                new ErasureRoutes(warehouse, pseudonymKeys, topics, java.time.Clock.systemUTC(), this::refreshNow);
        this.operations = operations;
        this.runLog = runLog;
        this.warehouse = warehouse;
        this.reconciler = reconciler;
        this.redrive = redrive;
    }

    Consumer<RoutesConfig> routes(GatewayIdentity identity) {
        return routes -> {
            routes.before("/v1/*", ctx -> {
                identity.require(ctx);
                Scope scope = GatewayIdentity.of(ctx).scope();
                // A platform key may erase a person of any merchant it writes for, which is any (issue 23).
                boolean erasure =
                        ctx.path().equals(ErasureRoutes.PATH) || ctx.path().startsWith(ErasureRoutes.PATH + "/");
                if (scope != Scope.ADMIN && !(erasure && scope == Scope.PLATFORM)) {
                    throw new InsightsException(ErrorCode.FORBIDDEN, "Operations need an admin key.", null);
                }
            });
            routes.get(PREFIX + "/status", ctx -> relay(ctx, "GET", "/status", ""));
            routes.get(PREFIX + "/runs", ctx -> {
                if (operations.inCluster()) {
                    int limit = QueryLimit.parse(ctx.queryParam("limit"), DEFAULT_RUNS, MAX_LIMIT);
                    ctx.json(Map.of("runs", warehouse(() -> runLog.runs(limit))));
                } else {
                    relay(ctx, "GET", "/reprocess", "");
                }
            });
            routes.get(PREFIX + "/reprocess/run", ctx -> {
                if (operations.inCluster()) {
                    long runId = runId(ctx);
                    ctx.json(warehouse(() -> runLog.run(runId))
                            .orElseThrow(() -> new InsightsException(ErrorCode.NOT_FOUND, "no run " + runId, "run")));
                } else {
                    relay(ctx, "GET", "/reprocess/run", "");
                }
            });
            routes.get(PREFIX + "/reprocess/diff", ctx -> {
                if (operations.inCluster()) {
                    long runId = runId(ctx);
                    int limit = QueryLimit.parse(ctx.queryParam("limit"), DEFAULT_DIFF_CHANGES, MAX_LIMIT);
                    if (warehouse(() -> runLog.run(runId)).isEmpty()) {
                        throw new InsightsException(ErrorCode.NOT_FOUND, "no run " + runId, "run");
                    }
                    ctx.json(warehouse(() -> runLog.diff(runId, limit)));
                } else {
                    relay(ctx, "GET", "/reprocess/diff", "");
                }
            });
            routes.get(PREFIX + "/rederive", ctx -> {
                if (operations.inCluster()) {
                    latestRederive(ctx);
                } else {
                    relay(ctx, "GET", "/rederive", "");
                }
            });
            routes.post(PREFIX + "/reprocess", ctx -> {
                if (operations.inCluster()) {
                    submit(ctx, "reprocess.build", "/reprocess");
                } else {
                    String by = recordAct(ctx, "reprocess.build");
                    relay(ctx, "POST", "/reprocess", "requested_by=" + encode(by));
                }
            });
            routes.post(PREFIX + "/rederive", ctx -> {
                if (operations.inCluster()) {
                    submit(ctx, "rederive", "/rederive");
                } else {
                    recordAct(ctx, "rederive");
                    relay(ctx, "POST", "/rederive", "");
                }
            });
            for (LongAct act : LONG_ACTS) {
                routes.post(PREFIX + act.route(), ctx -> start(ctx, act));
            }
            routes.post(PREFIX + "/reconcile", this::reconcile);
            routes.post(PREFIX + "/dead-letters/redrive", this::redrive);
            routes.get(PREFIX + "/operations/{id}", ctx -> {
                OperationLog.Operation operation = operations
                        .get(ctx.pathParam("id"))
                        .orElseThrow(() -> new InsightsException(
                                ErrorCode.NOT_FOUND, "No operation " + ctx.pathParam("id") + " on record", "id"));
                ctx.json(view(operation));
            });
            routes.get(PREFIX + "/audit", this::listAudit);
            routes.post(ErasureRoutes.PATH, ctx -> erasures.create(ctx, recordAct(ctx, "erasure")));
            routes.get(ErasureRoutes.PATH + "/{id}", erasures::get);
        };
    }

    /**
     * Topic = raw store = cubes for a range (the reconciliation library), as an operation: its result carries the exit
     * code the CLI exits with, the report as JSON and as the CLI's text.
     */
    private void reconcile(Context ctx) {
        Reconciler check = reconciler.orElseThrow(() -> new InsightsException(
                ErrorCode.BACKEND_UNAVAILABLE, "This operations service is not configured to reconcile.", null));
        Reconciler.Request request;
        try {
            request = new Reconciler.Request(
                    instant(ctx, "from"),
                    instant(ctx, "to"),
                    Set.copyOf(ctx.queryParams("merchant")),
                    duration(ctx, "settle", Duration.ofMinutes(10)),
                    duration(ctx, "raw_retention", RawEventLayout.DEFAULT_RETENTION),
                    duration(ctx, "future_tolerance", Duration.ofMinutes(15)));
        } catch (IllegalArgumentException e) {
            throw new InsightsException(ErrorCode.INVALID_PARAMETER, e.getMessage(), "from");
        }
        startOperation(ctx, "reconcile", by -> () -> {
            ReconciliationReport report = check.reconcile(request, Instant.now());
            StringWriter text = new StringWriter();
            try (PrintWriter out = new PrintWriter(text)) {
                ReportText.print(report, out);
            }
            ObjectNode result = Json.mapper().createObjectNode();
            result.put("exit_code", report.exitCode());
            result.set("report", Json.mapper().readTree(ReportJson.render(report)));
            result.put("text", text.toString());
            return new Operations.Outcome(200, result);
        });
    }

    /**
     * Re-sends rejected dead letters recorded on a range of UTC days (default: the last 7 days and today) as an
     * operation; its result counts what was re-sent per code and what was left alone.
     */
    private void redrive(Context ctx) {
        LocalDate last = date(ctx, "to", LocalDate.now(ZoneOffset.UTC));
        LocalDate first = date(ctx, "from", last.minusDays(7));
        if (first.isAfter(last)) {
            throw new InsightsException(ErrorCode.INVALID_PARAMETER, "from must not be after to", "from");
        }
        DeadLetterRedrive.Request request = new DeadLetterRedrive.Request(
                first,
                last,
                Set.copyOf(ctx.queryParams("code")),
                Set.copyOf(ctx.queryParams("merchant")),
                flag(ctx, "include_resolved"),
                flag(ctx, "dry_run"));
        DeadLetterRedrive letters = redrive.orElseThrow(() -> new InsightsException(
                ErrorCode.BACKEND_UNAVAILABLE, "This operations service is not configured to re-drive.", null));
        startOperation(ctx, "dead-letters.redrive", by -> () -> {
            DeadLetterRedrive.Result done = letters.run(request);
            ObjectNode result = Json.mapper().createObjectNode();
            result.put("from", first.toString());
            result.put("to", last.toString());
            result.put("dry_run", request.dryRun());
            result.put("re_sent", done.total());
            result.set("by_code", Json.mapper().valueToTree(done.byCode()));
            result.put("skipped", done.skipped());
            return new Operations.Outcome(200, result);
        });
    }

    private static LocalDate date(Context ctx, String name, LocalDate fallback) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return fallback;
        }
        try {
            return LocalDate.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new InsightsException(ErrorCode.INVALID_PARAMETER, name + " must be a date like 2026-11-24", name);
        }
    }

    private static boolean flag(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null || text.equals("false")) {
            return false;
        }
        if (text.equals("true")) {
            return true;
        }
        throw new InsightsException(ErrorCode.INVALID_PARAMETER, name + " must be true or false", name);
    }

    private static Instant instant(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null) {
            throw new InsightsException(ErrorCode.INVALID_PARAMETER, name + " is required (an instant)", name);
        }
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new InsightsException(
                    ErrorCode.INVALID_PARAMETER, name + " must be an instant like 2026-11-24T13:00:00Z", name);
        }
    }

    private static Duration duration(Context ctx, String name, Duration fallback) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return fallback;
        }
        try {
            return Duration.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new InsightsException(
                    ErrorCode.INVALID_PARAMETER, name + " must be an ISO-8601 duration like PT10M", name);
        }
    }

    /** A driver read or quick act: its answer, or our error body for its error. */
    private void relay(Context ctx, String method, String driverPath, String extraQuery) throws InterruptedException {
        Operations.Outcome outcome = ask(method, driverPath, query(ctx, extraQuery), QUICK);
        if (!outcome.succeeded()) {
            throw error(outcome);
        }
        ctx.status(outcome.status()).json(outcome.result());
    }

    private void start(Context ctx, LongAct act) throws SQLException {
        if (!operations.inCluster()) {
            startOperation(ctx, act.action(), by -> {
                String query = query(ctx, act.action().startsWith("reprocess.") ? "requested_by=" + encode(by) : "");
                return () -> ask("POST", act.driverPath(), query, LONG);
            });
        } else if (act.action().equals("reprocess.discard")) {
            // The warehouse's alone: no Spark application for it.
            long runId = runId(ctx);
            startOperation(ctx, act.action(), by -> () -> {
                try {
                    return new Operations.Outcome(200, Json.mapper().valueToTree(runLog.discard(runId)));
                } catch (CubeSwitch.ReprocessException e) {
                    return failure(409, e.getMessage());
                }
            });
        } else {
            submit(ctx, act.action(), act.driverPath());
        }
    }

    /**
     * In a cluster: records the act and creates the one-off SparkApplication that runs the driver's route
     * {@code driverPath} with the client's parameters (decision 0052); 202 with the operation.
     */
    private void submit(Context ctx, String action, String driverPath) throws SQLException {
        String by = recordAct(ctx, action);
        String query = query(ctx, action.startsWith("reprocess.") ? "requested_by=" + encode(by) : "");
        OperationLog.Operation operation;
        try {
            operation = operations.submit(action, "POST " + driverPath, query, by);
        } catch (Operations.Busy e) {
            throw new InsightsException(ErrorCode.STATE_CONFLICT, e.getMessage(), null);
        }
        ctx.status(202)
                .header("Location", PREFIX + "/operations/" + operation.id())
                .json(view(operation));
    }

    /**
     * In a cluster, {@code GET /rederive}: the latest re-derivation's progress or outcome as its SparkApplication wrote
     * it, the local driver's answer in shape; its operation's view while it has written nothing yet, and a failed
     * re-derivation's shape when it ended without writing one (its application failed), so that a follower stops.
     */
    private void latestRederive(Context ctx) throws SQLException {
        OperationLog.Operation latest = operations
                .latest("rederive")
                .orElseThrow(() -> new InsightsException(ErrorCode.NOT_FOUND, "no re-derivation on record", null));
        if (latest.result().isEmpty()) {
            ctx.json(view(latest));
            return;
        }
        JsonNode result = parse(latest.result().get());
        if (result.has("state")) {
            ctx.json(result);
            return;
        }
        ObjectNode failed = Json.mapper().createObjectNode();
        failed.put("state", latest.state() == OperationLog.State.RUNNING ? "running" : "failed");
        failed.put("operation_id", latest.id());
        failed.put("failure", result.path("error").asText(result.toString()));
        ctx.json(failed);
    }

    /**
     * Starts a cube refresh for an erasure just recorded (the refresh carries it out): on the local driver as an
     * operation, in a cluster as a SparkApplication unless another Spark act runs (the scheduled refresh then does).
     */
    private void refreshNow(String by) {
        try {
            if (operations.inCluster()) {
                operations.submit("etl", "POST /etl", "", by);
            } else {
                operations.start("etl", "", by, () -> ask("POST", "/etl", "", LONG));
            }
        } catch (Operations.Busy e) {
            LOG.info("erasure recorded; a Spark act runs, so the scheduled refresh carries it out: {}", e.getMessage());
        } catch (SQLException | RuntimeException e) {
            LOG.warn("erasure recorded; could not start a refresh now, the scheduled one carries it out", e);
        }
    }

    /** A warehouse read of the run log: its errors as our catalogue's. */
    private static <T> T warehouse(WarehouseRead<T> read) {
        try {
            return read.get();
        } catch (CubeSwitch.ReprocessException e) {
            throw new InsightsException(ErrorCode.STATE_CONFLICT, e.getMessage(), "run");
        } catch (SQLException e) {
            LOG.warn("could not read the run log", e);
            throw new InsightsException(ErrorCode.BACKEND_UNAVAILABLE, "The warehouse is not answering.", null);
        }
    }

    private interface WarehouseRead<T> {
        T get() throws SQLException;
    }

    private static long runId(Context ctx) {
        String text = ctx.queryParam("run");
        if (text == null) {
            throw new InsightsException(ErrorCode.INVALID_PARAMETER, "run is required", "run");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new InsightsException(ErrorCode.INVALID_PARAMETER, "run must be a run id: " + text, "run");
        }
    }

    /** Records the act, starts it as an operation and answers 202 with it; {@code work} gets who asked. */
    private void startOperation(Context ctx, String action, java.util.function.Function<String, Operations.Work> work) {
        String by = recordAct(ctx, action);
        OperationLog.Operation operation;
        try {
            operation = operations.start(action, query(ctx, ""), by, work.apply(by));
        } catch (SQLException e) {
            LOG.warn("could not log the operation {} by {}", action, by, e);
            throw new InsightsException(ErrorCode.BACKEND_UNAVAILABLE, "The warehouse is not answering.", null);
        }
        ctx.status(202)
                .header("Location", PREFIX + "/operations/" + operation.id())
                .json(view(operation));
    }

    private Operations.Outcome ask(String method, String driverPath, String query, Duration timeout)
            throws InterruptedException {
        try {
            DriverClient.Answer answer = driver.send(method, driverPath, query, timeout);
            return new Operations.Outcome(answer.status(), parse(answer.body()));
        } catch (DriverClient.Unreachable e) {
            return failure(503, e.getMessage());
        }
    }

    static Operations.Outcome failure(int status, String message) {
        ObjectNode error = Json.mapper().createObjectNode();
        error.put("error", message == null ? "unknown failure" : message);
        return new Operations.Outcome(status, error);
    }

    /** The driver's error ({"error": "…"}) as our catalogue's error. */
    private static InsightsException error(Operations.Outcome outcome) {
        String message = outcome.result().path("error").asText("the Spark driver refused");
        ErrorCode code = switch (outcome.status()) {
            case 400 -> ErrorCode.INVALID_PARAMETER;
            case 404, 405 -> ErrorCode.NOT_FOUND;
            case 409 -> ErrorCode.STATE_CONFLICT;
            case 503 -> ErrorCode.BACKEND_UNAVAILABLE;
            default -> ErrorCode.INTERNAL;
        };
        return new InsightsException(code, message, null);
    }

    private static Map<String, Object> view(OperationLog.Operation operation) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("operation_id", operation.id());
        view.put("action", operation.action());
        view.put("parameters", operation.parameters());
        view.put("requested_by", operation.requestedBy());
        view.put("state", operation.state().wireName());
        view.put("runner", operation.runner());
        view.put("started_at", operation.startedAt().toString());
        operation.finishedAt().ifPresent(at -> view.put("finished_at", at.toString()));
        operation.status().ifPresent(status -> view.put("status", status));
        operation.result().ifPresent(result -> view.put("result", parse(result)));
        return view;
    }

    /**
     * The client's query without any {@code requested_by} (who asks is the key, not a parameter), then ours. The
     * client's parameters are passed on as they came, for the driver to check.
     */
    static String query(Context ctx, String extra) {
        List<String> kept = new ArrayList<>();
        String raw = ctx.queryString();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                String name = URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8);
                if (!name.equals("requested_by") && !pair.isEmpty()) {
                    kept.add(pair);
                }
            }
        }
        if (!extra.isEmpty()) {
            kept.add(extra);
        }
        return String.join("&", kept);
    }

    /**
     * Records the act in {@code admin_audit} before it starts (an act the audit could not record is not done) and
     * answers who asked: the admin key's id and, when it has one, its description — what the run log shows.
     */
    private String recordAct(Context ctx, String action) {
        Identity caller = GatewayIdentity.of(ctx);
        String parameters = query(ctx, "");
        try (Connection connection = warehouse.getConnection();
                PreparedStatement select =
                        connection.prepareStatement("SELECT description FROM api_keys WHERE key_id = ?")) {
            AdminAudit.record(
                    connection,
                    caller.keyId(),
                    action,
                    parameters.isEmpty() ? null : parameters,
                    ServiceApp.requestId(ctx));
            select.setString(1, caller.keyId());
            try (ResultSet row = select.executeQuery()) {
                String description = row.next() ? row.getString(1) : null;
                return description == null || description.isBlank()
                        ? caller.keyId()
                        : caller.keyId() + " (" + description + ")";
            }
        } catch (SQLException e) {
            LOG.warn("could not record {} by {} in the audit", action, caller.keyId(), e);
            throw new InsightsException(ErrorCode.BACKEND_UNAVAILABLE, "The warehouse is not answering.", null);
        }
    }

    private void listAudit(Context ctx) {
        int limit = QueryLimit.parse(ctx.queryParam("limit"), 100, MAX_AUDIT);
        try (Connection connection = warehouse.getConnection()) {
            List<Map<String, Object>> entries = new ArrayList<>();
            for (AdminAudit.Entry entry : AdminAudit.newest(connection, limit)) {
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("at", entry.at().toString());
                view.put("actor", entry.actor());
                view.put("action", entry.action());
                entry.subject().ifPresent(subject -> view.put("subject", subject));
                entry.requestId().ifPresent(id -> view.put("request_id", id));
                entries.add(view);
            }
            ctx.json(Map.of("entries", entries));
        } catch (SQLException e) {
            LOG.warn("could not read the audit", e);
            throw new InsightsException(ErrorCode.BACKEND_UNAVAILABLE, "The warehouse is not answering.", null);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank()
                    ? Json.mapper().createObjectNode()
                    : Json.mapper().readTree(body);
        } catch (IOException e) {
            return Json.mapper().getNodeFactory().textNode(body);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
