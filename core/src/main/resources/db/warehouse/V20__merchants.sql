-- Merchant registry: each merchant's calendar (IANA zone, week start) and reporting currency. Events of a
-- merchant not registered here are accepted and bucketed in the platform's default zone.
CREATE TABLE merchants (
    merchant_id        text        PRIMARY KEY,
    display_name       text        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    time_zone          text        NOT NULL,
    week_start         text        NOT NULL CHECK (week_start IN ('MONDAY','TUESDAY','WEDNESDAY','THURSDAY','FRIDAY','SATURDAY','SUNDAY')),
    reporting_currency text        NOT NULL CHECK (reporting_currency ~ '^[A-Z]{3}$'),
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL
);
