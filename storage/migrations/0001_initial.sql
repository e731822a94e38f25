-- People who talk to the bot. A row exists only after consent to personal-data
-- processing (152-FZ, REQUIREMENTS R6.4); before it the bot keeps nothing but
-- the dialog state needed to ask for that consent.
CREATE TABLE users (
    telegram_id     INTEGER PRIMARY KEY,
    language        TEXT NOT NULL DEFAULT 'ru' CHECK (language IN ('ru', 'en')),
    consent_at      TEXT NOT NULL,
    consent_version TEXT NOT NULL,
    role            TEXT CHECK (role IN ('parent', 'student', 'teacher', 'class_teacher', 'administration')),
    full_name       TEXT,
    class_name      TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

-- Every consent given or withdrawn, kept as evidence after the user row is gone.
CREATE TABLE consent_log (
    id          INTEGER PRIMARY KEY,
    telegram_id INTEGER NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('given', 'withdrawn')),
    version     TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX consent_log_user ON consent_log (telegram_id, at);

-- aiogram FSM state and data, so a half-filled form survives a restart.
CREATE TABLE fsm (
    key        TEXT PRIMARY KEY,
    state      TEXT,
    data       TEXT NOT NULL DEFAULT '{}',
    updated_at TEXT NOT NULL
);
