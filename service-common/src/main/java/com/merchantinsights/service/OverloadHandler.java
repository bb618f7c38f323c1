package com.merchantinsights.service;

import com.merchantinsights.core.error.ErrorCode;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Bounded concurrency for a service (Jetty's {@link QoSHandler}): at most {@code maxConcurrent} requests run at once,
 * up to {@code maxQueued} more wait for a slot for at most {@code maxWait}; anything beyond, or a request that waited
 * its longest, is answered {@code 503 overloaded} with a {@code Retry-After} that grows with the queue — never a hang,
 * never a thread per waiting request. Health probes and metrics are never queued: a busy service is alive, and says so.
 */
public final class OverloadHandler extends QoSHandler {
    private final Limits limits;

    /**
     * @param maxConcurrent requests that run at once
     * @param maxQueued     requests that may wait for a slot (suspended, holding no thread)
     * @param maxWait       the longest a request waits for a slot
     */
    public record Limits(int maxConcurrent, int maxQueued, Duration maxWait) {
        /** Generous for one instance's pools; a deployment sizes it with its replicas. */
        public static final Limits DEFAULT = new Limits(64, 512, Duration.ofSeconds(2));

        /**
         * {@code INSIGHTS_MAX_CONCURRENT_REQUESTS}, {@code INSIGHTS_MAX_QUEUED_REQUESTS} and
         * {@code INSIGHTS_MAX_QUEUE_WAIT} (ISO-8601), each defaulting to {@link #DEFAULT}'s.
         */
        public static Limits fromEnvironment(EnvironmentSettings env) {
            return new Limits(
                    env.integer("MAX_CONCURRENT_REQUESTS", DEFAULT.maxConcurrent()),
                    env.integer("MAX_QUEUED_REQUESTS", DEFAULT.maxQueued()),
                    env.duration("MAX_QUEUE_WAIT", DEFAULT.maxWait()));
        }

        public Limits {
            if (maxConcurrent < 1 || maxQueued < 0) {
                throw new IllegalArgumentException("maxConcurrent must be at least 1 and maxQueued not negative");
            }
            Objects.requireNonNull(maxWait, "maxWait");
            if (maxWait.isNegative() || maxWait.isZero()) {
                throw new IllegalArgumentException("maxWait must be positive");
            }
        }
    }

    public OverloadHandler(Limits limits, Handler handler) {
        super(handler);
        this.limits = limits;
        setMaxRequestCount(limits.maxConcurrent());
        setMaxSuspendedRequestCount(limits.maxQueued());
        setMaxSuspend(limits.maxWait());
        setRejectStatusCode(ErrorCode.OVERLOADED.httpStatus());
        excludePath("/health/*", "/metrics");
    }

    /**
     * The seconds to wait before a retry: one, plus the longest wait in proportion to how full the queue is — a
     * client told to come back after the queue has drained does not join it again at once.
     */
    long retryAfterSeconds() {
        long queued = getSuspendedRequestCount();
        double fill = limits.maxQueued() == 0 ? 1.0 : Math.min(1.0, (double) queued / limits.maxQueued());
        return 1 + (long) Math.ceil(fill * limits.maxWait().toMillis() / 1000.0);
    }

    @Override
    protected void reject(Request request, Response response, Callback callback, int status) {
        overloaded(request, response, callback);
    }

    /** A queued request that waited its longest (or the service is stopping): the same answer. */
    @Override
    protected void failSuspended(Request request, Response response, Callback callback, int status, Throwable why) {
        overloaded(request, response, callback);
    }

    private void overloaded(Request request, Response response, Callback callback) {
        ErrorResponses.write(
                response,
                callback,
                ErrorCode.OVERLOADED,
                null,
                null,
                RequestIds.fromHeaderOrNew(request.getHeaders().get(RequestIds.HEADER)),
                retryAfterSeconds());
    }
}
