package com.merchantinsights.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * The chaos run's client (issue 21): sender threads post events through the gateway at a fixed rate, nine requests in
 * ten a batch of 50 and one a single event, for several merchants. Among the events: exact re-sends of accepted
 * ones (2 %, a client's retry) and differing re-sends of accepted ones (0.5 %, the amount changed: a conflict the
 * stream must dead-letter while the first version stays). A refused request (429, 502, 503, no answer) is sent again,
 * as it was, after its Retry-After (or 200 ms) until it is accepted; a 202 that lists events as not stored has just
 * those sent again. Every accepted event is in the client's log of 202s ({@link #accepted()}, also written to a
 * file), with the amount of its first version: the truth the verdict compares the stores with.
 */
final class ChaosLoad implements AutoCloseable {
    static final int BATCH = 50;
    /** Exact (2 %) and differing (0.5 %) re-sends among the events sent. */
    static final double RESEND_SHARE = 0.025;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEFAULT_RETRY = Duration.ofMillis(200);

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final URI events;
    private final String authorization;
    private final List<String> merchants;
    private final Instant firstHour;
    private final double eventsPerSecond;
    private final int threads;
    private final String run;
    private final BufferedWriter log;

    /** merchant → event id → amount of the version accepted first. */
    private final Map<String, Map<String, Long>> accepted = new ConcurrentHashMap<>();

    private final AtomicLong acceptedCount = new AtomicLong();
    private final AtomicLong exactResends = new AtomicLong();
    private final AtomicLong differingResends = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AnswerCounts answers = new AnswerCounts();
    private final List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
    private final ConcurrentHistogram latency = new ConcurrentHistogram(3_600_000_000L, 3);
    private final AtomicLong lastSuccessNanos = new AtomicLong();
    private final AtomicLong longestRefusalNanos = new AtomicLong();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<Thread> senders = new ArrayList<>();
    /** Recently accepted events, as sent, for the re-sends: one ring per sender. */
    private final List<List<Sent>> recent = new ArrayList<>();

    /** What an event of a request is to the verdict. */
    private enum Kind {
        NEW,
        EXACT_RESEND,
        DIFFERING_RESEND
    }

    /** One event as sent: its identity, its JSON, the amount in it. */
    private record Sent(String merchant, String id, String json, long amount, Kind kind) {}

    /**
     * @param firstHour events occur in the two hours from here (and the verdict reads those hours)
     */
    ChaosLoad(
            URI gateway,
            String platformKey,
            List<String> merchants,
            Instant firstHour,
            double eventsPerSecond,
            int threads,
            String run,
            Path acceptedLog) {
        this.events = gateway.resolve("/v1/events");
        this.authorization = "Bearer " + platformKey;
        this.merchants = List.copyOf(merchants);
        this.firstHour = firstHour;
        this.eventsPerSecond = eventsPerSecond;
        this.threads = threads;
        this.run = run;
        try {
            Files.createDirectories(acceptedLog.getParent());
            this.log = Files.newBufferedWriter(acceptedLog, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        merchants.forEach(m -> accepted.put(m, new ConcurrentHashMap<>()));
    }

    /** Events occur in [firstHour, firstHour + 2 h). */
    Instant firstHour() {
        return firstHour;
    }

    List<String> merchants() {
        return merchants;
    }

    void start() {
        lastSuccessNanos.set(System.nanoTime());
        // One request in ten is a single event: on average 45.1 events per request, 2.5 % of them re-sends. The rate
        // counts new events: the re-sends come on top (a client's retries are not its business).
        double eventsPerRequest = (9.0 * BATCH + 1) / 10 * (1 - RESEND_SHARE);
        long intervalNanos = (long) (threads * eventsPerRequest / eventsPerSecond * 1e9);
        for (int t = 0; t < threads; t++) {
            int sender = t;
            recent.add(new ArrayList<>());
            Thread thread = new Thread(() -> send(sender, intervalNanos), "chaos-sender-" + t);
            thread.setDaemon(true);
            senders.add(thread);
        }
        senders.forEach(Thread::start);
    }

    /** Stops sending; a request being retried is finished first (up to a minute). */
    void stop() throws InterruptedException {
        stopping.set(true);
        for (Thread sender : senders) {
            sender.join(Duration.ofMinutes(2).toMillis());
        }
        synchronized (log) {
            try {
                log.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void send(int sender, long intervalNanos) {
        SplittableRandom random = new SplittableRandom(31L * sender + run.hashCode());
        long next = System.nanoTime() + random.nextLong(intervalNanos);
        long sequence = 0;
        List<Sent> ring = recent.get(sender);
        while (!stopping.get()) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            next += intervalNanos;
            int size = sequence % 10 == 0 ? 1 : BATCH;
            List<Sent> batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                double dice = random.nextDouble();
                // Until 100 events are accepted there is nothing to re-send: new events take those slots.
                if (dice < 0.02 && ring.size() > 100) {
                    Sent again = ring.get(random.nextInt(ring.size()));
                    batch.add(new Sent(again.merchant(), again.id(), again.json(), again.amount(), Kind.EXACT_RESEND));
                } else if (dice < 0.025 && ring.size() > 100) {
                    Sent first = ring.get(random.nextInt(ring.size()));
                    long amount = first.amount() + 1;
                    batch.add(new Sent(
                            first.merchant(),
                            first.id(),
                            first.json().replace("\"amount\":" + first.amount() + ",", "\"amount\":" + amount + ","),
                            amount,
                            Kind.DIFFERING_RESEND));
                } else {
                    String merchant = merchants.get(random.nextInt(merchants.size()));
                    String id = run + "-" + sender + "-" + sequence + "-" + i;
                    Instant at = firstHour.plusMillis(random.nextLong(Math.min(
                            Duration.ofHours(2).toMillis(),
                            Math.max(
                                    1,
                                    Duration.between(firstHour, Instant.now()).toMillis() - 1_000))));
                    long amount = 100 + random.nextLong(100_000);
                    String json = "{\"event_id\":\"" + id + "\",\"merchant_id\":\"" + merchant
                            + "\",\"type\":\"order.completed\",\"occurred_at\":\""
                            + at.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC) + "\",\"amount\":" + amount
                            + ",\"currency\":\"INR\",\"customer_id\":\"c-" + random.nextInt(5_000)
                            + "\",\"dimensions\":{\"channel\":\"" + (random.nextBoolean() ? "web" : "app") + "\"}}";
                    batch.add(new Sent(merchant, id, json, amount, Kind.NEW));
                }
            }
            sequence++;
            deliver(batch, ring);
        }
    }

    /** Sends until every event of the batch is accepted (the stop does not abandon a batch). */
    private void deliver(List<Sent> batch, List<Sent> ring) {
        List<Sent> pending = batch;
        while (!pending.isEmpty()) {
            // A single event goes as itself (the other form of the contract), a batch as {"events": [...]}.
            String body = batch.size() == 1
                    ? batch.get(0).json()
                    : "{\"events\":["
                            + String.join(",", pending.stream().map(Sent::json).toList()) + "]}";
            long started = System.nanoTime();
            HttpResponse<String> response;
            try {
                response = http.send(
                        HttpRequest.newBuilder(events)
                                .header("Authorization", authorization)
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                latency.recordValue(Math.max(1, (System.nanoTime() - started) / 1_000));
                answers.count("no_answer");
                retries.incrementAndGet();
                LockSupport.parkNanos(DEFAULT_RETRY.toNanos());
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            latency.recordValue(Math.max(1, (System.nanoTime() - started) / 1_000));
            int status = response.statusCode();
            answers.count(Integer.toString(status));
            if (status == 202) {
                Set<Integer> notStored = notStored(response.body());
                List<Sent> again = new ArrayList<>();
                for (int i = 0; i < pending.size(); i++) {
                    if (notStored.contains(i)) {
                        again.add(pending.get(i));
                    } else {
                        recordAccepted(pending.get(i), ring);
                    }
                }
                succeeded();
                if (!again.isEmpty()) {
                    retries.incrementAndGet();
                }
                pending = again;
            } else if (status == 429 || status == 502 || status == 503 || status == 504) {
                retries.incrementAndGet();
                LockSupport.parkNanos(retryAfter(response).toNanos());
            } else {
                unexpected.add(status + " " + response.body());
                return; // a bad request is the generator's bug: the verdict shows it, and nothing is retried
            }
        }
    }

    private void recordAccepted(Sent event, List<Sent> ring) {
        String merchant = event.merchant();
        String id = event.id();
        long amount = event.amount();
        switch (event.kind()) {
            case NEW -> {
                if (accepted.get(merchant).putIfAbsent(id, amount) == null) {
                    acceptedCount.incrementAndGet();
                    synchronized (log) {
                        try {
                            log.write(merchant + " " + id + " " + amount + "\n");
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                    if (ring.size() < 10_000) {
                        ring.add(event);
                    } else {
                        ring.set((int) (acceptedCount.get() % ring.size()), event);
                    }
                }
            }
            case EXACT_RESEND -> exactResends.incrementAndGet();
            case DIFFERING_RESEND -> differingResends.incrementAndGet();
        }
    }

    /** The indexes the 202 lists as not stored (event_store_unavailable): they are sent again. */
    private static Set<Integer> notStored(String body) {
        Set<Integer> indexes = new HashSet<>();
        try {
            for (JsonNode error : JSON.readTree(body).path("errors")) {
                indexes.add(error.path("index").asInt());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a 202 without a readable body: " + body, e);
        }
        return indexes;
    }

    private static Duration retryAfter(HttpResponse<String> response) {
        return response.headers()
                .firstValue("Retry-After")
                .map(seconds -> Duration.ofSeconds(Math.min(5, Long.parseLong(seconds.strip()))))
                .orElse(DEFAULT_RETRY);
    }

    private void succeeded() {
        long now = System.nanoTime();
        long before = lastSuccessNanos.getAndSet(now);
        longestRefusalNanos.accumulateAndGet(now - before, Math::max);
    }

    /** merchant → event id → amount of the first accepted version. */
    Map<String, Map<String, Long>> accepted() {
        return accepted;
    }

    long acceptedCount() {
        return acceptedCount.get();
    }

    /** Events of this merchant accepted so far. */
    long acceptedFor(String merchant) {
        return accepted.get(merchant).size();
    }

    long exactResends() {
        return exactResends.get();
    }

    long differingResends() {
        return differingResends.get();
    }

    long retries() {
        return retries.get();
    }

    /** Requests answered so far, all statuses. */
    long answered() {
        return answers.total();
    }

    /** The longest time with no request accepted while requests were being sent. */
    Duration longestRefusal() {
        return Duration.ofNanos(longestRefusalNanos.get());
    }

    double p99Ms() {
        return latency.getValueAtPercentile(99) / 1_000.0;
    }

    /** How often each answer came: the status, or no_answer. */
    Map<String, Long> answers() {
        return answers.snapshot();
    }

    /** Answers that are neither 202 nor a refusal to retry: each is a defect. */
    List<String> unexpected() {
        return List.copyOf(unexpected);
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            synchronized (log) {
                log.close();
            }
        } catch (IOException e) {
            // the log is evidence, the verdict is computed from memory
        }
    }
}
