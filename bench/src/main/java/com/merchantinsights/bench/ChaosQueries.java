package com.merchantinsights.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The chaos run's readers (issue 21): insights queries through the gateway, a few a second and a burst while
 * PostgreSQL is down. Each answer is checked against the client's log of 202s: a count a merchant's dashboard shows
 * must have been true at some moment, so it lies between 0 and the events accepted by the time it arrived (the true
 * count only grows). A refused query must be a 503 with Retry-After; any other answer is a defect.
 */
final class ChaosQueries implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final URI gateway;
    private final String authorization;
    private final ChaosLoad load;
    private final AtomicInteger perSecond = new AtomicInteger(4);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AnswerCounts answers = new AnswerCounts();
    private final List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> readers = new ArrayList<>();

    ChaosQueries(URI gateway, String platformKey, ChaosLoad load) {
        this.gateway = gateway;
        this.authorization = "Bearer " + platformKey;
        this.load = load;
    }

    void start() {
        for (int t = 0; t < 4; t++) {
            int reader = t;
            Thread thread = new Thread(() -> read(reader), "chaos-reader-" + t);
            thread.setDaemon(true);
            readers.add(thread);
        }
        readers.forEach(Thread::start);
    }

    /** Queries per second from now on (all readers together). */
    void rate(int queriesPerSecond) {
        perSecond.set(queriesPerSecond);
    }

    private void read(int reader) {
        List<String> merchants = load.merchants();
        LocalDate day = load.firstHour().atOffset(ZoneOffset.UTC).toLocalDate();
        long n = reader;
        while (!stopping.get()) {
            LockSupport.parkNanos(Duration.ofSeconds(4).toNanos() / Math.max(1, perSecond.get()));
            String merchant = merchants.get((int) (n++ % merchants.size()));
            String query = "/v1/insights/timeseries?metric=orders&granularity=day&from=" + day.minusDays(1) + "&to="
                    + day.plusDays(1) + "&merchant_id=" + URLEncoder.encode(merchant, StandardCharsets.UTF_8);
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(gateway.resolve(query))
                                .header("Authorization", authorization)
                                .timeout(Duration.ofSeconds(30))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                answers.count(Integer.toString(status));
                if (status == 200) {
                    long shown = total(response.body());
                    long truth = load.acceptedFor(merchant);
                    if (shown < 0 || shown > truth) {
                        wrong.add(merchant + " showed " + shown + " orders when " + truth + " were accepted");
                    }
                } else if (status == 503 || status == 429) {
                    if (response.headers().firstValue("Retry-After").isEmpty()) {
                        wrong.add(status + " without Retry-After: " + response.body());
                    }
                } else if (status != 502) {
                    wrong.add(status + " " + response.body());
                }
            } catch (IOException e) {
                answers.count("no_answer");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static long total(String body) throws IOException {
        long sum = 0;
        JsonNode series = JSON.readTree(body).path("series");
        for (JsonNode point : series.path(0).path("points")) {
            sum += point.path("value").asLong();
        }
        return sum;
    }

    Map<String, Long> answers() {
        return answers.snapshot();
    }

    /** Answers that showed a number never true, or refused without saying when to retry. */
    List<String> wrong() {
        return List.copyOf(wrong);
    }

    @Override
    public void close() throws InterruptedException {
        stopping.set(true);
        for (Thread reader : readers) {
            reader.join(Duration.ofSeconds(40).toMillis());
        }
    }
}
