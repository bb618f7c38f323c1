-- Issue 23, decision 0053: a person's erasure, requested through the operations service and carried out by the
-- cube refresh (the Spark driver's scheduled ETL, or a cluster's cube-etl application) once the stream has stored
-- every event accepted before the request (topic_offsets against cube_feed_positions).
-- persons: 'c:'/'a:' and the identifier in every form it may be stored under (its pseudonym under each key the
-- installation knows; the identifier itself when it does not pseudonymise); emptied when the request ends, so the
-- warehouse does not keep them. person_key: a digest of merchant and persons, for one open request per person.
-- progress: per store, what was done ({"raw_events": {"state": "done", "rows_deleted": 3}, …}).
CREATE TABLE erasure_requests (
    erasure_id    text        PRIMARY KEY,
    merchant_id   text        NOT NULL,
    persons       text[]      NOT NULL,
    person_key    text        NOT NULL,
    suppress      boolean     NOT NULL,
    requested_by  text        NOT NULL,
    requested_at  timestamptz NOT NULL,
    topic_offsets text        NOT NULL DEFAULT '',
    state         text        NOT NULL CHECK (state IN ('pending', 'erasing', 'rebuilding', 'done', 'failed')),
    progress      jsonb       NOT NULL DEFAULT '{}',
    started_at    timestamptz,
    finished_at   timestamptz,
    failure       text
);
CREATE UNIQUE INDEX erasure_requests_one_open ON erasure_requests (person_key)
    WHERE state IN ('pending', 'erasing', 'rebuilding');
CREATE INDEX erasure_requests_open ON erasure_requests (requested_at) WHERE state IN ('pending', 'erasing', 'rebuilding');
