-- Issue 24: a merchant's insights query budget, where it differs from the insights API's defaults (queries per
-- second and queries at once, per instance). Set by admin keys (PUT /v1/merchants/{id}/query-quota); the insights API
-- reads the table every 30 s.
CREATE TABLE merchant_query_quotas (
    merchant_id        text        PRIMARY KEY,
    queries_per_second integer     NOT NULL CHECK (queries_per_second > 0),
    concurrent_queries integer     NOT NULL CHECK (concurrent_queries > 0),
    updated_at         timestamptz NOT NULL
);
