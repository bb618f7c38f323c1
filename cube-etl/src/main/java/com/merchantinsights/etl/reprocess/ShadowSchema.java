package com.merchantinsights.etl.reprocess;

import com.merchantinsights.core.layout.WarehouseLayout;
import com.merchantinsights.core.time.Grain;

/**
 * Where a run's rows live until they are dropped: schema {@code reprocess_<run id>} holds the rebuilt cube tables
 * (same names as the live ones, so the rollup code runs unchanged with this schema first on the search path), the
 * {@code scope} table (one {@link MerchantScope} per row) and, after the switch, {@code previous_<table>}: the live
 * rows the switch replaced, for rollback.
 */
public record ShadowSchema(long runId) {
    public static final String SCOPE = "scope";

    public ShadowSchema {
        if (runId < 1) {
            throw new IllegalArgumentException("run id must be positive: " + runId);
        }
    }

    public String name() {
        return "reprocess_" + runId;
    }

    /** The live table of a grain, schema-qualified. */
    public static String live(Grain grain) {
        return "public." + WarehouseLayout.cubeTable(grain);
    }

    public String rebuilt(Grain grain) {
        return name() + "." + WarehouseLayout.cubeTable(grain);
    }

    public String previous(Grain grain) {
        return name() + ".previous_" + WarehouseLayout.cubeTable(grain);
    }

    public String scope() {
        return name() + "." + SCOPE;
    }

    /**
     * The SQL condition that a row (alias {@code row}) of {@code grain} lies in the scope row {@code s} of its
     * merchant: the bucket ranges of {@link MerchantScope}.
     */
    public static String inScope(Grain grain, String row) {
        return row + ".merchant_id = s.merchant_id AND "
                + switch (grain) {
                    case QUARTER_HOUR, HOUR ->
                        row + ".bucket_start >= s.base_start AND " + row + ".bucket_start < s.base_end";
                    case DAY -> row + ".bucket_start BETWEEN s.first_day AND s.last_day";
                    case WEEK -> row + ".bucket_start BETWEEN s.first_week AND s.last_week";
                    case MONTH -> row + ".bucket_start BETWEEN s.first_month AND s.last_month";
                };
    }
}
