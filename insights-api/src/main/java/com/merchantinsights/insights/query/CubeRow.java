package com.merchantinsights.insights.query;

import java.util.Map;

/**
 * One cube row as the insights API reads it: its bucket (an {@link java.time.Instant} for hours, a
 * {@link java.time.LocalDate} for days, weeks and months), its group value ('' when not grouped or not set), and
 * its measures.
 */
record CubeRow(
        Object bucket,
        String group,
        String eventType,
        String currency,
        long count,
        long amount,
        Map<String, byte[]> sketches) {
    /** This row counted in another bucket: a finer row in the bucket of the answer's grain that holds it. */
    CubeRow in(Object answerBucket) {
        return new CubeRow(answerBucket, group, eventType, currency, count, amount, sketches);
    }
}
