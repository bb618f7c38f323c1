package com.merchantinsights.stream;

import java.time.Instant;

/**
 * The answer to a claim of an event identity: whether this claim stored it, and the first stored version's
 * placement and fingerprint (this record's own when applied).
 */
record StoredIdentity(boolean applied, Instant eventHour, Instant occurredAt, String fingerprint) {

    /** What to do with the record that made the claim. */
    enum Verdict {
        /** First version: store its raw row. */
        NEW,
        /** Same content as the first version (a retry, a replay): store the same raw row again, idempotently. */
        DUPLICATE,
        /** Other content than the first version: a "conflict" dead letter, the raw store keeps the first. */
        CONFLICT
    }

    Verdict verdictFor(String fingerprintOfClaim) {
        if (applied) {
            return Verdict.NEW;
        }
        return fingerprintOfClaim.equals(fingerprint) ? Verdict.DUPLICATE : Verdict.CONFLICT;
    }
}
