-- The gateways' shared per-key token buckets (docs/decisions/0022-shared-rate-limit.md), when the chart switches
-- the gateway to the PostgreSQL limiter. Bucket4j's own layout: the serialized bucket state per key, and when the
-- row may be deleted (epoch milliseconds; by then the bucket would be full again). Version 30, away from the
-- cube migrations' numbers, because this table is the gateway's and changes on its own schedule.
CREATE TABLE gateway_rate_limit_buckets (
    id         text   PRIMARY KEY,
    state      bytea,
    expires_at bigint
);
