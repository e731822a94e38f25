-- Marks and attendance from the journal (R5.7, R5.8), the weekly summaries built from
-- them (R5.1, R5.4) and what parents did with them (R5.5).

-- A mark as written ("5", "4-", "3/5") with its numeric value (the mean of "3/5"; NULL
-- when it does not count, e.g. «н/а»), `parts` (2 for "3/5"), weight and whether it
-- counts. The same cell imported again is the same row: lesson 0 and kind '' stand for
-- "not given", so the UNIQUE key holds for every row.
CREATE TABLE marks (
    id           INTEGER PRIMARY KEY,
    student_id   INTEGER NOT NULL REFERENCES students (id),
    subject      TEXT NOT NULL,
    day          TEXT NOT NULL,               -- YYYY-MM-DD
    lesson       INTEGER NOT NULL DEFAULT 0,
    written      TEXT NOT NULL,
    value        REAL,
    parts        INTEGER NOT NULL DEFAULT 1,
    weight       REAL NOT NULL CHECK (weight > 0),
    counts       INTEGER NOT NULL CHECK (counts IN (0, 1)),
    kind_of_work TEXT NOT NULL DEFAULT '',
    comment      TEXT,
    source       TEXT NOT NULL,               -- 'file' | 'eljur'
    imported_at  TEXT NOT NULL,
    UNIQUE (student_id, subject, day, lesson, written, kind_of_work)
);
CREATE INDEX marks_by_student_day ON marks (student_id, day);

-- Absences per lesson by kind; a make-up mark is a row of `marks` and never removes one.
CREATE TABLE absences (
    id          INTEGER PRIMARY KEY,
    student_id  INTEGER NOT NULL REFERENCES students (id),
    subject     TEXT NOT NULL,
    day         TEXT NOT NULL,
    lesson      INTEGER NOT NULL DEFAULT 0,
    kind        TEXT NOT NULL CHECK (kind IN ('absent', 'ill', 'valid', 'late')),
    source      TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    UNIQUE (student_id, subject, day, lesson, kind)
);
CREATE INDEX absences_by_student_day ON absences (student_id, day);

-- One row per weekly run: the week it summarises (its Monday), when it began and ended,
-- how many summaries it queued, and the administrators' progress messages.
CREATE TABLE summary_runs (
    kind        TEXT NOT NULL CHECK (kind IN ('weekly', 'forecast')),
    week        TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    queued      INTEGER,                     -- NULL until every summary of the run is in the outbox
    finished_at TEXT,
    PRIMARY KEY (kind, week)
);
CREATE TABLE summary_progress (
    kind       TEXT NOT NULL,
    week       TEXT NOT NULL,
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    last_text  TEXT NOT NULL,
    PRIMARY KEY (kind, week, chat_id)
);

-- Parents reading their child's marks (R5.5): a press of «Ознакомлен(а)» or an opening
-- of the marks (/marks, the chart). The class teacher's weekly list is made from it.
CREATE TABLE marks_views (
    telegram_id INTEGER NOT NULL,
    student_id  INTEGER NOT NULL REFERENCES students (id),
    at          TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('ack', 'open'))
);
CREATE INDEX marks_views_by_student ON marks_views (student_id, at);

-- A parent whose chat refused the bot (403: blocked). Cleared when they write again.
CREATE TABLE unreachable (
    telegram_id INTEGER PRIMARY KEY,
    since       TEXT NOT NULL,
    error       TEXT
);

-- Which run a bulk message belongs to, for its progress and its report.
ALTER TABLE outbox ADD COLUMN batch TEXT;
CREATE INDEX outbox_batch ON outbox (batch, status);
