-- Announcements (R6.6): an administrator's message to an audience, sent through the outbox
-- as bulk rows (batch 'announcement:<id>'), after a preview and a confirmation.
-- submission_key: one confirmed preview, one announcement, however often "Send" is pressed.
-- audience: 'staff' | 'specialists' | 'class_teachers' | 'class' | 'grade' | 'everyone';
-- target: the class ('5А') or the grade ('5') for 'class' and 'grade'.
-- body: what is sent (the method and its JSON body, the same for every recipient but the chat).
-- queued: NULL until every row is in the outbox; finished_at: when the last row was done.
-- The sender's one progress message: progress_message_id and its last text.
CREATE TABLE announcements (
    id                  INTEGER PRIMARY KEY,
    submission_key      TEXT NOT NULL UNIQUE,
    kind                TEXT NOT NULL,
    audience            TEXT NOT NULL,
    target              TEXT,
    method              TEXT NOT NULL,
    body                TEXT NOT NULL,
    sender_id           INTEGER NOT NULL,
    created_at          TEXT NOT NULL,
    queued              INTEGER,
    finished_at         TEXT,
    progress_message_id INTEGER,
    progress_text       TEXT
);
CREATE INDEX announcements_unfinished ON announcements (finished_at) WHERE finished_at IS NULL;

-- People who asked not to receive announcements of a kind (not the obligatory kinds).
CREATE TABLE announcement_mutes (
    telegram_id INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    muted_at    TEXT NOT NULL,
    PRIMARY KEY (telegram_id, kind)
) WITHOUT ROWID;

-- /forget: the register keeps a forgotten person's entries for the statistics under a
-- number of this table (negative, -id), never their Telegram id or name.
CREATE TABLE forgotten_people (
    id           INTEGER PRIMARY KEY,
    forgotten_at TEXT NOT NULL
);
