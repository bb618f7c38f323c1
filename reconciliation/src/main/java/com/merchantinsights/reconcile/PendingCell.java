package com.merchantinsights.reconcile;

import java.util.Objects;

/** An hour of a merchant that a check leaves for later: recent records or a pending cube refresh. */
public record PendingCell(HourMerchant cell, ReconciliationCheck check, String reason) {
    public PendingCell {
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(reason, "reason");
    }
}
