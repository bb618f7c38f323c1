package com.merchantinsights.reconcile;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the events topic says.
 *
 * @param identities         distinct identities (and rejected records) per hour, see {@link TopicIdentities}
 * @param recentlyReceived   cells with records too recent to expect them stored and cubed
 * @param recordsWithoutHour rejected records with no parseable occurred_at
 * @param findings           identities stored twice or with a later version (decision 0026)
 */
public record TopicSide(
        HourCounts identities,
        Set<HourMerchant> recentlyReceived,
        long recordsWithoutHour,
        List<IdentityFinding> findings) {
    public TopicSide {
        Objects.requireNonNull(identities, "identities");
        recentlyReceived = Set.copyOf(recentlyReceived);
        findings = List.copyOf(findings);
    }

    public TopicSide(HourCounts identities, Set<HourMerchant> recentlyReceived, long recordsWithoutHour) {
        this(identities, recentlyReceived, recordsWithoutHour, List.of());
    }

    /** @param stored where the store holds the {@linkplain TopicIdentities#undecided() undecided} identities */
    public static TopicSide of(TopicIdentities scanned, Map<EventIdentity, List<StoredRow>> stored) {
        return new TopicSide(
                scanned.counts(stored), scanned.recentlyReceived(), scanned.withoutHour(), scanned.findings(stored));
    }
}
