package com.merchantinsights.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a chaos run found (issue 21). {@code accepted}: events the client's log of 202s holds; {@code stored}: those
 * in the raw store once, in their first version; {@code counted}: the events the cube counts for the run's merchants
 * (equal to accepted when nothing is lost or doubled); {@code lost}: the larger of the accepted events missing from
 * the raw store and the cube's shortfall (an event missing from one is missing from the other); {@code doubled}: the
 * larger of the raw rows beyond one per accepted event (a second row, a later version, an id never accepted) and the
 * cube's excess; {@code maxUnavailableS}: the longest time ingest accepted nothing while the client sent.
 */
public record ChaosVerdict(
        int nodes,
        double minutes,
        double eventsPerSecond,
        long accepted,
        long stored,
        long counted,
        long lost,
        long doubled,
        double maxUnavailableS,
        double p99Ms,
        long retries,
        long exactResends,
        long differingResends,
        boolean reconciled,
        List<String> wrongAnswers,
        List<String> unexpectedAnswers,
        Map<String, Long> ingestAnswers,
        Map<String, Long> queryAnswers,
        int driverRestarts,
        List<String> faults) {

    /** Nothing lost, nothing counted twice, no answer wrong, and the reconciliation agrees. */
    public boolean holds() {
        return lost == 0 && doubled == 0 && wrongAnswers.isEmpty() && unexpectedAnswers.isEmpty() && reconciled;
    }

    public String resultLine() {
        return String.format(
                Locale.ROOT,
                "RESULT accepted=%d stored=%d counted=%d lost=%d double=%d max_unavailable_s=%.1f p99_ms=%.1f"
                        + " nodes=%d minutes=%.1f rate=%.0f achieved_rate=%.0f retries=%d exact_resends=%d"
                        + " differing_resends=%d wrong_answers=%d unexpected=%d reconciled=%s driver_restarts=%d"
                        + " faults=%d",
                accepted,
                stored,
                counted,
                lost,
                doubled,
                maxUnavailableS,
                p99Ms,
                nodes,
                minutes,
                eventsPerSecond,
                accepted / (minutes * 60),
                retries,
                exactResends,
                differingResends,
                wrongAnswers.size(),
                unexpectedAnswers.size(),
                reconciled,
                driverRestarts,
                faults.size());
    }
}
