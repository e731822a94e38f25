"""The help desk's events in the log: a request's whole life, one line per event with ids,
and no names, no texts anywhere in the log (bot/events.py, docs/operations.md)."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime

from bot.domain.staff_refs import ADMINS
from bot.events import EVENTS
from bot.logs import IdsOnly
from bot.services.summaries import WEEKLY
from tests.integration.test_helpdesk import desk, new_request, school, tg  # noqa: F401  (fixtures)
from tests.integration.test_summaries import (  # noqa: F401  (fixtures)
    PARENT,
    SATURDAY_NOON,
    import_sample,
    link_and_opt_out,
    summaries,
)

NAME, PROBLEM = "Иванова Анна", "Не открывается электронный дневник"


def events(caplog) -> list[tuple[str, dict[str, str]]]:
    lines = []
    for record in caplog.records:
        if record.name == "bot.events":
            name, _, rest = record.getMessage().partition(" ")
            lines.append((name, dict(re.findall(r"(\w+)=(\S+)", rest))))
    return lines


async def test_a_requests_life_is_in_the_log_with_ids_and_nothing_personal(desk, school, caplog):
    caplog.set_level(logging.DEBUG)  # every logger, at every level the bot lets through (bot/logs.py)
    spec_a, spec_b = tg(school, 1), tg(school, 2)
    r = (await desk.file(new_request(), [], chat_id=1001)).request  # Tuesday 14:45: A is on duty
    await desk.take(r.id, spec_a)
    await desk.reply(r.id, spec_a, chat_id=200001, message_id=5, content_type="text", text="Очистите кэш",
                     file_id=None)
    await desk.follow_up(await desk.requests.get(r.id), chat_id=1001, message_id=77, content_type="text",
                         text="Вы там все идиоты, спасибо", file_id=None)
    await desk.hand_over(r.id, spec_a, spec_b)
    desk.clock.advance(minutes=school.helpdesk.escalation_minutes + 1)
    await desk.run_timers()  # not taken in time: escalated
    escalated_to = (await desk.requests.get(r.id)).assignee_id
    holder = escalated_to if escalated_to != ADMINS else desk.directory.staff_id_for(100002)
    await desk.take(r.id, holder)
    await desk.resolve(r.id, holder)
    await desk.reopen(r.id, 1001)
    await desk.close_by_requester(r.id, 1001)

    seen = events(caplog)
    names = [name for name, _ in seen]
    for expected in ("request_filed", "request_delivered", "request_taken", "request_answered",
                     "request_handed_over", "request_escalated", "request_resolved", "request_reopened",
                     "request_closed"):
        assert expected in names, (expected, names)
    assert set(names) <= EVENTS
    for name, ids in seen:
        assert ids["id"] == str(r.id) and ids["number"] == r.number, (name, ids)
    filed = dict(seen)["request_filed"]
    assert filed["area"] == "technical" and filed["assignee"] == spec_a
    assert dict(seen)["request_handed_over"]["to"] == spec_b
    assert [ids["by"] for name, ids in seen if name == "request_taken"] == [spec_a, holder]
    assert [ids["outcome"] for name, ids in seen if name == "request_closed"] == ["by_requester"]
    # Names, problems and messages appear nowhere in the log, from any logger.
    people = [NAME, "Иванова", *(s.name for s in school.specialists), school.school.head.name]
    words = [PROBLEM, "Очистите", "идиоты", "спасибо"]
    kept = IdsOnly()
    text = "\n".join(record.getMessage() for record in caplog.records if kept.filter(record))
    assert "request_filed" in text
    for secret in people + words:
        assert secret not in text, secret


async def test_a_summaries_run_is_in_the_log(summaries, caplog):
    caplog.set_level(logging.INFO)
    await import_sample(summaries)
    await link_and_opt_out(summaries, PARENT, "Петров Иван")
    summaries.clock.value = datetime.fromisoformat(SATURDAY_NOON)
    await summaries.run(WEEKLY, date(2026, 11, 16))
    [(name, ids)] = [e for e in events(caplog) if e[0].startswith("summaries")]
    assert name == "summaries_run" and ids == {"kind": WEEKLY, "week": "2026-11-16", "recipients": "1", "queued": "1"}
    assert "Петров" not in caplog.text


async def test_a_card_refused_by_its_chat_moves_on_and_says_so(desk, school, caplog):
    caplog.set_level(logging.INFO)
    r = (await desk.file(new_request(), [], chat_id=1001)).request
    await desk.card_undeliverable(r.id, 200001, "Forbidden: bot was blocked by the user")
    moved = [ids for name, ids in events(caplog) if name == "request_delivered" and "meant_for" in ids]
    assert moved and moved[0]["meant_for"] == tg(school, 1) and moved[0]["to"] != tg(school, 1)
