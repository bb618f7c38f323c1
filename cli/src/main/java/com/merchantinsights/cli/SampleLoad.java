package com.merchantinsights.cli;

import com.merchantinsights.core.error.EventErrorCode;
import com.merchantinsights.sample.GeneratedEvent;
import com.merchantinsights.sample.SampleTimeline;
import com.merchantinsights.stack.Progress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Tops up the sample data through the gateway: the sample timeline's events of the last 7 days that the work
 * directory's {@link SampleLedger} does not hold yet. On a first start that is the whole week; on a start a day later,
 * the day since; on a start a minute later, the minute since. The timeline is the same whatever the clock says
 * ({@link SampleTimeline}), so what was sent before is never contradicted (docs/decisions/0025-restart-and-readiness.md).
 */
public final class SampleLoad {
    /** The sample covers the week before each start. */
    public static final Duration WINDOW = Duration.ofDays(7);

    private static final long SEED = 20261125L;
    /** Names the timeline in the ledger: another seed or shape is another timeline, and nothing of it is held. */
    static final String TIMELINE = "seed-" + SEED + "-small-v1";

    private static final int BATCH = 1000;

    private SampleLoad() {}

    public static SampleTimeline timeline() {
        return new SampleTimeline(SampleTimeline.Settings.small(SEED));
    }

    /**
     * What the work directory holds of the sample after a load.
     *
     * @param now        the load's clock reading: the window is the week before it
     * @param heldBefore what was held of the window before this load
     * @param sent       the ranges this load sent
     * @param eventsSent how many events it posted (retries included)
     */
    public record Loaded(
            SampleTimeline timeline,
            SampleLedger ledger,
            Instant now,
            List<SampleLedger.Range> heldBefore,
            List<SampleLedger.Range> sent,
            int eventsSent) {
        public Loaded {
            heldBefore = List.copyOf(heldBefore);
            sent = List.copyOf(sent);
        }

        /** The merchant whose answer the readiness check reads: the largest one. */
        public String merchantId() {
            return timeline.merchants().get(0).merchantId();
        }

        /** One line for the terminal: what was sent, or that the sample was already held. */
        public String describe() {
            if (heldBefore.isEmpty()) {
                return eventsSent + " sample events of " + timeline.merchants().size() + " merchants, occurring from "
                        + now.minus(WINDOW) + " to " + now
                        + ", accepted through the gateway (with duplicates and late arrivals)";
            }
            String held = "sample already held from " + heldBefore.get(0).from() + " to "
                    + heldBefore.get(heldBefore.size() - 1).to() + " (" + (heldBefore.size() == 1 ? "" : "with gaps; ")
                    + "ledger in sample/ledger)";
            if (eventsSent == 0) {
                return held + "; nothing new to send";
            }
            return held + "; sent the " + eventsSent + " event(s) occurring in "
                    + sent.stream().map(SampleLedger.Range::toString).collect(Collectors.joining(", "));
        }
    }

    /** Sends what the ledger does not hold of the week before {@code clock}'s now, recording each range once accepted. */
    public static Loaded load(LocalSystem system, Clock clock, Progress progress) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant from = now.minus(WINDOW);
        SampleTimeline timeline = timeline();
        SampleLedger ledger = SampleLedger.read(system.config().workDir(), TIMELINE);
        List<SampleLedger.Range> heldBefore = ledger.heldWithin(from, now);
        List<SampleLedger.Range> missing = ledger.missing(from, now);
        GatewayClient client = system.platformClient();
        int eventsSent = 0;
        List<SampleLedger.Range> sent = new ArrayList<>();
        for (SampleLedger.Range range : missing) {
            List<GeneratedEvent> events = timeline.events(range.from(), range.to());
            send(client, events);
            ledger = ledger.with(range);
            ledger.write(system.config().workDir());
            eventsSent += events.size();
            sent.add(range);
        }
        Loaded loaded = new Loaded(timeline, ledger, now, heldBefore, sent, eventsSent);
        progress.step("sample", loaded.describe());
        return loaded;
    }

    private static void send(GatewayClient client, List<GeneratedEvent> events) {
        for (int from = 0; from < events.size(); from += BATCH) {
            List<GeneratedEvent> batch = events.subList(from, Math.min(events.size(), from + BATCH));
            GatewayClient.Answer answer = client.postEvents(batchBody(batch));
            int retriesInBatch = 0; // the sample's client retries: a repeated event_id in one request is written once
            for (var error : answer.body().path("errors")) {
                retriesInBatch += error.path("code").asText().equals(EventErrorCode.DUPLICATE_IN_BATCH.code()) ? 1 : 0;
            }
            if (answer.status() != 202 || answer.body().path("accepted").asInt() + retriesInBatch != batch.size()) {
                throw new IllegalStateException(
                        "sample events were not all accepted: " + answer.status() + " " + answer.body());
            }
        }
    }

    private static String batchBody(List<GeneratedEvent> events) {
        StringBuilder body = new StringBuilder("{\"events\":[");
        for (int i = 0; i < events.size(); i++) {
            body.append(i == 0 ? "" : ",").append(events.get(i).json());
        }
        return body.append("]}").toString();
    }
}
