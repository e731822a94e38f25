-- Final marks of a period (R5.3): flagged when stored (the school's `final_kinds`), and
-- announced to parents once each.
ALTER TABLE marks ADD COLUMN final INTEGER NOT NULL DEFAULT 0 CHECK (final IN (0, 1));
CREATE INDEX marks_final ON marks (final) WHERE final = 1;

CREATE TABLE final_announced (
    mark_id      INTEGER PRIMARY KEY REFERENCES marks (id) ON DELETE CASCADE,
    announced_at TEXT NOT NULL
);

-- The weekly summaries read one week of the whole school at a time.
CREATE INDEX marks_by_day ON marks (day);
CREATE INDEX absences_by_day ON absences (day);
