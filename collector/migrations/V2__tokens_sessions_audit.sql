-- Årsring's PostgreSQL store, version 2: what the embedded store keeps in files beside sled
-- (tokens.json, sessions.json, audit.jsonl), shared here by every collector of the database.
-- Only hashes of tokens and of session ids are kept, as in the files.

-- API and dashboard tokens: the collector's own JSON record (its SHA-256, role, name,
-- created and revoked times). Never deleted: a revoked token stays listed.
CREATE TABLE tokens (
    id     text PRIMARY KEY,
    hash   text NOT NULL UNIQUE,
    record jsonb NOT NULL
);

-- Dashboard sessions by the SHA-256 of their cookie, until they expire or are closed.
CREATE TABLE sessions (
    id         text PRIMARY KEY,
    session    jsonb NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- The audit log: who changed what, and when. Appended, never updated.
CREATE TABLE audit (
    id         bigserial PRIMARY KEY,
    at         timestamptz NOT NULL,
    actor      text NOT NULL,
    action     text NOT NULL,
    device_id  uuid,
    credential text,
    detail     text NOT NULL
);
CREATE INDEX audit_time ON audit (at, id);
CREATE INDEX audit_device ON audit (device_id, at);
CREATE INDEX audit_credential ON audit (credential, at);
-- Actions are read by prefix (`report.`, `import`): LIKE 'prefix%' needs pattern ops.
CREATE INDEX audit_action ON audit (action text_pattern_ops);
