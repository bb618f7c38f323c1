package com.merchantinsights.bench;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The load generator: Jetty's asynchronous HTTP/1.1 client with keep-alive, sending pre-serialised bodies (fresh event
 * ids patched into a template, {@link EventCorpus}). No thread per request: completions send the next request, so a
 * handful of threads drive any concurrency. All its threads are named {@link CpuShares#CLIENT_THREAD_PREFIX}, so
 * that its CPU is measured apart from the services it loads.
 */
final class HttpLoad implements AutoCloseable {
    private final HttpClient client;
    private final URI endpoint;
    private final List<String> authorizations;
    private final AtomicLong nextKey = new AtomicLong();

    /**
     * @param apiKeys requests take them in turn, as many clients would: each key has its own rate limit at the
     *                gateway (2,000 requests/s by default), which single-event traffic from one key would hit first
     */
    HttpLoad(URI endpoint, List<String> apiKeys) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName(CpuShares.CLIENT_THREAD_PREFIX);
        threads.setIdleTimeout(600_000); // keep threads alive: a dead thread's CPU time can no longer be read
        this.client = new HttpClient();
        client.setExecutor(threads);
        client.setMaxConnectionsPerDestination(512);
        client.setIdleTimeout(60_000);
        client.start();
        this.endpoint = endpoint;
        this.authorizations = apiKeys.stream().map(key -> "Bearer " + key).toList();
    }

    /** What a phase achieved. */
    record Throughput(double eventsPerSecond, double requestsPerSecond, long failures, String failureSample) {}

    /** Closed loop: {@code concurrency} requests always in flight for {@code phase}; accepted events per second. */
    Throughput closedLoop(
            EventCorpus corpus, List<EventCorpus.Template> bodies, int perRequest, int concurrency, Duration phase)
            throws InterruptedException {
        AtomicLong accepted = new AtomicLong();
        AtomicLong requests = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicLong next = new AtomicLong();
        String[] failureSample = new String[1];
        long start = System.nanoTime();
        long end = start + phase.toNanos();
        CountDownLatch done = new CountDownLatch(concurrency);
        class Loop {
            void send() {
                if (System.nanoTime() >= end) {
                    done.countDown();
                    return;
                }
                byte[] body = corpus.fresh(bodies.get((int) (next.getAndIncrement() % bodies.size())));
                post(body).send(new BufferingResponseListener(64 * 1024) {
                    @Override
                    public void onComplete(Result result) {
                        if (result.isSucceeded() && result.getResponse().getStatus() == 202) {
                            accepted.addAndGet(perRequest);
                            requests.incrementAndGet();
                        } else {
                            failures.incrementAndGet();
                            failureSample[0] = result.isFailed()
                                    ? String.valueOf(result.getFailure())
                                    : result.getResponse().getStatus() + " " + getContentAsString();
                        }
                        send();
                    }
                });
            }
        }
        for (int i = 0; i < concurrency; i++) {
            new Loop().send();
        }
        done.await(phase.toSeconds() + 60, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Throughput(accepted.get() / seconds, requests.get() / seconds, failures.get(), failureSample[0]);
    }

    /**
     * One of a phase's slowest requests: when it was meant to start (wall clock), its latency, and its number in the
     * phase (which of the paths or bodies it sent), so that a tail can be read against the GC and service logs.
     */
    record Slow(java.time.Instant intended, double ms, long index) {}

    /** How many of each phase's slowest requests {@link Latency#slowest} names. */
    static final int SLOWEST = 5;

    /**
     * Latency percentiles of an open-loop phase, in milliseconds, and how many answers had each status (0: no answer).
     */
    record Latency(
            double p50Ms,
            double p99Ms,
            double maxMs,
            long errors,
            java.util.Map<Integer, Long> statuses,
            List<Slow> slowest) {
        long count(int status) {
            return statuses.getOrDefault(status, 0L);
        }

        long answers() {
            return statuses.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Open loop: requests start at a fixed rate whatever the answers do, and each latency counts from the request's
     * intended start, so a slow answer cannot hide the ones queued behind it (no coordinated omission).
     */
    Latency openLoop(EventCorpus corpus, List<EventCorpus.Template> bodies, double requestsPerSecond, Duration phase)
            throws InterruptedException {
        return openLoop(i -> post(corpus.fresh(bodies.get((int) (i % bodies.size())))), 202, requestsPerSecond, phase);
    }

    /** Open-loop GETs of the given paths in turn (each answer must be 200). */
    Latency openLoopGets(List<String> pathsAndQueries, double requestsPerSecond, Duration phase)
            throws InterruptedException {
        return openLoop(
                i -> get(pathsAndQueries.get((int) (i % pathsAndQueries.size()))), 200, requestsPerSecond, phase);
    }

    private Latency openLoop(
            java.util.function.LongFunction<org.eclipse.jetty.client.Request> request,
            int okStatus,
            double requestsPerSecond,
            Duration phase)
            throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        java.util.concurrent.ConcurrentHashMap<Integer, java.util.concurrent.atomic.LongAdder> statuses =
                new java.util.concurrent.ConcurrentHashMap<>();
        long interval = (long) (1e9 / requestsPerSecond);
        long count = (long) (phase.toSeconds() * requestsPerSecond);
        CountDownLatch done = new CountDownLatch((int) count);
        long[] micros = new long[(int) count];
        java.time.Instant[] wallAtStart = new java.time.Instant[1];
        Thread scheduler = new Thread(
                () -> {
                    long start = System.nanoTime();
                    wallAtStart[0] = java.time.Instant.now();
                    for (long i = 0; i < count; i++) {
                        int index = (int) i;
                        long intended = start + i * interval;
                        for (long now = System.nanoTime(); now < intended; now = System.nanoTime()) {
                            LockSupport.parkNanos(intended - now); // no spinning: we share 2 cores
                        }
                        request.apply(i).send(new BufferingResponseListener(1024 * 1024) {
                            @Override
                            public void onComplete(Result result) {
                                long latency = Math.max(1, (System.nanoTime() - intended) / 1000);
                                recorder.recordValue(latency);
                                micros[index] = latency;
                                int status = result.isFailed()
                                        ? 0
                                        : result.getResponse().getStatus();
                                statuses.computeIfAbsent(status, s -> new java.util.concurrent.atomic.LongAdder())
                                        .increment();
                                if (result.isFailed() || result.getResponse().getStatus() != okStatus) {
                                    errors.incrementAndGet();
                                }
                                done.countDown();
                            }
                        });
                    }
                },
                CpuShares.CLIENT_THREAD_PREFIX + "-scheduler");
        scheduler.start();
        scheduler.join();
        done.await(60, TimeUnit.SECONDS);
        var histogram = recorder.getIntervalHistogram();
        // Read after the join and the latch: the scheduler's and each completion's writes happen before them.
        List<Slow> slowest = java.util.stream.IntStream.range(0, micros.length)
                .boxed()
                .sorted((a, b) -> Long.compare(micros[b], micros[a]))
                .limit(SLOWEST)
                .map(i -> new Slow(wallAtStart[0].plusNanos(i * interval), micros[i] / 1000.0, i))
                .toList();
        return new Latency(
                histogram.getValueAtPercentile(50) / 1000.0,
                histogram.getValueAtPercentile(99) / 1000.0,
                histogram.getMaxValue() / 1000.0,
                errors.get() + done.getCount(),
                statuses.entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(
                                java.util.Map.Entry::getKey, e -> e.getValue().sum())),
                slowest);
    }

    private org.eclipse.jetty.client.Request get(String pathAndQuery) {
        return client.newRequest(endpoint.resolve(pathAndQuery))
                .method(HttpMethod.GET)
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, authorizations.get((int)
                        (nextKey.getAndIncrement() % authorizations.size()))))
                .timeout(30, TimeUnit.SECONDS);
    }

    private org.eclipse.jetty.client.Request post(byte[] body) {
        return client.newRequest(endpoint)
                .method(HttpMethod.POST)
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, authorizations.get((int)
                        (nextKey.getAndIncrement() % authorizations.size()))))
                .body(new BytesRequestContent("application/json", body))
                .timeout(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }
}
