package com.merchantinsights.gateway;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Asks every backend instance's {@code /health/ready} at a fixed interval and marks it available or not. A
 * service that is told to stop first answers "not ready" for a while (its pre-stop drain), so the gateway stops
 * sending it requests before its port closes.
 */
final class UpstreamHealth implements AutoCloseable {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "gateway-upstream-health");
        thread.setDaemon(true);
        return thread;
    });
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(2);
    private final HttpClient http;
    private final Duration timeout;

    UpstreamHealth(List<Upstreams> backends, Duration interval) {
        // An instance that cannot answer its readiness within two intervals (at most 2 s) counts as not ready.
        Duration twoIntervals = interval.multipliedBy(2);
        this.timeout = twoIntervals.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT : twoIntervals;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        scheduler.scheduleWithFixedDelay(
                () -> backends.forEach(this::check), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check(Upstreams upstreams) {
        for (Upstreams.Instance instance : upstreams.instances()) {
            HttpRequest request = HttpRequest.newBuilder(instance.uri().resolve("/health/ready"))
                    .timeout(timeout)
                    .GET()
                    .build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) ->
                            upstreams.markAvailable(instance.uri(), failure == null && response.statusCode() == 200));
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
