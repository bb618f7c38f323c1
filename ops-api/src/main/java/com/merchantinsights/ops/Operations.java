package com.merchantinsights.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The long administrative acts (ETL, archive, switch, rollback…) run here, not on the request's thread: they take
 * minutes to hours, longer than any proxy holds a connection. The route answers 202 with the operation's id at once;
 * {@code GET /v1/admin/operations/{id}} tells how it went. This instance keeps the last {@link #KEPT} operations in
 * memory; the audit table keeps who started each, for good.
 */
final class Operations implements AutoCloseable {
    static final int KEPT = 1_000;

    enum State {
        RUNNING,
        SUCCEEDED,
        FAILED
    }

    /** An operation as {@code GET /v1/admin/operations/{id}} shows it. */
    record Operation(
            String id,
            String action,
            String parameters,
            String requestedBy,
            Instant startedAt,
            State state,
            Optional<Instant> finishedAt,
            Optional<Outcome> outcome) {
        Operation finished(Outcome outcome, Instant at) {
            return new Operation(
                    id,
                    action,
                    parameters,
                    requestedBy,
                    startedAt,
                    outcome.succeeded() ? State.SUCCEEDED : State.FAILED,
                    Optional.of(at),
                    Optional.of(outcome));
        }
    }

    /**
     * What the driver answered (its status and JSON), or why it could not be asked (status 503, the reason).
     *
     * @param status the driver's HTTP status, 503 when it was unreachable
     * @param result the driver's answer (its error object on failure)
     */
    record Outcome(int status, JsonNode result) {
        boolean succeeded() {
            return status / 100 == 2;
        }
    }

    /** The work: asks the driver and says what came of it. */
    interface Work {
        Outcome run() throws Exception;
    }

    private final Clock clock;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "ops-operation");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Operation> operations = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Operation> eldest) {
            return size() > KEPT;
        }
    };

    Operations(Clock clock) {
        this.clock = clock;
    }

    Operation start(String action, String parameters, String requestedBy, Work work) {
        String id = "op_" + clock.millis() + "_" + sequence.incrementAndGet();
        Operation started = new Operation(
                id,
                action,
                parameters,
                requestedBy,
                clock.instant(),
                State.RUNNING,
                Optional.empty(),
                Optional.empty());
        synchronized (operations) {
            operations.put(id, started);
        }
        executor.execute(() -> {
            Outcome outcome;
            try {
                outcome = work.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcome = OpsRoutes.failure(503, "the operations service stopped while waiting for the driver");
            } catch (Exception e) {
                outcome = OpsRoutes.failure(503, e.getMessage());
            }
            Operation finished = started.finished(outcome, clock.instant());
            synchronized (operations) {
                operations.put(id, finished);
            }
        });
        return started;
    }

    Optional<Operation> get(String id) {
        synchronized (operations) {
            return Optional.ofNullable(operations.get(id));
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
