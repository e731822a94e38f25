"""What the help-desk texts say in the cases the wording depends on: who reads a status, a
request without a class, a person without a position, settings taken from the school file.

tests/unit/test_texts.py renders every text with made-up values; these tests feed the texts
what the service really passes them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.requests import RequestKind, Status, Topic
from bot.domain.school import load_school_config
from bot.domain.staff_refs import StaffRef
from bot.handlers.requester import status_line
from bot.i18n import I18n
from bot.services.helpdesk import HelpDesk
from bot.services.people import Directory
from bot.views.documents import register_rows
from bot.views.present import Views
from bot.views.render import card_text, position_part
from bot.views.requests import holder, receipt_text
from storage.db import Database
from storage.requests import NewRequest
from tests.fakes.clock import SetClock

ROOT = Path(__file__).resolve().parents[2]
NB = "\u00a0"


@pytest.fixture
def school():
    return load_school_config(ROOT / "schools" / "example.toml")


async def make_desk(tmp_path, school) -> HelpDesk:
    db = await Database(tmp_path / "desk.sqlite3").connect()
    desk = HelpDesk(db, school, SetClock("2026-11-24T14:45:00+03:00"), directory := Directory(school, I18n(), db), views=Views(directory))
    await desk.reload_substitutions()
    return desk


@pytest.fixture
async def desk(tmp_path, school):
    helpdesk = await make_desk(tmp_path, school)
    yield helpdesk
    await helpdesk.db.close()


def new_request(key: str = "k1", *, klass: str | None = "5А", topic: Topic = Topic.GENERAL) -> NewRequest:
    return NewRequest(
        submission_key=key, requester_id=1001, requester_name="Иванов И. И.", requester_role="parent",
        requester_class=klass, login=None if topic is Topic.GENERAL else "ivanov", language="ru",
        kind=RequestKind.QUESTION, topic=topic, area="technical", text="Не открывается электронный дневник",
    )


async def test_a_request_waiting_for_the_requester_reads_so_for_staff_and_for_the_requester(desk):
    r = (await desk.file(new_request(), [], chat_id=1001)).request
    staff = r.assignee_id
    assert (await desk.take(r.id, staff)).ok
    assert (await desk.reply(r.id, staff, chat_id=200001, message_id=5, content_type="text",
                             text="Очистите кэш", file_id=None)).ok
    r = await desk.requests.get(r.id)
    assert r.status is Status.WAITING
    t = desk.directory.i18n.get("ru")

    mine = status_line(r, t, desk)  # the requester's /my
    assert "ждёт вашего ответа" in mine and f"№{NB}{r.number}" in mine
    row = register_rows([r], t, desk.directory, desk.school.tz)[0]  # the register's export
    assert "ждёт ответа заявителя" in row and "ждёт вашего ответа" not in row


async def test_the_card_names_the_requester_by_a_label_and_leaves_out_a_missing_class(desk):
    t = desk.directory.i18n.get("ru")
    with_class = (await desk.file(new_request("a"), [], chat_id=1001)).request
    without = (await desk.file(new_request("b", klass=None), [], chat_id=1001)).request

    card = card_text(with_class, t, desk.directory)
    assert "Заявитель: Иванов И. И.\nРоль: Родитель, класс 5А" in card
    card = card_text(without, t, desk.directory)
    assert "Заявитель: Иванов И. И.\nРоль: Родитель\n" in card
    assert "класс" not in card and "—" not in card.split("\n\n")[0]
    assert "Иванов И. И.." not in card and "Иванов И. И.)" not in card


async def test_a_person_without_a_position_is_named_without_empty_brackets(tmp_path, school):
    head = school.school.head.model_copy(update={"position": None})
    bare = school.model_copy(update={"school": school.school.model_copy(update={"head": head})})
    desk = await make_desk(tmp_path, bare)
    try:
        t = desk.directory.i18n.get("ru")
        kind, args = holder(desk.directory, str(StaffRef.admin(head.telegram_id)), t)
        text = t(f"mine-moved-{kind}", number="2026-0001", **args)
        assert text == f"Обращение №{NB}2026-0001 передано: <b>{head.name}</b>"
        kind, args = holder(desk.directory, desk.school.specialists[0].id, t)
        spec = desk.school.specialists[0]
        assert t(f"mine-moved-{kind}", number="2026-0001", **args) == (
            f"Обращение №{NB}2026-0001 передано специалисту: <b>{spec.name}</b>, {spec.position}, каб.{NB}{spec.room}.")
    finally:
        await desk.db.close()
    assert position_part("") == "" and position_part("зам. <директора>") == ", зам. &lt;директора&gt;"


@pytest.mark.parametrize(("days", "words"), [(1, "1 рабочий день"), (2, "2 рабочих дня"), (5, "5 рабочих дней")])
async def test_the_access_deadline_names_the_school_files_working_days(tmp_path, school, days, words):
    setting = school.helpdesk.model_copy(update={"access_deadline_working_days": days})
    desk = await make_desk(tmp_path, school.model_copy(update={"helpdesk": setting}))
    try:
        r = (await desk.file(new_request(topic=Topic.NEW_ACCESS), [], chat_id=1001)).request
        receipt = receipt_text(r, desk.directory.i18n.get("ru"), desk.directory)
        assert f"срок — {words}." in receipt
        assert "два рабочих дня" not in receipt
    finally:
        await desk.db.close()
