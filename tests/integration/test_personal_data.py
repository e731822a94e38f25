"""/forget against a real database: what goes, what the register keeps, and the outbox's copies
of the person's name and words (rows to them, rows about them to others, rows not yet sent)."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from bot.services.personal_data import PersonalDataService
from bot.views.payloads import send_text
from storage.db import Database, utc_iso
from storage.links import LinkRepository
from storage.outbox import enqueue
from storage.personal_data import FORGOTTEN_NAME, PersonalData
from storage.users import UserRepository

NOW = datetime.fromisoformat("2026-11-24T10:00:00+03:00")
PERSON, OTHER, SPECIALIST, SUPERVISOR = 910001, 910002, 200001, 100001
NAME = "Кузьмина Аглая Петровна"
TEXT = "Не открывается дневник сына после смены пароля"
SHORT = "Спасибо"


@pytest.fixture
async def db(tmp_path):
    database = await Database(tmp_path / "forget.sqlite3").connect()
    yield database
    await database.close()


async def file_request(db: Database, requester: int, name: str, text: str, number: str) -> int:
    at = utc_iso(NOW)
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO requests (number, submission_key, requester_id, requester_name, requester_role, "
            "requester_class, login, language, kind, area, text, status, taken_by, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, 'parent', '5А', 'kuzmina', 'ru', 'question', 'technical', ?, 'in_progress', "
            "'spec-a', ?, ?)", (number, number, requester, name, text, at, at))
        request_id = int(cursor.lastrowid or 0)
        cursor = await conn.execute(
            "INSERT INTO request_messages (request_id, direction, author_id, chat_id, message_id, content_type, text, at) "
            "VALUES (?, 'in', ?, ?, 7, 'text', ?, ?)", (request_id, requester, requester, SHORT, at))
        message_row = int(cursor.lastrowid or 0)
        await conn.execute(
            "INSERT INTO request_chat_messages (chat_id, message_id, request_id) VALUES (?, 7, ?)",
            (requester, request_id))
        # the card and a relay to the specialist (sent), the receipt to the requester (sent)
        await enqueue(conn, chat_id=SPECIALIST, method="SendMessage", payload=send_text(SPECIALIST, f"{name}: {text}"),
                      purpose="card", ref_id=request_id)
        await enqueue(conn, chat_id=SPECIALIST, method="SendMessage", payload=send_text(SPECIALIST, f"{name}: {SHORT}"),
                      purpose="relay_in", ref_id=message_row)
        await enqueue(conn, chat_id=requester, method="SendMessage", payload=send_text(requester, f"№ {number}: {text}"),
                      purpose="request", ref_id=request_id)
        await conn.execute("UPDATE outbox SET status = 'sent'")
    return request_id


async def test_forget_clears_the_name_and_words_everywhere_and_keeps_the_register_for_statistics(db):
    users = UserRepository(db)
    await users.give_consent(PERSON, "ru", NOW)
    await users.set_profiles([(PERSON, NAME, "5А")], at=NOW)
    await users.give_consent(OTHER, "ru", NOW)
    mine = await file_request(db, PERSON, NAME, TEXT, "2026-0001")
    theirs = await file_request(db, OTHER, "Другой Родитель", "Другая просьба", "2026-0002")
    links = LinkRepository(db, max_failures_per_hour=3)
    student = await links.student("Кузьмин Федя", "5А", NOW)
    await links.redeem(await links.issue(student, "parent", 300001, NOW, days=7), PERSON, NOW)
    async with db.transaction() as conn:
        # a report to the supervisor naming the person (no request id on it), already sent;
        # a queue list naming them and someone else, not sent yet; another person's message
        # with the same short word, not sent yet; a weekly summary to the person, sent
        await enqueue(conn, chat_id=SUPERVISOR, method="SendMessage",
                      payload=send_text(SUPERVISOR, f"Нарушение норм общения. Заявитель: {NAME}"), dedupe_key="r")
        await conn.execute("UPDATE outbox SET status = 'sent' WHERE dedupe_key = 'r'")
        await enqueue(conn, chat_id=SPECIALIST, method="SendMessage", purpose="queue", ref_id=1,
                      payload=send_text(SPECIALIST, f"1. {NAME}\n2. Другой Родитель"), dedupe_key="q")
        await enqueue(conn, chat_id=OTHER, method="SendMessage", payload=send_text(OTHER, SHORT), dedupe_key="o")
        await enqueue(conn, chat_id=PERSON, method="SendMessage", payload=send_text(PERSON, "Сводка: Кузьмин Федя"),
                      purpose="summary", ref_id=student.id, batch="weekly:2026-11-16", dedupe_key=f"weekly:x:{PERSON}")
        await conn.execute("UPDATE outbox SET status = 'sent' WHERE dedupe_key LIKE 'weekly:%'")
        await conn.execute("INSERT INTO fsm (key, state, data, updated_at) VALUES (?, 'Form:text', ?, ?)",
                           (f"fsm:1:{PERSON}:{PERSON}:default", json.dumps({"name": NAME}, ensure_ascii=False),
                            utc_iso(NOW)))
        await conn.execute("INSERT INTO announcement_mutes (telegram_id, kind, muted_at) VALUES (?, 'other', ?)",
                           (PERSON, utc_iso(NOW)))

    exported = await PersonalData(db).export(PERSON)
    assert exported["profile"]["full_name"] == NAME and [r["text"] for r in exported["requests"]] == [TEXT]
    assert exported["links"][0]["full_name"] == "Кузьмин Федя" and exported["announcement_mutes"][0]["kind"] == "other"

    forgotten = await users.forget(PERSON, NOW)
    assert forgotten.removed and forgotten.closed == (mine,)

    row = await db.fetch_one("SELECT * FROM requests WHERE id = ?", (mine,))
    assert row["requester_name"] == FORGOTTEN_NAME and row["text"] == "" and row["login"] is None
    assert row["requester_id"] < 0 and row["requester_class"] is None and row["status"] == "closed"
    assert (row["kind"], row["area"], row["requester_role"], row["taken_by"]) == ("question", "technical", "parent", "spec-a")
    assert await db.fetch_value("SELECT text FROM request_messages WHERE request_id = ?", (mine,)) is None
    other = await db.fetch_one("SELECT requester_name, text FROM requests WHERE id = ?", (theirs,))
    assert tuple(other) == ("Другой Родитель", "Другая просьба")  # nobody else's data is touched

    payloads = {r["dedupe_key"]: r["payload"] for r in await db.fetch_all("SELECT dedupe_key, payload FROM outbox")}
    everything = "\n".join(payloads.values())
    assert NAME not in everything and TEXT not in everything
    assert payloads["r"] == "{}"  # sent, naming them: emptied
    queue = json.loads(payloads["q"])["text"]  # still to go: their name cut out, the rest kept
    assert FORGOTTEN_NAME in queue and "Другой Родитель" in queue
    assert json.loads(payloads["o"])["text"] == SHORT  # another person's message: untouched
    summary = await db.fetch_one("SELECT chat_id, payload, dedupe_key FROM outbox WHERE batch = 'weekly:2026-11-16'")
    assert summary["chat_id"] < 0 and summary["payload"] == "{}" and summary["dedupe_key"] is None
    for table, column in (("users", "telegram_id"), ("links", "telegram_id"), ("request_chat_messages", "chat_id"),
                          ("announcement_mutes", "telegram_id"), ("outbox", "chat_id")):
        assert not await db.fetch_value(f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", (PERSON,)), table
    assert not await db.fetch_value("SELECT COUNT(*) FROM fsm WHERE key LIKE ?", (f"%:{PERSON}:%",))
    assert [r[0] for r in await db.fetch_all("SELECT action FROM consent_log WHERE telegram_id = ?", (PERSON,))] == \
        ["given", "withdrawn"]  # the evidence of consent and its withdrawal stays

    assert PersonalDataService.is_empty(await PersonalData(db).export(PERSON))
