"""A person's data through the real bot: /mydata shows it and sends it as a file; /forget,
confirmed, leaves neither their name nor their words anywhere in the database file."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3

from tests.e2e.test_helpdesk import SPECIALIST_A, register, to_confirmation

NAME = "Белозерская Ефросинья Тихоновна"
PROBLEM = "Пароль от дневника пропал после обновления, код 7391"
ANSWER = "Сбросьте пароль по ссылке на странице входа 5521"
THANKS = "Спасибо, отметки снова видны 8842"


def raw_bytes(path) -> bytes:
    """The database file and its write-ahead log as they lie on disk, untouched."""
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def database_bytes(path) -> bytes:
    """The database file as it lies on disk once the write-ahead log is folded in and free
    pages are gone (what a copy of the file would carry). The bot keeps running: retried
    while its own connection holds a lock for a moment."""
    for attempt in range(50):
        try:
            with sqlite3.connect(path, timeout=5) as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.execute("VACUUM")
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            break
        except sqlite3.OperationalError:
            if attempt == 49:
                raise
    data = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def forms(text: str) -> list[bytes]:
    """How a text may lie in the file: as UTF-8, or as JSON with non-ASCII escaped."""
    return [text.encode("utf-8"), json.dumps(text)[1:-1].encode("ascii")]


async def test_mydata_shows_everything_and_forget_leaves_no_name_or_text_in_the_database(bot, standin):
    parent = standin.user(5951, first_name="Ефросинья", language_code="ru")
    specialist = standin.user(SPECIALIST_A, first_name="Специалист", language_code="ru")
    await register(parent)
    await to_confirmation(parent, NAME, problem=PROBLEM)
    await parent.press("📨 Отправить")
    number = re.search(r"№\s(\S+)", (await parent.wait_for("зарегистрировано")).text).group(1)
    card = await specialist.wait_for(lambda m: number in m.text and "📩" in m.text)
    await specialist.press("✋ Взять", message=card)
    await specialist.press("💬 Ответить", message=card)
    await specialist.wait_for("Напишите ответ")
    await specialist.send(ANSWER)
    await parent.wait_for(ANSWER)
    thanks = await parent.send(THANKS)
    await specialist.wait_for(THANKS)
    await parent.wait_for_reaction(thanks)

    await parent.send("/mydata")
    shown = await parent.wait_for("Что бот хранит о вас")
    for expected in (NAME, "5А", "Роль: родитель", "Согласие на обработку", number, PROBLEM, ANSWER, THANKS):
        assert expected in shown.text, expected
    await parent.press("📄 Получить файлом", message=shown)
    document = await parent.wait_for(lambda m: m.content_type == "document")
    exported = json.loads(parent.download(document))
    assert exported["profile"]["full_name"] == NAME and exported["consent"][0]["action"] == "given"
    [request] = exported["requests"]
    assert request["number"] == number and request["text"] == PROBLEM
    assert [m["text"] for m in request["messages"]] == [ANSWER, THANKS]

    await parent.send("/forget")
    await parent.press("Не удалять")
    await parent.wait_for("Данные не удалены")
    await parent.send("/forget")
    await parent.press("🗑 Удалить мои данные")
    await parent.wait_for("Согласие отозвано")
    # the specialist's card: closed, without the name or the text
    closed = await specialist.wait_for(lambda m: number in m.text and NAME not in m.text and PROBLEM not in m.text)
    assert "[данные удалены]" in closed.text and not closed.buttons  # nothing left to press

    # the outbox has settled (nothing of theirs pending), then the file is searched
    for _ in range(100):
        with sqlite3.connect(bot.database) as conn:
            left = conn.execute("SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending')").fetchone()[0]
        if not left:
            break
        await asyncio.sleep(0.05)
    with sqlite3.connect(bot.database) as conn:
        kind, area, created, status, name, requester = conn.execute(
            "SELECT kind, area, created_at, status, requester_name, requester_id FROM requests WHERE number = ?",
            (number,)).fetchone()
        taken_by = conn.execute("SELECT taken_by FROM requests WHERE number = ?", (number,)).fetchone()[0]
        fsm = conn.execute("SELECT COUNT(*) FROM fsm WHERE key LIKE '%:5951:%'").fetchone()[0]
    assert (kind, area, status, name) == ("question", "technical", "closed", "[данные удалены]")
    assert created and taken_by and requester < 0 and fsm == 0  # the register keeps what statistics need

    # as the bot leaves the files (deleted content zeroed, the log folded in), and once compacted
    for stored in (raw_bytes(bot.database), database_bytes(bot.database)):
        for text in (NAME, "Белозерская", PROBLEM, ANSWER, THANKS):
            for form in forms(text):
                assert form not in stored, f"{text!r} is still in the database file"

    await parent.send("/mydata")
    await parent.wait_for("О вас ничего не хранится")
