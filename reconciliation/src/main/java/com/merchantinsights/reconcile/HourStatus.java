package com.merchantinsights.reconcile;

import java.util.Objects;

/** Whether one hour can be compared by one check now, and why not. */
public record HourStatus(Kind kind, String reason) {
    public static final HourStatus CHECKED = new HourStatus(Kind.CHECKED, "");

    public enum Kind {
        /** Compared; a difference is a mismatch. */
        CHECKED,
        /** Not comparable yet (the stream or the ETL may still be catching up): not a mismatch, look again later. */
        PENDING,
        /** Not comparable by this command at all (the data it needs is gone or out of its reach). */
        NOT_CHECKED
    }

    public HourStatus {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }

    static HourStatus pending(String reason) {
        return new HourStatus(Kind.PENDING, reason);
    }

    static HourStatus notChecked(String reason) {
        return new HourStatus(Kind.NOT_CHECKED, reason);
    }
}
