"""Staff who join by a link, the school file reloaded while running, and the morning list of
staff who cannot be reached: the services against a real database."""

from __future__ import annotations

import asyncio
import gc
import json
import logging
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from aiogram.types import User as TgUser

from bot.domain.requests import RequestKind, Topic
from bot.domain.school import SchoolConfig, SchoolConfigError, load_school_config
from bot.domain.staff_refs import ADMINS
from bot.i18n import I18n
from bot.middlewares import ContextMiddleware
from bot.services.helpdesk import HelpDesk
from bot.services.people import Directory
from bot.services.staffing import Reachability, Staffing
from bot.services.summaries import Summaries
from bot.views.present import Views
from storage.db import Database
from storage.requests import NewRequest
from storage.staff import STAFF_CODE, JoinOutcome
from tests.fakes.clock import SetClock

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = (ROOT / "schools" / "example.toml").read_text(encoding="utf-8")
HEAD = 'head = { name = "Директор Д. Д.", telegram_id = 100001, position = "директор" }'
ADMIN = '{ name = "Администратор ЭлЖур", telegram_id = 100002, position = "администратор ЭлЖур" },'
# The file of a school setting up: the head, a second administrator and specialist В (spec-c)
# have no Telegram id yet.
SETTING_UP = [
    (HEAD, 'head = { name = "Директор Д. Д.", position = "директор" }'),
    (ADMIN, ADMIN + '\n    { id = "admin-petrova", name = "Петрова П. П.", position = "администратор" },'),
    ("telegram_id = 200003\n", ""),
]
NEW_SPEC, NEW_ADMIN, NEW_HEAD, STRANGER = 777003, 777100, 777001, 999999


def school_text(*replacements: tuple[str, str]) -> str:
    text = EXAMPLE
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


@pytest.fixture
def school_file(tmp_path) -> Path:
    path = tmp_path / "school.toml"
    path.write_text(school_text(*SETTING_UP), encoding="utf-8")
    return path


@pytest.fixture
async def app(tmp_path, school_file):
    """The objects the running bot is made of, as bot/app.py makes them."""
    db = await Database(tmp_path / "staff.sqlite3").connect()
    school = load_school_config(school_file)
    clock = SetClock("2026-11-24T14:45:00+03:00")
    i18n = I18n()
    directory = Directory(school, i18n, db)
    helpdesk = HelpDesk(db, school, clock, directory, views=Views(directory))
    await directory.load_accounts()
    await helpdesk.reload_substitutions()
    summaries = Summaries(db, school, clock, views=helpdesk.views, directory=directory)
    staffing = Staffing(db, helpdesk, clock, path=school_file)
    middleware = ContextMiddleware(directory, i18n)
    yield {"db": db, "helpdesk": helpdesk, "summaries": summaries, "staffing": staffing, "middleware": middleware}
    await db.close()


async def join(staffing: Staffing, person_id: str, account: int, issued_by: int = 100002):
    code = await staffing.invite(person_id, issued_by)
    assert STAFF_CODE.match(code)
    return code, await staffing.directory.join(code, account, staffing.clock.now())


async def test_a_link_binds_the_account_and_every_lookup_follows(app, tmp_path):
    staffing: Staffing = app["staffing"]
    directory = staffing.directory
    assert directory.chat_of("spec-c") is None and directory.chats_of("spec-c") == []
    assert directory.member("spec-c").telegram_id is None

    _, result = await join(staffing, "spec-c", NEW_SPEC)
    assert result.outcome is JoinOutcome.JOINED and result.person_id == "spec-c"
    assert directory.chat_of("spec-c") == NEW_SPEC
    assert directory.chats_of("spec-c") == [NEW_SPEC]
    assert directory.staff_id_for(NEW_SPEC) == "spec-c"
    assert directory.member("spec-c").telegram_id == NEW_SPEC
    assert directory.staff_for(NEW_SPEC).specialist.id == "spec-c"
    assert not directory.staff_for(NEW_SPEC).is_admin

    # The second administrator and the head join the same way, and count as such.
    assert (await join(staffing, "admin-petrova", NEW_ADMIN))[1].outcome is JoinOutcome.JOINED
    assert directory.chats_of(ADMINS) == [100002, NEW_ADMIN]
    assert directory.is_admin(NEW_ADMIN) and directory.staff_id_for(NEW_ADMIN) == f"admin-{NEW_ADMIN}"
    assert directory.member(f"admin-{NEW_ADMIN}").name == "Петрова П. П."
    assert directory.supervisor_chat("spec-a") is None  # the head has not joined: no recipient, no crash
    assert (await join(staffing, "head", NEW_HEAD))[1].outcome is JoinOutcome.JOINED
    assert directory.supervisor_chat("spec-a") == NEW_HEAD
    assert directory.staff_for(NEW_HEAD).is_head and directory.staff_for(NEW_HEAD).is_admin

    # A restart: the accounts come back from the database.
    again = Directory(directory.school, directory.i18n, staffing.db)
    await again.load_accounts()
    assert again.chat_of("spec-c") == NEW_SPEC and again.head_chat() == NEW_HEAD
    assert again.chats_of(ADMINS) == [100002, NEW_ADMIN]


async def test_one_person_one_account_and_polite_refusals(app):
    staffing: Staffing = app["staffing"]
    directory = staffing.directory
    now = staffing.clock.now()
    code, first = await join(staffing, "spec-c", NEW_SPEC)
    assert first.outcome is JoinOutcome.JOINED
    assert (await directory.join(code, NEW_SPEC, now)).outcome is JoinOutcome.ALREADY  # a second tap
    assert (await directory.join(code, STRANGER, now)).outcome is JoinOutcome.USED  # the link passed on
    assert (await join(staffing, "spec-c", STRANGER))[1].outcome is JoinOutcome.TAKEN  # a fresh link, same person
    assert (await join(staffing, "admin-petrova", NEW_SPEC))[1].outcome is JoinOutcome.OTHER  # one account, two people
    assert (await join(staffing, "admin-petrova", 200001))[1].outcome is JoinOutcome.OTHER  # spec-a by the file
    assert (await join(staffing, "spec-a", 200001))[1].outcome is JoinOutcome.ALREADY  # the file's id already
    assert (await join(staffing, "spec-a", STRANGER))[1].outcome is JoinOutcome.TAKEN
    assert (await directory.join("staff-" + "x" * 16, STRANGER + 1, now)).outcome is JoinOutcome.UNKNOWN
    expired = await staffing.invite("admin-petrova", 100002)
    later = now + timedelta(days=15)
    assert (await directory.join(expired, NEW_ADMIN, later)).outcome is JoinOutcome.EXPIRED
    assert directory.chat_of("admin-petrova") is None
    assert directory.chat_of("spec-c") == NEW_SPEC  # nothing above moved it
    rows = await staffing.db.fetch_all("SELECT person_id, telegram_id FROM staff_accounts ORDER BY 1")
    assert [tuple(r) for r in rows] == [("spec-c", NEW_SPEC)]


async def test_two_accounts_racing_for_one_person_bind_one(app):
    staffing: Staffing = app["staffing"]
    codes = [await staffing.invite("spec-c", 100002) for _ in range(2)]
    now = staffing.clock.now()
    results = await asyncio.gather(*(staffing.directory.join(c, 800000 + i, now) for i, c in enumerate(codes)))
    assert sorted(r.outcome.value for r in results) == ["joined", "taken"]
    winner = next(800000 + i for i, r in enumerate(results) if r.outcome is JoinOutcome.JOINED)
    assert staffing.directory.chat_of("spec-c") == winner


async def test_the_database_refuses_a_second_binding_whatever_the_code_says(app):
    """UNIQUE person and UNIQUE account are the schema's, not only the service's."""
    import sqlite3

    db = app["db"]
    await db.execute("INSERT INTO staff_accounts (person_id, telegram_id, joined_at) VALUES ('spec-c', 1, 'x')")
    for row in (("spec-c", 2), ("head", 1)):
        with pytest.raises(sqlite3.IntegrityError):
            await db.execute("INSERT INTO staff_accounts (person_id, telegram_id, joined_at) VALUES (?, ?, 'x')", row)


async def test_a_request_for_a_specialist_not_joined_yet_is_filed_without_a_crash(app):
    """spec-c has no chat: they are no recipient (routing moves the card on)."""
    helpdesk: HelpDesk = app["helpdesk"]
    helpdesk.clock.value = datetime.fromisoformat("2026-11-25T13:30:00+03:00")  # Wednesday: В is on duty
    await helpdesk.reload_substitutions()
    filed = await helpdesk.file(NewRequest(
        submission_key="s1", requester_id=5001, requester_role="parent", requester_name="Кузнецова Анна Сергеевна",
        requester_class="5А", language="ru", kind=RequestKind.QUESTION, topic=Topic.GENERAL, area="methodology",
        text="Как выставить оценку за четверть?", login=None,
    ), [], 5001)
    assert filed.created
    chats = [r[0] for r in await app["db"].fetch_all("SELECT chat_id FROM outbox")]
    assert None not in chats
    request = await helpdesk.requests.get(filed.request.id)
    assert request.assignee_id != "spec-c"  # passed by: routing treats them as unreachable
    assert helpdesk.directory.chats_of(request.assignee_id)  # someone who has a chat has it


async def test_reload_puts_the_new_file_everywhere_and_nothing_keeps_the_old_one(app, school_file):
    staffing: Staffing = app["staffing"]
    old = staffing.school
    school_file.write_text(
        school_text(*SETTING_UP, ('name = "Специалист В. В."', 'name = "Васильева В. В."'),
                    ("escalation_minutes = 15", "escalation_minutes = 5")),
        encoding="utf-8",
    )
    new = await staffing.reload()
    assert new is not old
    helpdesk, summaries = app["helpdesk"], app["summaries"]
    assert staffing.directory.school is new and helpdesk.school is new and summaries.school is new
    assert helpdesk.timetable.school is new
    assert staffing.directory.member("spec-c").name == "Васильева В. В."
    assert helpdesk.school.helpdesk.escalation_minutes == 5
    # Every update's `school` and `staff` come from the new file.
    middleware = app["middleware"]
    seen: dict = {}

    async def handler(event, data):  # type: ignore[no-untyped-def]
        seen.update(data)

    await middleware(handler, object(), {"event_from_user": TgUser(id=200001, is_bot=False, first_name="A")})
    assert seen["school"] is new and seen["staff"].specialist.name == "Специалист А. А."
    # Nothing the running bot is made of still holds the old file.
    holders = [o for o in gc.get_referrers(old) if not isinstance(o, type(gc.get_referrers))]
    ours = (Directory, HelpDesk, Summaries, Staffing, ContextMiddleware, type(helpdesk.timetable))
    stale = [type(o).__name__ for o in holders if isinstance(o, ours)]
    stale += [type(o).__name__ for o in holders if isinstance(o, dict) and any(
        isinstance(x, ours) and vars(x) is o for x in gc.get_referrers(o))]
    assert stale == []


async def test_a_bad_file_is_refused_with_its_mistakes_and_the_running_one_stays(app, school_file):
    staffing: Staffing = app["staffing"]
    old = staffing.school
    school_file.write_text(school_text(*SETTING_UP, ("telegram_id = 200002", "telegram_id = 200001"),
                                       ('timezone = "Europe/Simferopol"', 'timezone = "Europe/Atlantis"')),
                           encoding="utf-8")
    with pytest.raises(SchoolConfigError) as caught:
        await staffing.reload()
    assert "school.timezone: unknown time zone 'Europe/Atlantis'" in str(caught.value)
    school_file.write_text(school_text(*SETTING_UP, ("telegram_id = 200002", "telegram_id = 200001")),
                           encoding="utf-8")
    with pytest.raises(SchoolConfigError) as caught:
        await staffing.reload()
    assert "specialists[1] (id='spec-b'): duplicate telegram_id 200001" in str(caught.value)
    assert staffing.school is old and app["helpdesk"].school is old


async def test_a_file_that_drops_a_specialist_holding_requests_is_refused(app, school_file):
    staffing: Staffing = app["staffing"]
    helpdesk: HelpDesk = app["helpdesk"]
    await helpdesk.file(NewRequest(
        submission_key="s2", requester_id=5002, requester_role="parent", requester_name="Смирнова Ольга Игоревна",
        requester_class="5А", language="ru", kind=RequestKind.QUESTION, topic=Topic.GENERAL, area="technical",
        text="Не открывается дневник", login=None,
    ), [], 5002)
    text = school_text(*SETTING_UP)
    start = text.index('[[specialists]]\nid = "spec-a"')
    end = text.index("[[specialists]]", start + 10)
    school_file.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(SchoolConfigError) as caught:
        await staffing.reload()
    assert "'spec-a' is left out but still holds 1 open request(s)" in str(caught.value)
    assert staffing.school.specialist("spec-a")


async def test_the_morning_list_names_who_cannot_be_reached_once_a_day(app, caplog):
    staffing: Staffing = app["staffing"]
    directory = staffing.directory
    db = app["db"]
    await directory.users.give_consent(100002, "ru", staffing.clock.now())  # the first administrator uses the bot
    await join(staffing, "spec-c", NEW_SPEC)
    await directory.mark_unreachable(200006, "Forbidden: bot was blocked by the user")  # Е blocked the bot
    states = {line.person.id: line.state for line in await staffing.roster()}
    assert states["head"] is Reachability.NOT_JOINED and states["admin-petrova"] is Reachability.NOT_JOINED
    assert states["spec-c"] is Reachability.OK and states["admin-100002"] is Reachability.OK
    assert states["spec-f"] is Reachability.REFUSED and states["spec-a"] is Reachability.NEVER_WROTE

    staffing.clock.value = datetime.fromisoformat("2026-11-25T07:29:00+03:00")
    await staffing.tick()
    assert await db.fetch_value("SELECT count(*) FROM outbox") == 0
    staffing.clock.value = datetime.fromisoformat("2026-11-25T07:30:00+03:00")
    with caplog.at_level(logging.INFO):
        await staffing.tick()
        await staffing.tick()
    rows = await db.fetch_all("SELECT chat_id, payload FROM outbox")
    assert [r[0] for r in rows] == [100002]  # the one administrator who can read it
    text = json.loads(rows[0][1])["text"]
    for name in ("Директор Д. Д.", "Петрова П. П.", "Специалист Е. Е.", "Специалист А. А."):
        assert name in text
    assert "Специалист В. В." not in text and "Администратор ЭлЖур" not in text
    logged = [r.getMessage() for r in caplog.records if r.getMessage().startswith("staff check")]
    assert len(logged) == 1
    assert "head (not-joined)" in logged[0] and "spec-f (refused)" in logged[0]
    assert "Директор" not in logged[0] and "Специалист" not in logged[0]  # ids in the log, never names
    staffing.clock.value = datetime.fromisoformat("2026-11-26T07:31:00+03:00")
    await staffing.tick()
    assert await db.fetch_value("SELECT count(*) FROM outbox") == 2  # the next morning's


async def test_everyone_reachable_sends_nothing(tmp_path):
    db = await Database(tmp_path / "all.sqlite3").connect()
    try:
        school: SchoolConfig = load_school_config(ROOT / "schools" / "example.toml")
        directory = Directory(school, I18n(), db)
        clock = SetClock("2026-11-25T07:30:00+03:00")
        staffing = Staffing(db, HelpDesk(db, school, clock, directory, views=Views(directory)), clock)
        for person in school.people:
            await directory.users.give_consent(person.telegram_id, "ru", clock.now())
        assert await staffing.report_unreachable(reason="test") == []
        assert await db.fetch_value("SELECT count(*) FROM outbox") == 0
    finally:
        await db.close()


async def test_alerts_skip_people_who_have_not_joined_yet(app):
    """The head has no chat yet: a compromised-access alert reaches the administrators who
    have one, and nothing is queued for nobody."""
    helpdesk: HelpDesk = app["helpdesk"]
    filed = await helpdesk.file(NewRequest(
        submission_key="s3", requester_id=5003, requester_role="student", requester_name="Иванов Иван Иванович",
        requester_class="7Б", language="ru", kind=RequestKind.QUESTION, topic=Topic.COMPROMISED, area="registration",
        text="Кто-то зашёл в мой дневник", login="ivanov",
    ), [], 5003)
    assert filed.created
    chats = [r[0] for r in await app["db"].fetch_all("SELECT chat_id FROM outbox")]
    assert None not in chats
    assert 100002 in chats  # the administrator in the file


async def test_an_account_unbound_by_an_administrator_can_be_replaced(app):
    staffing: Staffing = app["staffing"]
    directory = staffing.directory
    assert (await join(staffing, "spec-c", NEW_SPEC))[1].outcome is JoinOutcome.JOINED
    assert await directory.leave("spec-c")
    assert directory.chat_of("spec-c") is None and directory.staff_id_for(NEW_SPEC) is None
    assert not await directory.leave("spec-c")
    assert (await join(staffing, "spec-c", STRANGER))[1].outcome is JoinOutcome.JOINED
    assert directory.chat_of("spec-c") == STRANGER
