-- Who made each key, and every administrative act with who and when (issue 19). Keys made before this migration
-- have no creator on record.
ALTER TABLE api_keys ADD COLUMN created_by text;

-- One row per administrative act that changed something: a key created, registered or revoked (the gateway's admin
-- routes, the CLI, the local stack). Reprocessing runs keep their own record in reprocess_runs (requested_by).
-- actor: the admin key's id for acts through the API, "os-user:<name>" for the operator's own CLI.
CREATE TABLE admin_audit (
    id         bigserial   PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    actor      text        NOT NULL,
    action     text        NOT NULL,
    subject    text,
    request_id text
);
CREATE INDEX admin_audit_at ON admin_audit (at);
