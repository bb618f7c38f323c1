-- The declarative cube (core/src/main/resources/cubes/merchant_activity.cube.properties, docs/decisions/0013):
-- one table per grain, all with the same key and measures. A row is keyed by merchant, bucket, cuboid (the grouping
-- set: 'all', 'channel', 'channel+country', ...), the cuboid's dimension values ('' where the cuboid does not group
-- by the dimension or the event did not set it), event type and currency ('' for events without an amount).
-- Measures: event_count; amount_sum in integer minor units of the row's currency; customers and visitors as
-- Apache DataSketches HLL sketches (NULL when no identifier), merged by the ETL's rollups and the insights API.
-- The ETL replaces whole (merchant, bucket) sets of rows in one transaction; the cube definition is checked against
-- these columns at start-up. Buckets older than each grain's retention are deleted by the ETL.
DROP TABLE cube_day;
DROP TABLE cube_base_15m;

-- Base grain: 15-minute UTC buckets (every current UTC offset and DST shift is a multiple of 15 minutes).
CREATE TABLE cube_quarter_hour (
    merchant_id      text        NOT NULL,
    bucket_start     timestamptz NOT NULL,
    cuboid           text        NOT NULL,
    channel          text        NOT NULL DEFAULT '',
    country          text        NOT NULL DEFAULT '',
    device           text        NOT NULL DEFAULT '',
    product_category text        NOT NULL DEFAULT '',
    payment_method   text        NOT NULL DEFAULT '',
    location_id      text        NOT NULL DEFAULT '',
    event_type       text        NOT NULL,
    currency         text        NOT NULL DEFAULT '',
    event_count      bigint      NOT NULL,
    amount_sum       bigint      NOT NULL DEFAULT 0,
    customers        bytea,
    visitors         bytea,
    PRIMARY KEY (merchant_id, cuboid, bucket_start, event_type, currency, channel, country, device, product_category, payment_method, location_id)
);
CREATE INDEX cube_quarter_hour_bucket_start ON cube_quarter_hour (bucket_start);

-- Merchant-local hours, identified by their first instant (30 or 90 minutes long at Lord Howe's DST shifts).
CREATE TABLE cube_hour (
    merchant_id      text        NOT NULL,
    bucket_start     timestamptz NOT NULL,
    time_zone        text        NOT NULL,
    cuboid           text        NOT NULL,
    channel          text        NOT NULL DEFAULT '',
    country          text        NOT NULL DEFAULT '',
    device           text        NOT NULL DEFAULT '',
    product_category text        NOT NULL DEFAULT '',
    payment_method   text        NOT NULL DEFAULT '',
    location_id      text        NOT NULL DEFAULT '',
    event_type       text        NOT NULL,
    currency         text        NOT NULL DEFAULT '',
    event_count      bigint      NOT NULL,
    amount_sum       bigint      NOT NULL DEFAULT 0,
    customers        bytea,
    visitors         bytea,
    PRIMARY KEY (merchant_id, cuboid, bucket_start, event_type, currency, channel, country, device, product_category, payment_method, location_id)
);
CREATE INDEX cube_hour_bucket_start ON cube_hour (bucket_start);

-- Merchant-local days (23, 24 or 25 hours; 23.5 or 24.5 at Lord Howe).
CREATE TABLE cube_day (
    merchant_id      text        NOT NULL,
    bucket_start     date        NOT NULL,
    time_zone        text        NOT NULL,
    cuboid           text        NOT NULL,
    channel          text        NOT NULL DEFAULT '',
    country          text        NOT NULL DEFAULT '',
    device           text        NOT NULL DEFAULT '',
    product_category text        NOT NULL DEFAULT '',
    payment_method   text        NOT NULL DEFAULT '',
    location_id      text        NOT NULL DEFAULT '',
    event_type       text        NOT NULL,
    currency         text        NOT NULL DEFAULT '',
    event_count      bigint      NOT NULL,
    amount_sum       bigint      NOT NULL DEFAULT 0,
    customers        bytea,
    visitors         bytea,
    PRIMARY KEY (merchant_id, cuboid, bucket_start, event_type, currency, channel, country, device, product_category, payment_method, location_id)
);
CREATE INDEX cube_day_bucket_start ON cube_day (bucket_start);

-- Merchant-local weeks, identified by their first day (the merchant's week start).
CREATE TABLE cube_week (
    merchant_id      text        NOT NULL,
    bucket_start     date        NOT NULL,
    time_zone        text        NOT NULL,
    week_start       text        NOT NULL,
    cuboid           text        NOT NULL,
    channel          text        NOT NULL DEFAULT '',
    country          text        NOT NULL DEFAULT '',
    device           text        NOT NULL DEFAULT '',
    product_category text        NOT NULL DEFAULT '',
    payment_method   text        NOT NULL DEFAULT '',
    location_id      text        NOT NULL DEFAULT '',
    event_type       text        NOT NULL,
    currency         text        NOT NULL DEFAULT '',
    event_count      bigint      NOT NULL,
    amount_sum       bigint      NOT NULL DEFAULT 0,
    customers        bytea,
    visitors         bytea,
    PRIMARY KEY (merchant_id, cuboid, bucket_start, event_type, currency, channel, country, device, product_category, payment_method, location_id)
);
CREATE INDEX cube_week_bucket_start ON cube_week (bucket_start);

-- Merchant-local months, identified by their first day.
CREATE TABLE cube_month (
    merchant_id      text        NOT NULL,
    bucket_start     date        NOT NULL,
    time_zone        text        NOT NULL,
    cuboid           text        NOT NULL,
    channel          text        NOT NULL DEFAULT '',
    country          text        NOT NULL DEFAULT '',
    device           text        NOT NULL DEFAULT '',
    product_category text        NOT NULL DEFAULT '',
    payment_method   text        NOT NULL DEFAULT '',
    location_id      text        NOT NULL DEFAULT '',
    event_type       text        NOT NULL,
    currency         text        NOT NULL DEFAULT '',
    event_count      bigint      NOT NULL,
    amount_sum       bigint      NOT NULL DEFAULT 0,
    customers        bytea,
    visitors         bytea,
    PRIMARY KEY (merchant_id, cuboid, bucket_start, event_type, currency, channel, country, device, product_category, payment_method, location_id)
);
CREATE INDEX cube_month_bucket_start ON cube_month (bucket_start);

-- Which cube definition version each run built.
ALTER TABLE etl_runs ADD COLUMN cube_name text;
