-- Årsring's PostgreSQL store, version 1: the same data as the embedded (sled) store.
-- Documents are the collector's own JSON (jsonb, so a DBA can query them); keys and times
-- are columns, so lookups and ranges use indexes.

-- The latest record of each device. `changed_at` is the database's clock at the write: the
-- other collectors sweep recent changes by it, in case a notification was lost.
CREATE TABLE devices (
    device_id  uuid PRIMARY KEY,
    record     jsonb NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX devices_changed ON devices (changed_at);

-- Every report ever stored: a re-sent report (to this collector or another) is recognised.
CREATE TABLE reports (
    report_id   uuid PRIMARY KEY,
    device_id   uuid NOT NULL,
    sent_by     text NOT NULL,
    received_at timestamptz NOT NULL
);
CREATE INDEX reports_device ON reports (device_id);

-- Per device, what each report changed.
CREATE TABLE history (
    device_id   uuid NOT NULL,
    received_at timestamptz NOT NULL,
    report_id   uuid NOT NULL,
    entry       jsonb NOT NULL,
    PRIMARY KEY (device_id, received_at, report_id)
);

-- Per server and report, how busy it was.
CREATE TABLE usage (
    device_id    uuid NOT NULL,
    collected_at timestamptz NOT NULL,
    sample       jsonb NOT NULL,
    PRIMARY KEY (device_id, collected_at)
);

-- What users import (asset register, catalogue, release cycles, cost-model versions), one
-- document each, replaced whole.
CREATE TABLE registers (
    name       text PRIMARY KEY,
    document   bytea NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);

-- Device keys (only their SHA-256) and which key each device is bound to.
CREATE TABLE credentials (
    id     text PRIMARY KEY,
    hash   text NOT NULL,
    record jsonb NOT NULL
);
CREATE TABLE bindings (
    device_id     uuid PRIMARY KEY,
    credential_id text NOT NULL REFERENCES credentials (id)
);
