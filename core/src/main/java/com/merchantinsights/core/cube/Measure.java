package com.merchantinsights.core.cube;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A measure stored on every cube row, in the warehouse column of the same name.
 *
 * @param fields for {@link Kind#SUM} the summed field ({@code amount}, summed per currency); for
 *               {@link Kind#DISTINCT} the identifiers counted, the first present one per event
 */
public record Measure(String name, Kind kind, List<String> fields) {
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    /** Event fields a distinct count may use: the people behind the events. */
    public static final Set<String> IDENTIFIER_FIELDS = Set.of("customer_id", "anonymous_id");

    public enum Kind {
        /** Number of events: a bigint, added up. */
        COUNT,
        /** Sum of integer minor units per currency: a bigint, added up; never converted between currencies. */
        SUM,
        /** Distinct identifiers as an Apache DataSketches HLL sketch: merged, never added up. */
        DISTINCT
    }

    public Measure {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        fields = List.copyOf(Objects.requireNonNull(fields, "fields"));
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("measure name '" + name + "' must match " + NAME.pattern());
        }
        switch (kind) {
            case COUNT -> {
                if (!fields.isEmpty()) {
                    throw new IllegalArgumentException("measure " + name + ": count() takes no field");
                }
            }
            case SUM -> {
                if (!fields.equals(List.of("amount"))) {
                    throw new IllegalArgumentException("measure " + name + ": sum() takes the one field amount");
                }
            }
            case DISTINCT -> {
                if (fields.isEmpty()
                        || !IDENTIFIER_FIELDS.containsAll(fields)
                        || fields.stream().distinct().count() != fields.size()) {
                    throw new IllegalArgumentException("measure " + name + ": distinct() takes one or more of "
                            + IDENTIFIER_FIELDS + ", each once");
                }
            }
        }
    }
}
