package com.merchantinsights.stream;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Judges the versions of one identity that a micro-batch holds against the versions earlier batches stored
 * (decision 0026). The version received first is stored; every other version is a duplicate (same content) or a
 * conflict (other content). A version received earlier than the stored one but processed later (a backlog read
 * unevenly across partitions) takes the stored version's place, which becomes the conflict (decision 0048). A record
 * that meets the row it stored itself (a replayed batch) gets the verdict it got the first time: stored, displacing
 * what it displaced then.
 */
final class IdentityVerdicts {
    /** The events API's receipt time, then the Kafka partition and offset: the order versions are judged in. */
    static final Comparator<ParsedRecord> FIRST_RECEIVED = Comparator.comparing(
                    ParsedRecord::receivedOrAppended, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparingInt(ParsedRecord::kafkaPartition)
            .thenComparingLong(ParsedRecord::kafkaOffset);

    enum Verdict {
        /** The first version: its raw row is written. */
        NEW,
        /** The same content as the stored version (a retry, a redelivery): nothing is written, counted once. */
        DUPLICATE,
        /** Other content than the stored version: a "conflict" dead letter. */
        CONFLICT
    }

    /**
     * A record's verdict, and the version it was judged against (itself when new).
     *
     * @param displaced for a new version: the stored version whose place it takes, else null
     */
    record Judgement(ParsedRecord record, Verdict verdict, StoredVersion against, StoredVersion.Displaced displaced) {
        Judgement {
            Objects.requireNonNull(record, "record");
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(against, "against");
            if (displaced != null && verdict != Verdict.NEW) {
                throw new IllegalArgumentException("only a new version displaces one: " + verdict);
            }
        }

        Judgement(ParsedRecord record, Verdict verdict, StoredVersion against) {
            this(record, verdict, against, null);
        }
    }

    private IdentityVerdicts() {}

    /**
     * @param versions every record of one identity in this micro-batch, in any order
     * @param stored   the versions earlier batches stored (usually none; more than one only if an identity was stored
     *                 twice, which the reconciliation reports)
     */
    static List<Judgement> judge(Collection<ParsedRecord> versions, Collection<StoredVersion> stored) {
        List<ParsedRecord> ordered = new ArrayList<>(versions);
        ordered.sort(FIRST_RECEIVED);
        List<Judgement> judgements = new ArrayList<>(ordered.size());
        StoredVersion winner = stored.stream().min(StoredVersion.FIRST_RECEIVED).orElse(null);
        for (ParsedRecord record : ordered) {
            if (winner == null) {
                winner = StoredVersion.of(record);
                judgements.add(new Judgement(record, Verdict.NEW, winner));
            } else if (winner.storedBy(record)) {
                judgements.add(new Judgement(record, Verdict.NEW, winner, displacedBefore(record, winner, stored)));
            } else if (judgements.isEmpty()
                    && stored.stream().noneMatch(s -> s.storedBy(record))
                    && winner.displaceableBy(record)) {
                // Only the first of this batch's versions can have been received before the stored one.
                StoredVersion.Displaced displaced = StoredVersion.Displaced.of(winner);
                winner = StoredVersion.of(record, displaced);
                judgements.add(new Judgement(record, Verdict.NEW, winner, displaced));
            } else if (stored.stream().anyMatch(s -> s.storedBy(record)) || winner.sameAs(record)) {
                judgements.add(new Judgement(record, Verdict.DUPLICATE, winner));
            } else {
                judgements.add(new Judgement(record, Verdict.CONFLICT, winner));
            }
        }
        return judgements;
    }

    /**
     * What a replayed record displaced when it was stored: the recent-identity index remembers it; an event older
     * than the identity window may also meet its own raw row (read from its partition) before its index row was
     * written, and then the other stored version received after it is the one it displaced.
     */
    private static StoredVersion.Displaced displacedBefore(
            ParsedRecord record, StoredVersion own, Collection<StoredVersion> stored) {
        if (own.displaced() != null) {
            return own.displaced();
        }
        return stored.stream()
                .filter(s -> s != own && s.displaceableBy(record))
                .min(StoredVersion.FIRST_RECEIVED)
                .map(StoredVersion.Displaced::of)
                .orElse(null);
    }
}
