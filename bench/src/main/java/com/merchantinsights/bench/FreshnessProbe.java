package com.merchantinsights.bench;

import com.merchantinsights.core.cube.GroupingSet;
import com.merchantinsights.core.layout.WarehouseLayout;
import com.merchantinsights.core.time.Grain;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * How long an event takes from its send to the cube: one probe merchant gets an event every {@value #GAP_MS} ms, each
 * with its own event id, all on partition 0 of the events topic, so that the stream reads them in send order and the
 * ETL applies them in that order (whole feed batches, in batch order). Every {@value #POLL_MS} ms the probe merchant's
 * totals in {@code cube_quarter_hour} are read: a count of n means the first n probes are visible, and each newly
 * visible probe's delay is the poll's time minus its send (so the delays are late by up to one poll). Probes are
 * never re-sent and never late.
 */
final class FreshnessProbe implements AutoCloseable {
    static final long GAP_MS = 2_000;
    static final long POLL_MS = 1_000;
    private static final String COUNT_SQL =
            "SELECT coalesce(sum(event_count), 0) FROM " + WarehouseLayout.cubeTable(Grain.QUARTER_HOUR)
                    + " WHERE merchant_id = ? AND cuboid = '" + GroupingSet.TOTALS_ID + "'";

    /** One probe: when it was sent, and when its count was first seen (null while not yet). */
    private static final class Probe {
        final Instant sentAt;
        volatile Instant visibleAt;

        Probe(Instant sentAt) {
            this.sentAt = sentAt;
        }
    }

    private final SteadyProducer producer;
    private final Connection connection;
    private final String merchant;
    private final List<Probe> probes = new ArrayList<>();
    private final Thread sender;
    private final Thread poller;
    private volatile boolean sending = true;
    private volatile boolean polling = true;
    private volatile long visible;

    FreshnessProbe(SteadyProducer producer, Connection connection, String run) {
        this.producer = producer;
        this.connection = connection;
        this.merchant = "m_probe_" + run;
        this.sender = new Thread(this::send, CpuShares.CLIENT_THREAD_PREFIX + "-probe-sender");
        this.poller = new Thread(this::poll, CpuShares.CLIENT_THREAD_PREFIX + "-probe-poller");
    }

    FreshnessProbe start() {
        sender.start();
        poller.start();
        return this;
    }

    private void send() {
        long n = 0;
        while (sending) {
            Instant now = Instant.now();
            synchronized (probes) {
                probes.add(new Probe(now));
            }
            producer.send(
                    "{\"event_id\":\"probe-" + merchant + "-" + n++ + "\",\"merchant_id\":\"" + merchant
                            + "\",\"type\":\"order.completed\",\"occurred_at\":\""
                            + now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                            + "\",\"amount\":100,\"currency\":\"INR\",\"dimensions\":{\"channel\":\"web\"}}",
                    now,
                    0);
            sleep(GAP_MS);
        }
    }

    private void poll() {
        try (PreparedStatement count = connection.prepareStatement(COUNT_SQL)) {
            count.setString(1, merchant);
            while (polling) {
                long seen;
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    seen = rs.getLong(1);
                }
                Instant now = Instant.now();
                synchronized (probes) {
                    for (long i = visible; i < Math.min(seen, probes.size()); i++) {
                        probes.get((int) i).visibleAt = now;
                    }
                }
                visible = Math.max(visible, seen);
                sleep(POLL_MS);
            }
        } catch (SQLException e) {
            System.out.println("  (freshness probe stopped polling: " + e + ")");
        }
    }

    /** Stops sending probes; polling goes on. */
    void stopSending() throws InterruptedException {
        sending = false;
        sender.join();
    }

    /** Whether every probe sent in [from, to) is visible. */
    boolean allVisible(Instant from, Instant to) {
        return inRange(from, to).stream().allMatch(p -> p.visibleAt != null);
    }

    /**
     * What the probes sent in [from, to) saw; a probe not visible yet counts with its wait so far, so that the
     * percentiles are lower bounds when {@link Result#missing()} is not zero.
     */
    Result result(Instant from, Instant to) {
        Histogram delays = new Histogram(3);
        int missing = 0;
        Instant now = Instant.now();
        List<Probe> sent = inRange(from, to);
        for (Probe p : sent) {
            Instant visibleAt = p.visibleAt;
            if (visibleAt == null) {
                missing++;
            }
            delays.recordValue(Math.max(
                    1,
                    Duration.between(p.sentAt, visibleAt == null ? now : visibleAt)
                            .toMillis()));
        }
        return new Result(sent.size(), missing, delays);
    }

    /**
     * Probes sent in a window, how many were not visible when the benchmark stopped waiting, and the delays in
     * milliseconds (the missing ones with their wait so far).
     */
    record Result(int sent, int missing, Histogram delaysMs) {
        double seconds(double percentile) {
            return delaysMs.getTotalCount() == 0 ? Double.NaN : delaysMs.getValueAtPercentile(percentile) / 1000.0;
        }

        double maxSeconds() {
            return delaysMs.getTotalCount() == 0 ? Double.NaN : delaysMs.getMaxValue() / 1000.0;
        }
    }

    private List<Probe> inRange(Instant from, Instant to) {
        synchronized (probes) {
            return probes.stream()
                    .filter(p -> !p.sentAt.isBefore(from) && p.sentAt.isBefore(to))
                    .toList();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopSending();
        polling = false;
        poller.interrupt();
        poller.join();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
