-- Warehouse schema, managed by Flyway. Cube tables are replaced bucket by bucket by the cube ETL, in one
-- transaction per refresh, so a re-run or a crash never double counts.

-- Base grain: 15-minute UTC buckets. Every current UTC offset is a multiple of 15 minutes, so these buckets
-- add up exactly to any merchant's local hour, day, week and month.
CREATE TABLE cube_base_15m (
    merchant_id  text        NOT NULL,
    bucket_start timestamptz NOT NULL,
    event_type   text        NOT NULL,
    event_count  bigint      NOT NULL,
    PRIMARY KEY (merchant_id, bucket_start, event_type)
);

-- Merchant-local day, rolled up from the base grain with day boundaries computed in the JVM.
CREATE TABLE cube_day (
    merchant_id text   NOT NULL,
    local_day   date   NOT NULL,
    time_zone   text   NOT NULL,
    event_type  text   NOT NULL,
    event_count bigint NOT NULL,
    PRIMARY KEY (merchant_id, local_day, event_type)
);

-- One row per ETL run.
CREATE TABLE etl_runs (
    run_id         bigserial   PRIMARY KEY,
    started_at     timestamptz NOT NULL,
    finished_at    timestamptz,
    hours_rebuilt  integer     NOT NULL DEFAULT 0,
    events_read    bigint      NOT NULL DEFAULT 0,
    rows_written   bigint      NOT NULL DEFAULT 0,
    logic_version  integer     NOT NULL,
    outcome        text        NOT NULL,
    detail         text
);

-- What the insights API reports about freshness; one row, replaced by every successful ETL run.
CREATE TABLE freshness (
    singleton        boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    last_refresh     timestamptz NOT NULL,
    complete_through timestamptz NOT NULL,
    pending_hours    integer     NOT NULL
);
