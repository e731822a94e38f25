-- R5.1: parents who declared in writing that they cannot or do not want to use the
-- electronic diary, and how they are informed instead (this bot, or paper).
CREATE TABLE diary_optouts (
    id               INTEGER PRIMARY KEY,
    student_id       INTEGER NOT NULL REFERENCES students (id),
    parent_name      TEXT NOT NULL,
    application_date TEXT NOT NULL,
    channel          TEXT NOT NULL CHECK (channel IN ('telegram', 'paper')),
    recorded_by      INTEGER NOT NULL,
    recorded_at      TEXT NOT NULL,
    withdrawn_at     TEXT,
    UNIQUE (student_id, parent_name, application_date)
);
