package com.merchantinsights.cli;

import com.merchantinsights.stack.Progress;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import com.merchantinsights.sample.GeneratedEvent;
import com.merchantinsights.sample.SampleGenerator;

/**
 * Loads the sample data through the gateway and waits until the insights API answers the expected number:
 * "ready" means an event went in and came out, not that ports are open.
 */
public final class SampleLoad {
    private static final int BATCH = 1000;
    private static final long SEED = 20261125L;

    private SampleLoad() {
    }

    private static String batchBody(List<GeneratedEvent> events) {
        StringBuilder body = new StringBuilder("{\"events\":[");
        for (int i = 0; i < events.size(); i++) {
            body.append(i == 0 ? "" : ",").append(events.get(i).json());
        }
        return body.append("]}").toString();
    }

    private static void pause() {
        try {
            Thread.sleep(500); // events are still on their way through Kafka and Spark; poll again shortly
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the sample answer", e);
        }
    }

    /** The merchant and metric the readiness check asked, and the answer it got. */
    public record Proof(String merchantId, LocalDate from, LocalDate to, long orders) {
    }

    public static Proof loadAndAwait(LocalSystem system, Instant now, Duration deadline, Progress progress) {
        GatewayClient client = system.platformClient();
        SampleGenerator generator = new SampleGenerator(SampleGenerator.Settings.small(SEED, now));
        List<GeneratedEvent> events = generator.events();
        for (int from = 0; from < events.size(); from += BATCH) {
            List<GeneratedEvent> batch = events.subList(from, Math.min(events.size(), from + BATCH));
            GatewayClient.Answer answer = client.postEvents(batchBody(batch));
            int retriesInBatch = 0; // the sample's client retries: a repeated event_id in one request is written once
            for (var error : answer.body().path("errors")) {
                retriesInBatch += error.path("code").asText().equals("duplicate_in_batch") ? 1 : 0;
            }
            if (answer.status() != 202 || answer.body().path("accepted").asInt() + retriesInBatch != batch.size()) {
                throw new IllegalStateException("sample events were not all accepted: " + answer.status() + " " + answer.body());
            }
        }
        progress.step("sample", events.size() + " sample events of " + generator.merchants().size()
                + " merchants accepted through the gateway (with duplicates and late arrivals)");
        String merchant = generator.merchants().get(0).merchantId();
        ZoneId zone = ZoneId.of(system.config().defaultZone());
        LocalDate to = LocalDate.ofInstant(now, zone);
        LocalDate from = to.minusDays(8);
        long expected = events.stream()
                .filter(e -> e.merchantId().equals(merchant) && e.type().equals("order.completed"))
                .map(GeneratedEvent::eventId).distinct().count();
        Instant giveUp = Instant.now().plus(deadline);
        long seen = -1;
        while (Instant.now().isBefore(giveUp)) {
            system.spark().runEtlNow();
            seen = GatewayClient.total(client.timeseries(merchant, "orders", from, to));
            if (seen == expected) {
                progress.step("sample", "insights API answers orders=" + seen + " for " + merchant);
                return new Proof(merchant, from, to, seen);
            }
            pause();
        }
        throw new IllegalStateException("the insights API answered orders=" + seen + " for " + merchant
                + " but " + expected + " were sent; see the logs under " + system.config().workDir().resolve("logs"));
    }
}
