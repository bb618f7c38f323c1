package com.merchantinsights.reconcile;

import java.util.Objects;

/**
 * One hour of one merchant where a check's two sides differ.
 *
 * @param expected what the upstream side says (the topic's identities; the raw rows)
 * @param actual   what the downstream side holds (raw rows + dead letters; the cube's total)
 * @param detail   how {@code actual} is made up, for the operator
 */
public record Mismatch(HourMerchant cell, ReconciliationCheck check, long expected, long actual, String detail) {
    public Mismatch {
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(detail, "detail");
        if (expected == actual) {
            throw new IllegalArgumentException("not a mismatch: both sides are " + expected);
        }
    }

    /** Positive when downstream holds more than upstream says (e.g. a cube not yet shrunk), negative when less. */
    public long difference() {
        return actual - expected;
    }
}
