-- Reprocessing (design decision 7, docs/decisions/0016-reprocessing.md). A run rebuilds the cube rows of a range
-- (all or some merchants) into its own schema reprocess_<run_id>, invisible to the insights API; the switch moves
-- the live rows of the run's scope into that schema (previous_* tables, kept for rollback) and the rebuilt rows
-- into the live tables, in one transaction. Every run, switch and rollback is a row here.
CREATE TABLE reprocess_runs (
    run_id          bigserial   PRIMARY KEY,
    kind            text        NOT NULL CHECK (kind IN ('reprocess', 'calendar', 'rollback')),
    range_from      timestamptz NOT NULL,
    range_to        timestamptz NOT NULL,
    merchants       text[]      NOT NULL DEFAULT '{}',   -- empty: every merchant
    raw_version     text,                                -- the re-derived raw version read, NULL for the live raw store
    cube_name       text        NOT NULL,
    cube_version    integer     NOT NULL,
    state           text        NOT NULL CHECK (state IN ('building', 'built', 'switched', 'rolled_back', 'discarded',
                                                          'failed', 'abandoned', 'expired')),
    requested_by    text        NOT NULL,
    started_at      timestamptz NOT NULL,
    heartbeat_at    timestamptz NOT NULL,
    built_at        timestamptz,
    switched_at     timestamptz,
    finished_at     timestamptz,
    hours_total     integer     NOT NULL DEFAULT 0,
    hours_done      integer     NOT NULL DEFAULT 0,
    events_read     bigint      NOT NULL DEFAULT 0,
    rows_written    bigint      NOT NULL DEFAULT 0,
    diff_summary    jsonb,
    keep_until      timestamptz,
    rolls_back      bigint      REFERENCES reprocess_runs (run_id),
    raw_backup_at   timestamptz,                         -- the live raw rows a promotion replaces were saved
    raw_promoted_at timestamptz,                         -- raw_version became the live raw events of the scope
    detail          text
);
CREATE INDEX reprocess_runs_state ON reprocess_runs (state);

-- The UTC hours each refresh rebuilt: a switch or rollback refreshes again the hours of its scope that a refresh
-- touched after the run started building (late events the rebuilt rows do not have). Kept for 30 days.
CREATE TABLE refreshed_hours (
    event_hour   timestamptz NOT NULL,
    refreshed_at timestamptz NOT NULL,
    PRIMARY KEY (event_hour, refreshed_at)
);
CREATE INDEX refreshed_hours_refreshed_at ON refreshed_hours (refreshed_at);
