package com.merchantinsights.cli.reconcile;

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

    public static TopicSide of(TopicIdentities scanned) {
        return new TopicSide(scanned.counts(), scanned.recentlyReceived(), scanned.withoutHour());
    }
}
