-- Backups proven to restore, the retention of records, the audit trail (docs/operations.md,
-- "Backups and restore"; docs/decisions.md, "Records").

-- One row per backup: weekly (its due moment, at most once: the UNIQUE key is the guard
-- across restarts), or on demand (`/backup`, `python -m bot backup`; due is NULL).
CREATE TABLE backup_runs (
    id          INTEGER PRIMARY KEY,
    trigger     TEXT NOT NULL CHECK (trigger IN ('weekly', 'manual', 'cli')),
    due         TEXT,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    actor_id    INTEGER,
    UNIQUE (trigger, due)
);

-- Each copy of a run, one per configured folder; ok = 1 only for a copy that passed the
-- check (PRAGMA integrity_check, and the same number of requests as the live database held
-- at the instant the copy was taken: `requests`).
CREATE TABLE backup_copies (
    id         INTEGER PRIMARY KEY,
    run_id     INTEGER NOT NULL REFERENCES backup_runs (id),
    folder     TEXT NOT NULL,
    path       TEXT,
    ok         INTEGER NOT NULL CHECK (ok IN (0, 1)),
    requests   INTEGER,
    bytes      INTEGER,
    error      TEXT,
    checked_at TEXT NOT NULL
);
CREATE INDEX backup_copies_ok ON backup_copies (ok, checked_at);

-- Who did what with personal data, and when: exports of the register, printouts of a
-- class's marks, views and imports of marks, backups and restores.
CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    actor_id INTEGER,
    action   TEXT NOT NULL,
    subject  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
