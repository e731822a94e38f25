-- Staff join by a one-time link (/staff) instead of a Telegram id written in the school
-- file: the account that followed the link is bound to that person of the file. One
-- person has one account and one account is one person, whatever two presses race.
CREATE TABLE staff_accounts (
    person_id   TEXT NOT NULL UNIQUE,     -- the person's id in the school file
    telegram_id INTEGER NOT NULL UNIQUE,
    joined_at   TEXT NOT NULL
);

-- Only a hash of the code is kept, as for parents' invitations.
CREATE TABLE staff_invitations (
    code_hash  TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL,
    issued_by  INTEGER NOT NULL,
    issued_at  TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT,
    used_by    INTEGER
);
CREATE INDEX staff_invitations_by_person ON staff_invitations (person_id);

-- The morning list of staff who cannot be reached: a row per school day it was made.
CREATE TABLE staff_reports (
    day     TEXT PRIMARY KEY,
    made_at TEXT NOT NULL
);
