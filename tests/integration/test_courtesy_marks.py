"""The courtesy rule's two levels against a real database: obscenities marked at once, insults
only when a specialist confirms (once, however often pressed), marks removed with a reason."""

from __future__ import annotations

import asyncio
import json

from bot.services.courtesy import CourtesyDesk
from bot.views.documents import register_rows
from bot.views.render import card_text
from storage.courtesy import REQUEST_TEXT
from storage.db import Database
from tests.integration.test_helpdesk import desk, new_request, outbox, school  # noqa: F401  (fixtures)

INSULT = "Вы там все идиоты, ничего не работает"
OBSCENE = "Да вы охуели, третий день не работает"


async def marks(desk, rid: int) -> list:
    return await CourtesyDesk(desk).marks.of_request(rid)


async def held_receipt(desk, rid: int) -> str:
    payload = await desk.db.fetch_value("SELECT payload FROM outbox WHERE dedupe_key = ?", (f"receipt:{rid}",))
    return json.loads(payload)["text"]


async def to_requester(desk) -> list[str]:
    return [p.get("text", "") for c, m, p in await outbox(desk) if c == 1001]


async def test_an_obscenity_in_the_text_is_marked_at_once_and_warned_in_the_receipt(desk):
    r = (await desk.file(new_request(text=OBSCENE), [], chat_id=1001)).request
    assert r.courtesy_marks == 1 and r.courtesy_flag is None
    [mark] = await marks(desk, r.id)
    assert (mark.message_row, mark.level, mark.marked_by, mark.in_force) == (REQUEST_TEXT, "obscene", None, True)
    assert "корректный тон" in await held_receipt(desk, r.id)
    assert "п. 5" not in await held_receipt(desk, r.id)


async def test_an_insult_is_only_flagged_until_the_specialist_confirms_it_once(desk):
    r = (await desk.file(new_request(text=INSULT), [], chat_id=1001)).request
    assert r.courtesy_marks == 0 and r.courtesy_flag == "идиоты"
    assert await marks(desk, r.id) == []
    assert "корректный тон" not in await held_receipt(desk, r.id)
    [card] = [p for c, m, p in await outbox(desk) if c == 200001 and "📩" in p.get("text", "")]
    assert "Возможное оскорбление" in card["text"] and "«идиоты»" in card["text"]
    buttons = [b["callback_data"] for row in card["reply_markup"]["inline_keyboard"] for b in row]
    assert f"ct1:m:{r.id}:0" in buttons
    courtesy = CourtesyDesk(desk)
    # two presses at the same moment and one later: one mark, one warning
    first, second = await asyncio.gather(courtesy.confirm(r.id, 0, r.assignee_id), courtesy.confirm(r.id, 0, r.assignee_id))
    again = await courtesy.confirm(r.id, 0, r.assignee_id)
    assert sorted([first.ok, second.ok]) == [False, True] and not again.ok
    assert again.reason == "courtesy-already-marked"
    fresh = await desk.requests.get(r.id)
    assert fresh.courtesy_marks == 1 and fresh.courtesy_flag is None
    [mark] = await marks(desk, r.id)
    assert mark.level == "insult" and mark.marked_by == 200001
    warnings = [text for text in await to_requester(desk) if "записал нарушение норм общения" in text]
    assert len(warnings) == 1 and r.number in warnings[0]


async def test_only_the_holder_or_an_administrator_confirms_or_removes(desk, school):
    r = (await desk.file(new_request(text=OBSCENE), [], chat_id=1001)).request
    other = next(s.id for s in school.specialists if s.id != r.assignee_id)
    courtesy = CourtesyDesk(desk)
    refused = await courtesy.remove(r.id, REQUEST_TEXT, other, "ошибка")
    assert not refused.ok and refused.reason == "courtesy-not-yours"
    admin = desk.directory.staff_id_for(100002)
    assert admin is not None
    assert (await courtesy.in_force(r.id, admin)).ok


async def test_a_follow_up_insult_reaches_the_specialist_flagged_and_an_obscenity_is_warned(desk):
    r = (await desk.file(new_request(), [], chat_id=1001)).request
    await desk.take(r.id, r.assignee_id)
    r = await desk.requests.get(r.id)
    insult = await desk.follow_up(r, chat_id=1001, message_id=50, content_type="text", text="Ну вы и дебилы",
                                  file_id=None)
    assert insult.ok and insult.reason is None  # no warning to the requester yet
    relay = [p for c, m, p in await outbox(desk) if c == 200001 and "дебилы" in p.get("text", "")][-1]
    assert "Возможное оскорбление" in relay["text"]
    [[button]] = relay["reply_markup"]["inline_keyboard"]
    row = int(button["callback_data"].rsplit(":", 1)[1])
    assert (await desk.requests.get(r.id)).courtesy_marks == 0
    assert (await CourtesyDesk(desk).confirm(r.id, row, r.assignee_id)).ok
    assert (await desk.requests.get(r.id)).courtesy_marks == 1

    obscene = await desk.follow_up(r, chat_id=1001, message_id=51, content_type="text", text="Пиздец какой-то",
                                   file_id=None)
    assert obscene.reason == "courtesy-warning" and obscene.args["rule"]
    assert (await desk.requests.get(r.id)).courtesy_marks == 2
    relay = [p for c, m, p in await outbox(desk) if c == 200001 and "Пиздец" in p.get("text", "")][-1]
    assert "Нецензурное выражение" in relay["text"]
    assert relay["reply_markup"]["inline_keyboard"][0][0]["callback_data"].startswith(f"ct1:u:{r.id}:")


async def test_a_polite_message_cannot_be_marked_by_a_forged_button(desk):
    r = (await desk.file(new_request(), [], chat_id=1001)).request
    r = await desk.requests.get(r.id)
    await desk.follow_up(r, chat_id=1001, message_id=60, content_type="text", text="Спасибо, жду ответа",
                         file_id=None)
    row = await desk.db.fetch_value("SELECT id FROM request_messages WHERE message_id = 60")
    courtesy = CourtesyDesk(desk)
    assert (await courtesy.confirm(r.id, row, r.assignee_id)).reason == "button-outdated"
    assert (await courtesy.confirm(r.id, REQUEST_TEXT, r.assignee_id)).reason == "button-outdated"
    assert (await desk.requests.get(r.id)).courtesy_marks == 0


async def test_a_wrong_mark_is_removed_with_its_reason_kept_and_counted_no_more(desk):
    r = (await desk.file(new_request(text=OBSCENE), [], chat_id=1001)).request
    courtesy = CourtesyDesk(desk)
    t = desk.directory.i18n.get("ru")
    assert register_rows(await desk.requests.register(), t, desk.directory, desk.school.tz)[0][-1] == 1
    assert (await courtesy.remove(r.id, REQUEST_TEXT, r.assignee_id, "   ")).reason == "courtesy-reason-empty"
    done = await courtesy.remove(r.id, REQUEST_TEXT, r.assignee_id, "Цитата из жалобы на третье лицо")
    assert done.ok and done.request.courtesy_marks == 0
    [mark] = await marks(desk, r.id)
    assert not mark.in_force and mark.removed_by == 200001 and mark.removed_reason == "Цитата из жалобы на третье лицо"
    assert mark.removed_at == desk.clock.now()
    again = await courtesy.remove(r.id, REQUEST_TEXT, r.assignee_id, "ещё раз")
    assert not again.ok and again.reason == "courtesy-none-in-force"
    assert any("отменена" in text for text in await to_requester(desk))
    # the card, the register and its export count only the marks in force
    [fresh] = await desk.requests.register()
    assert register_rows([fresh], t, desk.directory, desk.school.tz)[0][-1] == 0
    assert "Отметок о нарушении" not in card_text(fresh, t, desk.directory)
    # a removed mark is not recorded again by a later press
    assert (await courtesy.confirm(r.id, REQUEST_TEXT, r.assignee_id)).reason == "courtesy-was-removed"


async def test_marks_counted_before_become_rows_that_can_be_removed(tmp_path):
    db = await Database(tmp_path / "old.sqlite3").connect(target=10)
    await db.execute(
        "INSERT INTO requests (number, submission_key, requester_id, requester_name, requester_role, language, kind, "
        "area, text, status, courtesy_marks, created_at, updated_at) VALUES "
        "('2026-0001', 'k', 1, 'x', 'parent', 'ru', 'question', 'technical', 't', 'assigned', 2, "
        "'2026-11-20T10:00:00+00:00', '2026-11-20T10:00:00+00:00')")
    await db.migrate()
    rows = await db.fetch_all("SELECT message_row, level, removed_at FROM courtesy_marks ORDER BY message_row")
    assert [tuple(row) for row in rows] == [(-2, "earlier", None), (-1, "earlier", None)]
    await db.close()
