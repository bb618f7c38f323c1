package com.merchantinsights.stream;

import java.util.Map;
import java.util.Set;

/**
 * What a micro-batch task must know of erasures before it judges a record (issue 23, decision 0053): the merchants
 * with erased events, whose records are checked against {@code erased_events}, and the persons (per merchant,
 * {@code c:}/{@code a:} and the identifier as stored) whose new events an erasure suppresses. Read once per task from
 * one partition, so a batch that starts after an erasure registered sees it.
 */
record ErasureRegistry(Set<String> merchantsWithErasedEvents, Map<String, Set<String>> suppressedPersons) {
    static final ErasureRegistry EMPTY = new ErasureRegistry(Set.of(), Map.of());

    ErasureRegistry {
        merchantsWithErasedEvents = Set.copyOf(merchantsWithErasedEvents);
        suppressedPersons = Map.copyOf(suppressedPersons);
    }

    boolean isEmpty() {
        return merchantsWithErasedEvents.isEmpty() && suppressedPersons.isEmpty();
    }

    boolean mayHaveErased(EventKey key) {
        return merchantsWithErasedEvents.contains(key.merchantId());
    }

    /** Whether the record's customer or anonymous id is a suppressed person of its merchant. */
    boolean suppresses(ParsedRecord record) {
        Set<String> persons = suppressedPersons.get(record.merchantId());
        if (persons == null) {
            return false;
        }
        return (record.customerId() != null && persons.contains(PersonRow.CUSTOMER + record.customerId()))
                || (record.anonymousId() != null && persons.contains(PersonRow.ANONYMOUS + record.anonymousId()));
    }
}
