-- Which request a message in a chat belongs to, so that a reply (Telegram's reply-to) to
-- any message of a request reaches that request, on both sides: cards, relays and notices
-- the bot sent (recorded when the outbox sends them). The requester's and the specialists'
-- own messages are in request_messages, which has the same key.
CREATE TABLE request_chat_messages (
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    request_id INTEGER NOT NULL REFERENCES requests (id),
    PRIMARY KEY (chat_id, message_id)
) WITHOUT ROWID;

INSERT OR IGNORE INTO request_chat_messages (chat_id, message_id, request_id)
    SELECT chat_id, message_id, request_id FROM request_cards;

-- A requester's message that came with no reply-to while several of their requests were
-- open: kept here until they choose the request with a button, then relayed to it.
CREATE TABLE unplaced_messages (
    chat_id      INTEGER NOT NULL,
    message_id   INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    text         TEXT,
    file_id      TEXT,
    at           TEXT NOT NULL,
    PRIMARY KEY (chat_id, message_id)
);
