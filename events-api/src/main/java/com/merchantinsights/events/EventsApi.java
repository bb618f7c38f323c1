package com.merchantinsights.events;

import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.InsightsException;
import com.merchantinsights.core.identity.IdentityToken;
import com.merchantinsights.service.GatewayIdentity;
import com.merchantinsights.service.ServiceApp;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The events API service: {@code POST /v1/events}. */
public final class EventsApi implements AutoCloseable {
    private final Javalin app;
    private final EventPublisher publisher;

    private EventsApi(Javalin app, EventPublisher publisher) {
        this.app = app;
        this.publisher = publisher;
    }

    public static EventsApi start(EventsApiConfig config) {
        Clock clock = Clock.systemUTC();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        EventPublisher publisher = new EventPublisher(config.kafkaBootstrap(), config.kafkaAckTimeout());
        EventIntake intake = new EventIntake(clock, config.futureTolerance(), config.lateEventHorizon());
        GatewayIdentity identity = new GatewayIdentity(new IdentityToken(config.signingSecret()), clock);
        Counter accepted = registry.counter("events.accepted");
        Counter rejected = registry.counter("events.rejected");
        Javalin app = ServiceApp.create("events-api", config.host(), config.port(), registry, () -> true, routes -> {
            routes.before("/v1/*", identity::require);
            routes.post("/v1/events", ctx -> ingest(ctx, intake, publisher, accepted, rejected));
        });
        app.start();
        return new EventsApi(app, publisher);
    }

    private static void ingest(Context ctx, EventIntake intake, EventPublisher publisher, Counter acceptedCounter,
                               Counter rejectedCounter) {
        EventIntake.Intake parsed = intake.read(ctx.bodyAsBytes(), framing(ctx.contentType()), GatewayIdentity.of(ctx));
        List<IngestResult.EventError> errors = new ArrayList<>(parsed.errors());
        int accepted = 0;
        if (!parsed.valid().isEmpty()) {
            EventPublisher.Outcome outcome = publisher.publish(parsed.valid());
            accepted = outcome.stored().size();
            if (accepted == 0) {
                throw new InsightsException(ErrorCode.EVENT_STORE_UNAVAILABLE);
            }
            for (ValidatedEvent failed : outcome.failed()) {
                errors.add(new IngestResult.EventError(failed.index(), failed.eventId(), null,
                        ErrorCode.EVENT_STORE_UNAVAILABLE.code(), "not stored; retry this event"));
            }
        }
        errors.sort(java.util.Comparator.comparingInt(IngestResult.EventError::index));
        acceptedCounter.increment(accepted);
        rejectedCounter.increment(errors.size());
        String requestId = ServiceApp.requestId(ctx);
        if (accepted == 0) {
            ctx.status(400).json(new IngestResult(0, errors.size(), errors, requestId,
                    ErrorCode.BATCH_REJECTED.code(), ErrorCode.BATCH_REJECTED.defaultMessage()));
        } else {
            ctx.status(202).json(new IngestResult(accepted, errors.size(), errors, requestId, null, null));
        }
    }

    /** application/json carries one event or {"events": [...]}; application/x-ndjson one event per line. */
    static EventIntake.Framing framing(String contentType) {
        String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
        return switch (type) {
            case "application/json" -> EventIntake.Framing.JSON;
            case "application/x-ndjson", "application/jsonl" -> EventIntake.Framing.NDJSON;
            default -> throw new InsightsException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be application/json or application/x-ndjson", "Content-Type");
        };
    }

    public int port() {
        return app.port();
    }

    /** Stops taking requests, lets in-flight ones finish, then flushes the producer. */
    @Override
    public void close() {
        app.stop();
        publisher.close();
    }
}
