package com.merchantinsights.stream;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.merchantinsights.core.layout.RawEventLayout;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream driver at a time (decision 0026): a lease row in Cassandra with a TTL, taken with a lightweight
 * transaction and renewed every third of the TTL. A driver that finds the lease renewed by another holder refuses to
 * start; one that finds it stale (a holder killed without releasing it) waits for the TTL to run out and takes it.
 * A holder that finds its lease taken by another stops ({@code onLost}): two drivers on one checkpoint would write its
 * offsets over each other.
 */
public final class StreamLease implements AutoCloseable {
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(StreamLease.class);
    private static final String TABLE = CassandraRawStore.table(RawEventLayout.STREAM_LEASES_TABLE);

    private final CqlSession session;
    private final String name;
    private final String holder;
    private final Duration ttl;
    private final PreparedStatement take;
    private final PreparedStatement renew;
    private final PreparedStatement release;
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "stream-lease");
        thread.setDaemon(true);
        return thread;
    });

    private StreamLease(CqlSession session, String name, Duration ttl) {
        this.session = session;
        this.name = name;
        this.ttl = ttl;
        this.holder = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
        this.take = session.prepare(
                "INSERT INTO " + TABLE + " (name, holder, renewed_at) VALUES (?, ?, ?)" + " IF NOT EXISTS USING TTL ?");
        this.renew = session.prepare(
                "UPDATE " + TABLE + " USING TTL ? SET holder = ?, renewed_at = ? WHERE name = ?" + " IF holder = ?");
        this.release = session.prepare("DELETE FROM " + TABLE + " WHERE name = ? IF holder = ?");
    }

    /** Thrown when another driver holds the lease and keeps renewing it. */
    public static final class LeaseHeldException extends IllegalStateException {
        LeaseHeldException(String message) {
            super(message);
        }
    }

    /**
     * Takes the lease, waiting at most one TTL (and a renewal) for a stale holder's lease to expire, and keeps it
     * renewed until {@link #close}. The session must stay open as long as the lease is held.
     */
    public static StreamLease acquire(CqlSession session, String name, Duration ttl, Runnable onLost)
            throws InterruptedException {
        StreamLease lease = new StreamLease(session, name, ttl);
        lease.takeOrRefuse();
        long period = Math.max(1, ttl.toMillis() / 3);
        lease.renewer.scheduleWithFixedDelay(() -> lease.renewOrStop(onLost), period, period, TimeUnit.MILLISECONDS);
        LOG.info("stream lease '{}' taken by {} (TTL {})", name, lease.holder, ttl);
        return lease;
    }

    public String holder() {
        return holder;
    }

    private void takeOrRefuse() throws InterruptedException {
        long deadline = System.nanoTime() + ttl.plus(ttl).toNanos();
        Instant firstSeenRenewal = null;
        while (true) {
            Row answer = session.execute(serial(take.bind(name, holder, Instant.now(), seconds(ttl))))
                    .one();
            if (answer == null || answer.getBoolean("[applied]")) {
                return;
            }
            String other = answer.getString("holder");
            Instant renewedAt = answer.getInstant("renewed_at");
            if (firstSeenRenewal == null) {
                firstSeenRenewal = renewedAt;
                LOG.info(
                        "stream lease '{}' is held by {} (renewed {}); waiting for it to expire",
                        name,
                        other,
                        renewedAt);
            } else if (!Objects.equals(firstSeenRenewal, renewedAt) || System.nanoTime() > deadline) {
                throw new LeaseHeldException("another stream driver is running: lease '" + name + "' is held by "
                        + other + " and was renewed at " + renewedAt
                        + "; stop it first (only one driver may work on a checkpoint)");
            }
            TimeUnit.MILLISECONDS.sleep(Math.max(200, ttl.toMillis() / 6)); // the holder renews every third of its TTL
        }
    }

    private void renewOrStop(Runnable onLost) {
        try {
            Row answer = session.execute(serial(renew.bind(seconds(ttl), holder, Instant.now(), name, holder)))
                    .one();
            if (answer == null || answer.getBoolean("[applied]")) {
                return;
            }
            String other = answer.getColumnDefinitions().contains("holder") ? answer.getString("holder") : null;
            if (other == null) {
                // Our row expired while Cassandra was unreachable; nobody took it: take it again.
                Row retaken = session.execute(serial(take.bind(name, holder, Instant.now(), seconds(ttl))))
                        .one();
                if (retaken == null || retaken.getBoolean("[applied]")) {
                    LOG.warn("stream lease '{}' had expired and was taken again", name);
                    return;
                }
                other = retaken.getString("holder");
            }
            LOG.error("stream lease '{}' was taken by {}; stopping this driver", name, other);
            renewer.shutdown();
            onLost.run();
        } catch (RuntimeException e) {
            LOG.warn("stream lease '{}' could not be renewed (will retry): {}", name, e.toString());
        }
    }

    /** Gives the lease up, so that the next driver starts at once. */
    @Override
    public void close() {
        renewer.shutdownNow();
        try {
            session.execute(serial(release.bind(name, holder)));
        } catch (RuntimeException e) {
            LOG.warn("stream lease '{}' could not be released; it expires within {}", name, ttl);
        }
    }

    private static BoundStatement serial(BoundStatement statement) {
        return statement
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL);
    }

    private static int seconds(Duration duration) {
        return (int) Math.max(1, duration.getSeconds());
    }
}
