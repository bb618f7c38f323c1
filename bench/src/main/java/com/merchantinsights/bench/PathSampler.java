package com.merchantinsights.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.merchantinsights.stack.SparkDriverProcess;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Every {@link #EVERY}, what the data path has done so far: the newest committed ETL run, its processes' CPU (/proc),
 * the stream's counters (the driver's {@code /status}) and the load generator's counts. The measured window's ends are
 * samples (the first one after an ETL commit), and the split of the window's CPU between the stream and the ETL is read
 * from the samples in it.
 */
final class PathSampler implements AutoCloseable {
    static final Duration EVERY = Duration.ofSeconds(5);
    /** A driver gone this long was not replaced by its supervisor (which restarts a stalled one at once). */
    private static final Duration DRIVER_GONE = Duration.ofSeconds(60);

    /**
     * @param committedRun   the newest ETL run that committed when the sample was taken
     * @param streamRecords  Kafka records the stream processed since the driver started; -1 when its status did not
     *                       answer (a driver busy collecting garbage)
     * @param streamStored   events it stored (first versions); -1 likewise
     * @param acked          records Kafka acknowledged to the load generator
     */
    record Sample(
            Instant at,
            long committedRun,
            CpuShares cpu,
            long streamRecords,
            long streamStored,
            long acked,
            long firsts,
            long resends,
            long late) {
        boolean streamKnown() {
            return streamRecords >= 0;
        }

        /** Records in Kafka the stream has not processed yet; -1 when unknown. */
        long lag() {
            return streamKnown() ? acked - streamRecords : -1;
        }
    }

    private final EtlRuns runs;
    private final Collection<ProcessHandle> daemons;
    private final SteadyProducer producer;
    private final SparkDriverProcess driver;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Sample> samples = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile Instant driverGoneSince;

    PathSampler(EtlRuns runs, Collection<ProcessHandle> daemons, SteadyProducer producer, SparkDriverProcess driver) {
        this.runs = runs;
        this.daemons = List.copyOf(daemons);
        this.producer = producer;
        this.driver = driver;
        this.sampler = new Thread(this::sampleEvery, CpuShares.CLIENT_THREAD_PREFIX + "-path-sampler");
        sampler.setDaemon(true);
    }

    PathSampler start() throws SQLException {
        add(sample());
        sampler.start();
        return this;
    }

    private void sampleEvery() {
        while (running) {
            try {
                Thread.sleep(EVERY.toMillis());
                driverGoneSince = driver.isAlive() ? null : driverGoneSince == null ? Instant.now() : driverGoneSince;
                add(sample());
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException e) {
                System.out.println("  (path sample failed: " + e + ")");
            }
        }
    }

    private Sample sample() throws SQLException {
        // The run first: a commit between the two reads puts a few milliseconds of its aftermath before the sample.
        long committed = runs.lastCommitted();
        CpuShares cpu = CpuShares.now(daemons);
        long acked = producer.acked();
        long records = -1;
        long stored = -1;
        try {
            JsonNode status = json.readTree(driver.status());
            records = status.path("records_total").asLong(-1);
            stored = status.path("events_stored_total").asLong(-1);
        } catch (java.io.IOException | RuntimeException e) {
            // unknown in this sample
        }
        return new Sample(
                Instant.now(),
                committed,
                cpu,
                records,
                stored,
                acked,
                producer.firsts(),
                producer.resends(),
                producer.late());
    }

    private synchronized void add(Sample sample) {
        samples.add(sample);
        notifyAll();
    }

    /**
     * The first sample that saw a run newer than {@code run} committed; null after {@code timeout} or when the driver
     * is {@linkplain #driverGone() gone}.
     */
    synchronized Sample awaitCommitAfter(long run, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int from = 0;
        while (true) {
            for (int i = from; i < samples.size(); i++) {
                if (samples.get(i).committedRun() > run) {
                    return samples.get(i);
                }
            }
            from = samples.size();
            long left = deadline - System.nanoTime();
            if (left <= 0 || driverGone()) {
                return null;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /**
     * Whether the Spark driver has been gone for a minute, not replaced by its supervisor (which restarts it at once
     * only when its stream stalled): nothing will stream or commit any more.
     */
    boolean driverGone() {
        Instant gone = driverGoneSince;
        return gone != null && gone.plus(DRIVER_GONE).isBefore(Instant.now());
    }

    /** When the driver was first seen gone, or null. */
    Instant driverGoneSince() {
        return driverGoneSince;
    }

    synchronized Sample latest() {
        return samples.get(samples.size() - 1);
    }

    /** The first sample that saw {@code run} as the newest committed. */
    synchronized Sample firstWith(long run) {
        return samples.stream().filter(s -> s.committedRun() == run).findFirst().orElseThrow();
    }

    /** The samples from {@code first} to {@code last}, both included. */
    synchronized List<Sample> between(Sample first, Sample last) {
        return List.copyOf(samples.subList(samples.indexOf(first), samples.indexOf(last) + 1));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join();
    }
}
