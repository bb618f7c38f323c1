package com.merchantinsights.events;

import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.EventErrorCode;
import com.merchantinsights.core.error.InsightsException;
import com.merchantinsights.service.Drain;
import com.merchantinsights.service.GatewayIdentity;
import com.merchantinsights.service.QueryLimit;
import com.merchantinsights.service.RequestBody;
import com.merchantinsights.service.RunningService;
import com.merchantinsights.service.ServiceApp;
import com.merchantinsights.service.identity.Audiences;
import com.merchantinsights.service.identity.IdentityKeys;
import com.merchantinsights.service.identity.IdentityVerifier;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The events API service: {@code POST /v1/events}. Closing it stops taking requests, lets in-flight ones finish, then
 * flushes the producer.
 */
public final class EventsApi extends RunningService {
    static final int INPUT_BUFFER_BYTES = 64 * 1024;

    private EventsApi(Javalin app, Drain drain, EventPublisher publisher, KafkaReadiness kafka) {
        super(app, drain, () -> {
            publisher.close();
            kafka.close();
        });
    }

    public static EventsApi start(EventsApiConfig config) {
        Clock clock = Clock.systemUTC();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        EventPublisher publisher = new EventPublisher(config.kafkaBootstrap(), config.kafkaAckTimeout());
        EventIntake intake = new EventIntake(
                clock, config.futureTolerance(), config.lateEventHorizon(), true, config.pseudonymKey());
        GatewayIdentity identity = new GatewayIdentity(
                new IdentityVerifier(IdentityKeys.parseVerificationKeys(config.identityKeys()), Audiences.EVENTS_API),
                clock);
        Counter accepted = registry.counter("events.accepted");
        Counter rejected = registry.counter("events.rejected");
        StageTimers timers = StageTimers.register(registry);
        SegmentIntake segment = new SegmentIntake(intake, clock);
        DeadLetterLog deadLetterLog = new DeadLetterLog(config.kafkaBootstrap());
        Counter deadLettered = registry.counter("events.dead_lettered", "source", "segment");
        Drain drain = new Drain();
        KafkaReadiness kafka = new KafkaReadiness(config.kafkaBootstrap(), clock);
        Javalin app = ServiceApp.create(
                "events-api", config.host(), config.port(), registry, drain.readiness(kafka), routes -> {
                    routes.before("/v1/*", identity::require);
                    routes.post("/v1/events", ctx -> ingest(ctx, intake, publisher, accepted, rejected, timers));
                    for (String call : SEGMENT_CALLS) {
                        routes.post(
                                "/v1/" + call, ctx -> segment(ctx, call, segment, publisher, accepted, deadLettered));
                    }
                    routes.get("/v1/admin/dead-letters", ctx -> listDeadLetters(ctx, deadLetterLog));
                });
        // Batches are bodies of up to 1 MiB: read them in 64 KiB rather than Jetty's default 8 KiB pieces, each of
        // which costs a read and a wake-up (docs/decisions/0007-ingest-hot-path.md).
        app.unsafe.jetty.modifyHttpConfiguration(http -> http.setInputBufferSize(INPUT_BUFFER_BYTES));
        app.start();
        return new EventsApi(app, drain, publisher, kafka);
    }

    /** Segment's HTTP Tracking API calls we collect. */
    static final List<String> SEGMENT_CALLS = List.of("track", "page", "identify", "batch", "import");

    /**
     * Answers as Segment's API does: 200 once everything is stored (events, and dead letters for messages that
     * broke a rule), 400 only for an unreadable body, 503 when Kafka did not acknowledge (the SDK retries).
     */
    private static void segment(
            Context ctx,
            String call,
            SegmentIntake segment,
            EventPublisher publisher,
            Counter acceptedCounter,
            Counter deadLetteredCounter) {
        SegmentIntake.Intake intake = segment.read(RequestBody.of(ctx), call, GatewayIdentity.of(ctx));
        EventPublisher.Outcome letters = publisher.publishDeadLetters(intake.deadLetters());
        EventPublisher.Outcome events = publisher.publish(intake.events());
        if (!letters.failed().isEmpty() || !events.failed().isEmpty()) {
            throw new InsightsException(ErrorCode.EVENT_STORE_UNAVAILABLE);
        }
        acceptedCounter.increment(events.stored().size());
        deadLetteredCounter.increment(letters.stored().size());
        ctx.status(200).json(java.util.Map.of("success", true));
    }

    private static void listDeadLetters(Context ctx, DeadLetterLog log) {
        if (GatewayIdentity.of(ctx).scope() != com.merchantinsights.core.identity.Scope.ADMIN) {
            throw new InsightsException(ErrorCode.FORBIDDEN, "Dead letters are listed for admin keys only.", null);
        }
        int limit = QueryLimit.parse(ctx.queryParam("limit"), 100, 1000);
        java.time.Instant since;
        try {
            since = java.time.Instant.parse(
                    ctx.queryParamAsClass("since", String.class).getOrDefault("1970-01-01T00:00:00Z"));
        } catch (java.time.format.DateTimeParseException e) {
            throw new InsightsException(ErrorCode.INVALID_PARAMETER, "since must be an RFC 3339 UTC instant", "since");
        }
        ctx.json(java.util.Map.of("dead_letters", log.list(since, limit), "request_id", ServiceApp.requestId(ctx)));
    }

    private static void ingest(
            Context ctx,
            EventIntake intake,
            EventPublisher publisher,
            Counter acceptedCounter,
            Counter rejectedCounter,
            StageTimers timers) {
        long started = System.nanoTime();
        byte[] body = RequestBody.of(ctx);
        long read = System.nanoTime();
        EventIntake.Intake parsed = intake.read(body, framing(ctx.contentType()), GatewayIdentity.of(ctx));
        long validated = System.nanoTime();
        List<IngestResult.EventError> errors = new ArrayList<>(parsed.errors());
        int accepted = 0;
        if (!parsed.valid().isEmpty()) {
            EventPublisher.Outcome outcome = publisher.publish(parsed.valid());
            timers.record(ctx, read - started, validated - read, outcome);
            accepted = outcome.stored().size();
            if (accepted == 0) {
                throw new InsightsException(ErrorCode.EVENT_STORE_UNAVAILABLE);
            }
            for (ValidatedEvent failed : outcome.failed()) {
                errors.add(new IngestResult.EventError(
                        failed.index(),
                        failed.eventId(),
                        null,
                        EventErrorCode.EVENT_STORE_UNAVAILABLE.code(),
                        "not stored; retry this event"));
            }
        }
        errors.sort(java.util.Comparator.comparingInt(IngestResult.EventError::index));
        acceptedCounter.increment(accepted);
        rejectedCounter.increment(errors.size());
        String requestId = ServiceApp.requestId(ctx);
        if (accepted == 0) {
            ctx.status(400)
                    .json(new IngestResult(
                            0,
                            errors.size(),
                            errors,
                            requestId,
                            ErrorCode.BATCH_REJECTED.code(),
                            ErrorCode.BATCH_REJECTED.defaultMessage()));
        } else {
            ctx.status(202).json(new IngestResult(accepted, errors.size(), errors, requestId, null, null));
        }
    }

    /**
     * Where an accepted batch's time went: reading the body, validating it, waiting for the turn to append to the
     * producer, appending, waiting for Kafka's acknowledgements. Prometheus timers for the service's dashboards, and
     * the request's access-log line, so that a slow request says which stage was slow.
     */
    private record StageTimers(Timer read, Timer validate, Timer turn, Timer append, Timer acks) {
        static StageTimers register(MeterRegistry registry) {
            return new StageTimers(
                    stage(registry, "read"),
                    stage(registry, "validate"),
                    stage(registry, "turn"),
                    stage(registry, "append"),
                    stage(registry, "acks"));
        }

        private static Timer stage(MeterRegistry registry, String stage) {
            return Timer.builder("events.ingest.stage")
                    .tag("stage", stage)
                    .publishPercentileHistogram()
                    .description("time of one stage of an accepted POST /v1/events")
                    .register(registry);
        }

        void record(Context ctx, long readNanos, long validateNanos, EventPublisher.Outcome outcome) {
            read.record(readNanos, TimeUnit.NANOSECONDS);
            validate.record(validateNanos, TimeUnit.NANOSECONDS);
            turn.record(outcome.turnNanos(), TimeUnit.NANOSECONDS);
            append.record(outcome.appendNanos(), TimeUnit.NANOSECONDS);
            acks.record(outcome.ackNanos(), TimeUnit.NANOSECONDS);
            // Whole microseconds, concatenated: with String.format this line was ≈ 1 % of the service's CPU (JFR).
            ctx.attribute(
                    ServiceApp.STAGES_ATTRIBUTE,
                    "read=" + micros(readNanos) + " validate=" + micros(validateNanos)
                            + " turn=" + micros(outcome.turnNanos()) + " append=" + micros(outcome.appendNanos())
                            + " acks=" + micros(outcome.ackNanos()));
        }

        private static long micros(long nanos) {
            return nanos / 1_000;
        }
    }

    /** application/json carries one event or {"events": [...]}; application/x-ndjson one event per line. */
    static EventIntake.Framing framing(String contentType) {
        String type =
                contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "application/json" -> EventIntake.Framing.JSON;
            case "application/x-ndjson", "application/jsonl" -> EventIntake.Framing.NDJSON;
            default ->
                throw new InsightsException(
                        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                        "Content-Type must be application/json or application/x-ndjson",
                        "Content-Type");
        };
    }
}
