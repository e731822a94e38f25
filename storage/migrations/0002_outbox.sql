-- Messages to other people, written in the same transaction as the change that
-- causes them, delivered by the outbox worker (bot/outbox.py).
-- status: pending → sending (in flight) → sent | failed | blocked.
-- A row found 'sending' at start-up was in flight when the process died: it is
-- sent again (at-least-once: a possible duplicate, never a loss).
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    dedupe_key      TEXT UNIQUE,
    chat_id         INTEGER NOT NULL,
    method          TEXT NOT NULL,
    payload         TEXT NOT NULL,
    priority        INTEGER NOT NULL DEFAULT 0,
    purpose         TEXT,
    ref_id          INTEGER,
    not_before      REAL NOT NULL DEFAULT 0,
    attempts        INTEGER NOT NULL DEFAULT 0,
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'blocked')),
    sent_message_id INTEGER,
    sent_at         TEXT,
    last_error      TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX outbox_queue ON outbox (status, priority, not_before, id);
CREATE INDEX outbox_ref ON outbox (purpose, ref_id);
