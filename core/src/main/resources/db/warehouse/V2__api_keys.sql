-- API keys (design decision 2, docs/decisions/0006-api-key-store.md). The secret is shown once, when the key
-- is created, and never stored: only its SHA-256 digest is. A key is never deleted, only revoked, so that the
-- gateways' incremental refresh sees the revocation and the key id stays meaningful in logs.
CREATE TABLE api_keys (
    key_id      text        PRIMARY KEY CHECK (key_id ~ '^key_[a-z0-9]{12}$'),
    digest      text        NOT NULL UNIQUE CHECK (digest ~ '^[0-9a-f]{64}$'),
    scope       text        NOT NULL CHECK (scope IN ('platform', 'merchant-write', 'merchant-read', 'admin')),
    merchant_id text,
    description text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz,
    -- Merchant keys belong to exactly one merchant; platform and admin keys to none.
    CONSTRAINT api_keys_merchant_matches_scope
        CHECK ((scope IN ('merchant-write', 'merchant-read')) = (merchant_id IS NOT NULL)),
    CONSTRAINT api_keys_revoked_after_created CHECK (revoked_at IS NULL OR revoked_at >= created_at)
);

-- The gateways poll "created or revoked since" every few seconds; these keep that poll an index range scan.
CREATE INDEX api_keys_created_at ON api_keys (created_at);
CREATE INDEX api_keys_revoked_at ON api_keys (revoked_at) WHERE revoked_at IS NOT NULL;
