package com.merchantinsights.cli.reconcile;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the events topic says.
 *
 * @param identities         distinct identities (and rejected records) per hour, see {@link TopicIdentities}
 * @param recentlyReceived   cells with records too recent to expect them stored and cubed
 * @param recordsWithoutHour rejected records with no parseable occurred_at
 */
public record TopicSide(HourCounts identities, Set<HourMerchant> recentlyReceived, long recordsWithoutHour) {
    public TopicSide {
        Objects.requireNonNull(identities, "identities");
        recentlyReceived = Set.copyOf(recentlyReceived);
    }

    /** @param storedHours where the store put the {@linkplain TopicIdentities#undecided() undecided} identities */
    public static TopicSide of(TopicIdentities scanned, Map<EventIdentity, Instant> storedHours) {
        return new TopicSide(scanned.counts(storedHours), scanned.recentlyReceived(), scanned.withoutHour());
    }
}
