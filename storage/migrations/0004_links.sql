-- Parents see only their own children (R6.5): a link is made by a one-time invitation
-- that a class teacher or an administrator issues for a named student.
CREATE TABLE students (
    id         INTEGER PRIMARY KEY,
    full_name  TEXT NOT NULL,
    class_name TEXT NOT NULL,
    journal_id TEXT UNIQUE,          -- the student's id in the journal, when known (imports)
    created_at TEXT NOT NULL,
    UNIQUE (full_name, class_name)
);

-- Only a hash of the code is kept: a leaked database does not leak usable codes.
CREATE TABLE invitations (
    code_hash  TEXT PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students (id),
    relation   TEXT NOT NULL CHECK (relation IN ('parent', 'student')),
    issued_by  INTEGER NOT NULL,
    issued_at  TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT,
    used_by    INTEGER
);

CREATE TABLE links (
    telegram_id INTEGER NOT NULL,
    student_id  INTEGER NOT NULL REFERENCES students (id),
    relation    TEXT NOT NULL CHECK (relation IN ('parent', 'student')),
    linked_at   TEXT NOT NULL,
    PRIMARY KEY (telegram_id, student_id)
);

-- Failed attempts to use a code, for throttling guessing.
CREATE TABLE link_attempts (
    telegram_id INTEGER NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX link_attempts_by_user ON link_attempts (telegram_id, at);
