-- One row per report made: the monthly, quarterly and yearly activity reports and the
-- yearly archive of the register. The UNIQUE key is the guard that the automatic monthly
-- report is made and sent once per month, across restarts: whoever inserts the row sends.
-- kind: 'monthly' | 'quarterly' | 'yearly' | 'archive'; period: '2026-10', '2026-Q3', '2026'.
-- made_at: when the row was claimed (ISO, school time); sent_at: when its messages were
-- handed to the outbox (NULL while being made, or if making failed); path: the folder the
-- files were written to (the archive's PDF and XLSX are kept there).
CREATE TABLE report_runs (
    kind    TEXT NOT NULL,
    period  TEXT NOT NULL,
    made_at TEXT NOT NULL,
    sent_at TEXT,
    path    TEXT,
    UNIQUE (kind, period)
);
