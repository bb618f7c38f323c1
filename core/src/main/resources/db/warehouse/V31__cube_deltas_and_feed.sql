-- Decision 0027 (issue 17): the ETL aggregates each event once, from the cube feed, into delta rows of every grain.
-- A cube row is no longer the only row of its key: a key holds its compacted row and the deltas of later runs, and
-- every reader sums counts and amounts and unions sketches over the rows of a key (the insights API, the diff and the
-- reconciliation always did). The unique keys go; one index serves the insights API's lookups (merchant, cuboid,
-- bucket range), narrower than the 11-column key it replaces.
ALTER TABLE cube_quarter_hour DROP CONSTRAINT cube_quarter_hour_pkey;
ALTER TABLE cube_hour DROP CONSTRAINT cube_hour_pkey;
ALTER TABLE cube_day DROP CONSTRAINT cube_day_pkey;
ALTER TABLE cube_week DROP CONSTRAINT cube_week_pkey;
ALTER TABLE cube_month DROP CONSTRAINT cube_month_pkey;
CREATE INDEX cube_quarter_hour_lookup ON cube_quarter_hour (merchant_id, cuboid, bucket_start);
CREATE INDEX cube_hour_lookup ON cube_hour (merchant_id, cuboid, bucket_start);
CREATE INDEX cube_day_lookup ON cube_day (merchant_id, cuboid, bucket_start);
CREATE INDEX cube_week_lookup ON cube_week (merchant_id, cuboid, bucket_start);
CREATE INDEX cube_month_lookup ON cube_month (merchant_id, cuboid, bucket_start);

-- How far the ETL applied each stream's feed, committed with the delta rows it produced: a batch is applied once.
-- end_offsets ("partition=offset,...") is the events topic's position that the applied batches cover: raw rows below
-- it are in the cube (or in a rebuild), rows above it belong to batches still to come.
CREATE TABLE cube_feed_positions (
    stream_id     text        PRIMARY KEY,
    applied_batch bigint      NOT NULL,
    end_offsets   text        NOT NULL,
    applied_at    timestamptz NOT NULL
);

-- (UTC hour, merchant) pairs whose cube rows must be rebuilt whole from raw events rather than added to: after a
-- reprocess switch or rollback, a backfill written straight to the raw store. Consumed in the refresh's transaction.
CREATE TABLE cube_rebuild_requests (
    event_hour   timestamptz NOT NULL,
    merchant_id  text        NOT NULL,
    requested_at timestamptz NOT NULL,
    PRIMARY KEY (event_hour, merchant_id)
);

-- Buckets that received delta rows since they were last compacted into one row per key; bucket is the ISO instant
-- (quarter hour, hour) or date (day, week, month) of bucket_start.
CREATE TABLE cube_compaction_todo (
    grain          text        NOT NULL,
    merchant_id    text        NOT NULL,
    bucket         text        NOT NULL,
    first_delta_at timestamptz NOT NULL,
    PRIMARY KEY (grain, merchant_id, bucket)
);
CREATE INDEX cube_compaction_todo_due ON cube_compaction_todo (first_delta_at);
