-- Marks of conduct violations (the courtesy rule), one per message at most: the request's
-- own text (message_row 0) or a message of its conversation (request_messages.id). An
-- obscenity is marked by the check at once (marked_by NULL); a possible insult only when a
-- specialist confirms it (marked_by: their Telegram id). A wrong mark is removed, never
-- deleted: who removed it, when and why stay. requests.courtesy_marks counts the marks in
-- force and changes in the same transaction as this table.
CREATE TABLE courtesy_marks (
    id             INTEGER PRIMARY KEY,
    request_id     INTEGER NOT NULL REFERENCES requests (id),
    message_row    INTEGER NOT NULL,  -- 0: the request's text; below 0: a mark made before this table
    level          TEXT NOT NULL CHECK (level IN ('obscene', 'insult', 'earlier')),
    marked_at      TEXT NOT NULL,
    marked_by      INTEGER,
    removed_at     TEXT,
    removed_by     INTEGER,
    removed_reason TEXT,
    CHECK ((removed_at IS NULL) = (removed_reason IS NULL) AND (removed_at IS NULL) = (removed_by IS NULL)),
    CHECK (removed_reason IS NULL OR length(trim(removed_reason)) > 0),
    UNIQUE (request_id, message_row)
);

-- The words of the request's own text that the check took for a possible insult, shown on
-- the card until a specialist confirms the mark (then NULL). NULL: nothing to confirm.
ALTER TABLE requests ADD COLUMN courtesy_flag TEXT;

-- Marks counted before: one row each, of the level 'earlier' (the old check did not tell
-- obscenities from insults), so that they too can be removed with a reason.
WITH RECURSIVE n (request_id, k, total, at) AS (
    SELECT id, 1, courtesy_marks, created_at FROM requests WHERE courtesy_marks > 0
    UNION ALL
    SELECT request_id, k + 1, total, at FROM n WHERE k < total
)
INSERT INTO courtesy_marks (request_id, message_row, level, marked_at)
    SELECT request_id, -k, 'earlier', at FROM n;
