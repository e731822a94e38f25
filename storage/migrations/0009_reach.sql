-- Whether the bot can reach a person's chat (staff above all): when an update last came
-- from it, and since when Telegram refuses messages for it ("chat not found": never opened
-- the bot; "bot was blocked", "user is deactivated"). Cards and alerts skip a chat known to
-- be unreachable and go to the next person; what failed is delivered when the person opens
-- the bot again (bot/services/people.py, bot/services/helpdesk.py).
CREATE TABLE chat_reach (
    chat_id           INTEGER PRIMARY KEY,
    last_seen_at      TEXT,
    unreachable_since TEXT,
    error             TEXT
);

-- The queue message: several requests that reached one chat at once, as one list with a
-- Take button each, edited as they are taken, handed over or closed.
CREATE TABLE queue_lists (
    id         INTEGER PRIMARY KEY,
    chat_id    INTEGER NOT NULL,
    message_id INTEGER,
    created_at TEXT NOT NULL
);
CREATE TABLE queue_list_items (
    list_id    INTEGER NOT NULL REFERENCES queue_lists (id),
    request_id INTEGER NOT NULL REFERENCES requests (id),
    position   INTEGER NOT NULL,
    PRIMARY KEY (list_id, request_id)
);
CREATE INDEX queue_list_items_request ON queue_list_items (request_id);
