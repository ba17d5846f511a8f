-- Schema 1: ledgers, their entries, free texts kept apart, workflow records and audit events.
-- Every row carries the employer (tenant). Dates are ISO 8601 text (sortable); recorded_at is
-- UTC text, the entry's own offset is kept in its wire-shape JSON (data).
CREATE TABLE ledgers (
    tenant TEXT NOT NULL,
    employee TEXT NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (tenant, employee)
);
CREATE TABLE entries (
    tenant TEXT NOT NULL,
    employee TEXT NOT NULL,
    seq BIGINT NOT NULL,
    entry_id TEXT NOT NULL,
    type TEXT NOT NULL,
    day TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (tenant, employee, seq),
    UNIQUE (tenant, employee, entry_id)
);
CREATE TABLE entry_texts (
    tenant TEXT NOT NULL,
    employee TEXT NOT NULL,
    entry_id TEXT NOT NULL,
    field TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (tenant, employee, entry_id, field)
);
CREATE TABLE records (
    tenant TEXT NOT NULL,
    kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    employee TEXT NOT NULL,
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (tenant, kind, record_id)
);
CREATE TABLE record_events (
    tenant TEXT NOT NULL,
    kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (tenant, kind, record_id, seq)
);
