-- The operations service's long acts (issue 22, decision 0052): one row per operation, so that any replica of the
-- service answers GET /v1/admin/operations/{id}, and so that an act run by a one-off SparkApplication in a cluster
-- reports its outcome here. runner: "ops-api/<host>" for an act the service runs itself (it beats heartbeat_at while
-- it runs), "spark-application/<name>" for a one-off SparkApplication (the service asks the operator for its state).
-- status and result: the act's HTTP-like status and JSON answer; a running act may write its progress there.
CREATE TABLE admin_operations (
    operation_id text        PRIMARY KEY,
    action       text        NOT NULL,
    parameters   text        NOT NULL DEFAULT '',
    requested_by text        NOT NULL,
    started_at   timestamptz NOT NULL,
    state        text        NOT NULL CHECK (state IN ('running', 'succeeded', 'failed')),
    runner       text        NOT NULL,
    heartbeat_at timestamptz NOT NULL,
    finished_at  timestamptz,
    status       integer,
    result       jsonb
);
CREATE INDEX admin_operations_action_started ON admin_operations (action, started_at DESC);
