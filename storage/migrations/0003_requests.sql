-- The register of requests (Журнал регистрации обращений, REQUIREMENTS R1.4).
-- requester_id is not a foreign key: the register keeps its entries after a
-- person withdraws consent (the school must keep the register, R6.3).
CREATE TABLE request_counters (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

CREATE TABLE requests (
    id              INTEGER PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE,
    submission_key  TEXT NOT NULL UNIQUE,  -- one form, one request, however often "Send" is pressed
    requester_id    INTEGER NOT NULL,
    requester_name  TEXT NOT NULL,
    requester_role  TEXT NOT NULL,
    requester_class TEXT,
    login           TEXT,
    language        TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('question', 'remark', 'suggestion')),
    topic           TEXT NOT NULL DEFAULT 'general'
                    CHECK (topic IN ('general', 'lost_login', 'compromised', 'new_access')),
    area            TEXT NOT NULL,
    text            TEXT NOT NULL,
    status          TEXT NOT NULL
                    CHECK (status IN ('new', 'assigned', 'in_progress', 'waiting', 'resolved', 'closed')),
    scheduled_id    TEXT,           -- the specialist whose slot it is, by the timetable
    assignee_id     TEXT,           -- who has it now (a substitute, an escalation target, 'admins')
    slot_start      TEXT,
    slot_end        TEXT,
    slot_room       TEXT,
    card_due_at     TEXT,           -- when the card is to reach the assignee (now, or the slot's start)
    delivered_at    TEXT,           -- when it reached them
    taken_at        TEXT,
    taken_by        TEXT,
    first_answer_at TEXT,
    waiting_since   TEXT,
    resolved_at     TEXT,
    closed_at       TEXT,
    outcome         TEXT,
    rating          INTEGER CHECK (rating BETWEEN 1 AND 5),
    rating_comment  TEXT,
    escalations     INTEGER NOT NULL DEFAULT 0,
    courtesy_marks  INTEGER NOT NULL DEFAULT 0,
    notice_at       TEXT,           -- R4.3: the moment of the notice of compromised access
    deadline_at     TEXT,           -- R4.2: access within two working days
    reminded_at     TEXT,
    attachments     INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX requests_status ON requests (status, assignee_id);
CREATE INDEX requests_requester ON requests (requester_id, updated_at);
CREATE INDEX requests_created ON requests (created_at);
CREATE INDEX requests_due ON requests (status, card_due_at);

-- Every step of a request, for the register and for disputes.
CREATE TABLE request_events (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests (id),
    at         TEXT NOT NULL,
    actor_id   INTEGER,
    event      TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX request_events_request ON request_events (request_id, id);

-- The conversation: the request's own attachments and every message both ways.
CREATE TABLE request_messages (
    id           INTEGER PRIMARY KEY,
    request_id   INTEGER NOT NULL REFERENCES requests (id),
    direction    TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    author_id    INTEGER NOT NULL,
    chat_id      INTEGER NOT NULL,
    message_id   INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    text         TEXT,
    file_id      TEXT,
    at           TEXT NOT NULL,
    relayed      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (chat_id, message_id)
);
CREATE INDEX request_messages_request ON request_messages (request_id, id);

-- Card messages in specialists' chats, so buttons can be updated when someone takes the request.
CREATE TABLE request_cards (
    request_id INTEGER NOT NULL REFERENCES requests (id),
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    PRIMARY KEY (request_id, chat_id, message_id)
);

-- R2.4: a substitute covers a specialist's slots for a date range.
CREATE TABLE substitutions (
    id            INTEGER PRIMARY KEY,
    absent_id     TEXT NOT NULL,
    substitute_id TEXT NOT NULL,
    start_date    TEXT NOT NULL,
    end_date      TEXT NOT NULL,
    created_by    INTEGER NOT NULL,
    created_at    TEXT NOT NULL,
    cancelled_at  TEXT,
    CHECK (absent_id <> substitute_id),
    CHECK (start_date <= end_date)
);

-- R3.3: complaints about a specialist go to their supervisor, never to them.
CREATE TABLE complaints (
    id            INTEGER PRIMARY KEY,
    request_id    INTEGER REFERENCES requests (id),
    requester_id  INTEGER NOT NULL,
    specialist_id TEXT NOT NULL,
    text          TEXT NOT NULL,
    at            TEXT NOT NULL
);
