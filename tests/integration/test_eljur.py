"""The ЭлЖур connector against the local fake of the API (tests/fakes/eljur_api.py), in each of
its modes: answers keyed by id or listed, an unrelated student refused or answered empty,
accounts of different roles; what a pull stores and what it leaves alone; configuration
errors against outages; the token; that no secret leaks."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.domain.marks import ABSENCE_CODES, AbsenceKind, GradingRules, ImportRow
from bot.i18n import I18n
from bot.services.eljur import (
    ABSENT,
    EMPTY,
    GARBLED,
    REFUSED,
    STORED,
    EljurClient,
    EljurConfigError,
    EljurError,
    EljurRefused,
    EljurSettings,
    EljurSync,
    EljurUnavailable,
    JournalNews,
    JournalUnreadableClass,
    Period,
    current_period,
    mask_url,
    pull,
)
from bot.services.marks_import import rows_to_import
from bot.views.summaries import journal_message, journal_status_lines
from tests.fakes.eljur_api import DEVKEY, LOGIN, PASSWORD, VENDOR, EljurFake, mark

TODAY = date(2026, 11, 22)
START, END = date(2026, 11, 5), date(2026, 12, 27)  # «2 четверть» in the fake

PETROV: dict[str, list[Any]] = {
    "Математика": [
        mark("5", "2026-11-16", weight=2, mtype="Контрольная работа", comment="без ошибок", lesson_comment="Дроби"),
        mark("3/5", "2026-11-17", weight=1.5, mtype="Самостоятельная работа"),
        mark("Н", "2026-11-18", count=False),
        mark("4-", "2026-11-19", weight_float=None, weight=None),
        mark("", "2026-11-20"),  # a phantom: a lesson listed without a mark
        mark("5", "2026-10-01"),  # before the range: the API leaves it out
    ],
    "История": [
        mark("ОП", "2026-11-19", count=False),
        mark("4", "2026-11-20", weight=0.5, count=False),
    ],
}
SIDOROVA: dict[str, list[Any]] = {"Физика": [mark("4", "2026-11-20")]}
SCHOOL = [("1001", "Петров Иван Сергеевич", "5А"), ("1002", "Сидорова Анна Павловна", "6Б")]


def make_settings(url: str, **override: Any) -> EljurSettings:
    values: dict[str, Any] = {"vendor": VENDOR, "devkey": DEVKEY, "login": LOGIN, "password": PASSWORD,
                              "api_url": url, **override}
    return EljurSettings(_env_file=None, **values)  # type: ignore[call-arg]


BOTH_SPELLINGS = pytest.mark.parametrize("fake", ["object", "list"], indirect=True)


@pytest.fixture
async def fake(request: pytest.FixtureRequest):
    """The fake; `students` keyed by id unless a test asks for a list (`BOTH_SPELLINGS`)."""
    server = EljurFake(students_as=getattr(request, "param", "object"))
    server.add_student("1001", "Петров Иван", PETROV, class_name="5А")
    server.add_student("1002", "Сидорова Анна", SIDOROVA, class_name="6Б")
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def client(fake: EljurFake):
    connector = EljurClient(make_settings(fake.url), timeout=5)
    yield connector
    await connector.close()


class Recorder:
    """The sync's store and the notices to administrators and class teachers, recorded."""

    def __init__(self, school: list[tuple[str, str, str]] | None = None) -> None:
        self.school = list(SCHOOL if school is None else school)
        self.stored: list[tuple[list[ImportRow], date, date, list[str]]] = []
        self.told: list[tuple[str, dict[str, Any]]] = []
        self.teachers: list[tuple[str, str, dict[str, Any]]] = []

    async def students(self) -> list[tuple[str, str, str]]:
        return list(self.school)

    async def store(self, rows: list[ImportRow], start: date, end: date, journal_ids: list[str]) -> int:
        self.stored.append((rows, start, end, journal_ids))
        return len(rows)

    async def notify(self, news: JournalNews) -> None:
        self.told.append(journal_message(news))  # (text key, values), as the administrators read it

    async def notify_teachers(self, news: JournalUnreadableClass) -> None:
        self.teachers.append((news.class_name, *journal_message(news)))

    def sync(self, connector: EljurClient) -> EljurSync:
        return EljurSync(connector, self.students, self.store, self.notify, self.notify_teachers)


# --- reading the answers ------------------------------------------------------------------------

@BOTH_SPELLINGS
async def test_marks_and_absences_are_read_from_the_students_own_entry(fake: EljurFake, client: EljurClient) -> None:
    entry = await client.entry("1001", START, END, student_name="Петров Иван Сергеевич", class_name="5А")
    assert entry.kind == STORED and entry.phantoms == 1
    got = {(r.subject, r.day, r.written): r for r in entry.rows}
    assert set(got) == {
        ("Математика", date(2026, 11, 16), "5"), ("Математика", date(2026, 11, 17), "3/5"),
        ("Математика", date(2026, 11, 18), "Н"), ("Математика", date(2026, 11, 19), "4-"),
        ("История", date(2026, 11, 19), "ОП"), ("История", date(2026, 11, 20), "4"),
    }
    five = got[("Математика", date(2026, 11, 16), "5")]
    assert (five.weight, five.counts, five.kind_of_work) == (2.0, True, "Контрольная работа")
    assert (five.comment, five.lesson_comment) == ("без ошибок", "Дроби")  # both kept, each in its place
    both = got[("Математика", date(2026, 11, 17), "3/5")]
    assert (both.weight, both.counts, both.kind_of_work) == (1.5, True, "Самостоятельная работа")
    assert got[("Математика", date(2026, 11, 17), "3/5")].lesson_comment is None  # "" is no comment
    absent = got[("Математика", date(2026, 11, 18), "Н")]
    assert ABSENCE_CODES[absent.written.lower()] is AbsenceKind.ABSENT and absent.counts is False
    four = got[("История", date(2026, 11, 20), "4")]
    assert (four.weight, four.counts) == (0.5, False)
    assert got[("Математика", date(2026, 11, 19), "4-")].weight is None  # the school's rules decide
    assert {(r.student_name, r.class_name, r.journal_id) for r in entry.rows} == {
        ("Петров Иван Сергеевич", "5А", "1001")}

    parsed = rows_to_import(entry.rows, GradingRules())
    assert parsed.errors == []
    assert sorted(a.absence.kind for a in parsed.absences) == [AbsenceKind.ABSENT, AbsenceKind.LATE]
    assert sorted(m.mark.written for m in parsed.marks) == ["3/5", "4", "4-", "5"]
    assert {m.mark.lesson_comment for m in parsed.marks if m.mark.written == "5"} == {"Дроби"}


@BOTH_SPELLINGS
async def test_periods_ambiguous_and_disabled_are_left_out_and_counted(fake: EljurFake, client: EljurClient) -> None:
    fake.periods.append({"name": "X", "fullname": "Старый период", "start": "20250901", "end": "20251225",
                         "disabled": True, "ambigious": False})
    read = await client.periods()
    assert [(p.name, p.start, p.end) for p in read.periods] == [
        ("1 четверть", date(2026, 9, 1), date(2026, 10, 25)),
        ("Учебный год", date(2026, 9, 1), date(2027, 5, 31)),
        ("2 четверть", date(2026, 11, 5), date(2026, 12, 27)),
    ]
    assert (read.ambiguous, read.disabled) == (1, 1)
    assert current_period(read.periods, TODAY) == Period("2 четверть", START, END)  # the quarter, not the year
    holidays = current_period(read.periods, date(2026, 10, 30))
    assert holidays is not None and holidays.name == "Учебный год"  # the holidays
    assert current_period(read.periods, date(2027, 7, 1)) is None


@BOTH_SPELLINGS
async def test_the_answer_without_the_students_entry_gives_nobody_elses_marks(
        fake: EljurFake, client: EljurClient) -> None:
    """The connector used to take the only entry of an answer as the asked student's: asking
    for 1002 stored 1001's marks under 1002."""
    petrov = {"name": "1001", "title": "Петров Иван", "lessons": [{"name": "Математика", "marks": [
        mark("5", "2026-11-16")]}]}
    answers: list[object] = [{"students": {"1001": petrov}}, {"students": [petrov]}, {"students": {}}, {}, []]
    for answer in answers:
        fake.raw_marks["1002"] = answer
        entry = await client.entry("1002", START, END, student_name="Сидорова Анна", class_name="6Б")
        assert (entry.kind, entry.rows) == (ABSENT, []), answer


@BOTH_SPELLINGS
@pytest.mark.parametrize("mode", ["error", "empty"])
async def test_an_unrelated_student_is_a_gap_in_either_mode(fake: EljurFake, client: EljurClient, mode: str) -> None:
    fake.unrelated = mode
    fake.add_student("1003", "Кузнецов Олег", SIDOROVA, class_name="6Б", related=False)
    if mode == "error":
        with pytest.raises(EljurRefused):
            await client.entry("1003", START, END, student_name="Кузнецов Олег", class_name="6Б")
    else:
        entry = await client.entry("1003", START, END, student_name="Кузнецов Олег", class_name="6Б")
        assert (entry.kind, entry.rows) == (EMPTY, [])
    outcome = await pull(client, [*SCHOOL, ("1003", "Кузнецов Олег Ильич", "6Б")], START, END)
    assert outcome.stored == ["1001", "1002"] and len(outcome.rows) == 7
    assert outcome.gaps[REFUSED if mode == "error" else EMPTY] == ["1003"] and outcome.partial


async def test_the_fake_takes_auth_as_get_form_and_json_and_the_client_posts_a_form(fake: EljurFake) -> None:
    common = {"devkey": DEVKEY, "vendor": VENDOR, "out_format": "json"}
    creds = {"login": LOGIN, "password": PASSWORD}
    async with aiohttp.ClientSession() as http:
        for send in (http.get(fake.url + "auth", params={**common, **creds}),
                     http.post(fake.url + "auth", params=common, data=creds),
                     http.post(fake.url + "auth", params=common, json=creds)):
            async with send as answer:
                body = await answer.json()
                assert answer.status == 200 and body["response"]["result"]["token"]
        async with http.get(fake.url + "auth", params={**common, "login": LOGIN, "password": "x"}) as answer:
            body = await answer.json()
            assert answer.status == 400 == body["response"]["state"] and body["response"]["result"] == {}
    assert fake.auth_ways == ["query", "form", "json", "query"]

    connector = EljurClient(make_settings(fake.url), timeout=5)
    try:
        await connector.rules()
    finally:
        await connector.close()
    assert fake.auth_ways[-1] == "form"
    method, query = fake.requests[-2]
    assert method == "auth" and "password" not in query and "login" not in query
    assert all(q.get("devkey") == DEVKEY and q.get("vendor") == VENDOR and q.get("out_format") == "json"
               for _, q in fake.requests[-2:])


# --- what the account can read ------------------------------------------------------------------

@BOTH_SPELLINGS
async def test_rules_give_the_role_and_the_readable_students_matched_with_the_school(fake: EljurFake) -> None:
    fake.add_student("1003", "Кузнецов Олег", SIDOROVA, class_name="6Б", related=False)
    fake.add_student("2001", "Чужой Ученик", SIDOROVA, class_name="9В")  # related, not in the school's list
    fake.account.rules["1002"] = ["getdiary"]  # related, but the marks are not allowed
    record = Recorder([*SCHOOL, ("1003", "Кузнецов Олег Ильич", "6Б")])
    connector = EljurClient(make_settings(fake.url), timeout=5)
    sync = record.sync(connector)
    try:
        access = await sync.check_access()
        assert access.roles == ("parent",) and access.elsewhere == 1
        assert [s[0] for s in access.readable] == ["1001"]
        assert access.unreadable_by_class() == {"6Б": ["Сидорова Анна Павловна", "Кузнецов Олег Ильич"]}

        result = await sync.run(TODAY)
        assert result.ok and (result.students, result.stored, result.unreadable) == (1, 1, 2)
        assert not result.partial  # students the account cannot read are not gaps of the answer
        assert [q["student"] for m, q in fake.requests if m == "getmarks"] == ["1001"]  # nobody else asked for
        assert record.teachers == [("6Б", "eljur-unreadable-class", {
            "klass": "6Б", "count": 2, "names": "• Кузнецов Олег Ильич\n• Сидорова Анна Павловна"})]
        await sync.run(TODAY)
        assert len(record.teachers) == 1  # at start only

        lines = journal_status_lines(await sync.describe(), I18n(default="ru").get("ru"))
        assert lines[0] == ("📓 ЭлЖур: роль учётной записи — родитель; отметки доступны по 1 ученику "
                            "из 3 учеников с номером в ЭлЖур.")
        assert "6Б: 2" in lines[1] and "обновлено учеников — 1, без изменений — 0" in lines[2]
    finally:
        await connector.close()


async def test_an_account_that_reads_no_marks_is_told_once_at_start(fake: EljurFake) -> None:
    fake.accounts[LOGIN].roles = ["teacher"]
    fake.accounts[LOGIN].students = []
    record = Recorder()
    connector = EljurClient(make_settings(fake.url), timeout=5)
    sync = record.sync(connector)
    try:
        first, second = await sync.run(TODAY), await sync.run(TODAY)
    finally:
        await connector.close()
    assert first.ok and second.ok and first.unreadable == 2 and record.stored == []
    assert record.told == [("eljur-reads-nothing", {"role": "teacher"})]
    assert record.teachers == []  # everybody is on the file import: no class lists
    assert fake.calls["getmarks"] == 0 and fake.calls["getperiods"] == 0
    text = I18n(default="ru").get("ru")("eljur-reads-nothing", role="teacher")
    assert "ELJUR_LOGIN" in text and "/import" in text


# --- a pull stores only clean entries -----------------------------------------------------------

@pytest.mark.parametrize("answer, kind", [
    ({"students": {}}, ABSENT),  # the answer lacks the student
    ({"students": {"1002": {"name": "1002", "title": "Сидорова Анна", "lessons": []}}}, EMPTY),
    ({"students": {"1002": {"name": "1002", "lessons": [{"name": "Физика", "marks": [{"value": "4"}]}]}}},
     GARBLED),  # a mark without a date
    ({"students": {"1002": {"name": "1002", "lessons": "garbage"}}}, GARBLED),
    ("garbage", GARBLED),
])
async def test_a_partial_answer_deletes_nothing(tmp_path, fake: EljurFake, answer: Any, kind: str) -> None:
    """Through the real store: the student without a clean entry keeps their marks; the
    others are refreshed; the administrators are told once, and once when it is whole again."""
    from bot.domain.school import load_school_config
    from bot.services.people import Directory
    from bot.services.summaries import Summaries
    from bot.views.present import Views
    from storage.db import Database
    from tests.fakes.clock import SetClock

    db = await Database(tmp_path / "db.sqlite3").connect()
    try:
        for journal_id, name, klass in SCHOOL:
            await db.execute(
                "INSERT INTO students (full_name, class_name, journal_id, created_at) VALUES (?, ?, ?, ?)",
                (name, klass, journal_id, "2026-11-01T00:00:00+00:00"))
        school = load_school_config(Path(__file__).resolve().parents[2] / "schools" / "example.toml")
        summaries = Summaries(db, school, SetClock("2026-11-22T10:00:00+03:00"),
                              views=Views(Directory(school, I18n(), db)))

        async def written(journal_id: str) -> list[str]:
            rows = await db.fetch_all("SELECT m.written FROM marks m JOIN students s ON s.id = m.student_id "
                                      "WHERE s.journal_id = ? ORDER BY m.day, m.written", (journal_id,))
            return [r[0] for r in rows]

        record = Recorder()
        connector = EljurClient(make_settings(fake.url), timeout=5)
        sync = EljurSync(connector, record.students, summaries.store_pulled, record.notify)
        try:
            assert (await sync.run(TODAY)).ok
            assert await written("1002") == ["4"]
            assert len(await written("1001")) == 4
            fake.raw_marks["1002"] = answer
            fake.students["1001"]["lessons"] = {"Математика": [mark("2", "2026-11-21")]}  # the journal changed
            partial = [await sync.run(TODAY), await sync.run(TODAY)]
            assert await written("1002") == ["4"]  # kept
            assert await written("1001") == ["2"]  # refreshed: the range is the journal's picture
            del fake.raw_marks["1002"]
            whole = await sync.run(TODAY)
        finally:
            await connector.close()
        assert [r.ok and r.partial for r in partial] == [True, True] and partial[0].gaps == {kind: 1}
        assert (partial[0].stored, partial[0].students) == (1, 2)
        assert whole.ok and not whole.partial
        assert [key for key, _ in record.told] == ["eljur-partial", "eljur-whole"]  # once, and once back
        assert record.told[0][1] == {"stored": 1, "gaps": 1, "absent": int(kind == ABSENT),
                                     "empty": int(kind == EMPTY), "garbled": int(kind == GARBLED), "refused": 0}
    finally:
        await db.close()


async def test_one_line_per_pull_counts_phantoms_and_ambiguous_periods(
        fake: EljurFake, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, "bot.services.eljur")
    record = Recorder()
    connector = EljurClient(make_settings(fake.url), timeout=5)
    try:
        for _ in range(2):
            result = await record.sync(connector).run(TODAY)
    finally:
        await connector.close()
    assert (result.phantoms, result.ambiguous) == (1, 1)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    lines = [r.getMessage() for r in caplog.records if "ЭлЖур pull" in r.getMessage()]
    assert len(lines) == 2 and "1 phantom marks, 1 ambiguous periods" in lines[0]
    assert "2 of 2 students stored, 7 rows" in lines[0]


# --- configuration errors and outages -----------------------------------------------------------

@pytest.mark.parametrize("override, kind", [
    ({"vendor": "school2"}, "vendor"), ({"devkey": "wrong-devkey-000"}, "devkey"),
    ({"password": "wrong-password-000"}, "login"), ({"login": "nobody"}, "login"),
])
async def test_a_wrong_setting_is_one_message_and_no_retries(fake: EljurFake, override: dict[str, str],
                                                             kind: str) -> None:
    record = Recorder()
    connector = EljurClient(make_settings(fake.url, **override), timeout=5)
    sync = record.sync(connector)
    try:
        with pytest.raises(EljurConfigError) as caught:
            await connector.rules()
        assert caught.value.kind == kind and not isinstance(caught.value, EljurUnavailable)
        calls = sum(fake.calls.values())
        results = [await sync.run(TODAY) for _ in range(3)]
        lines = journal_status_lines(await sync.describe(), I18n(default="ru").get("ru"))
    finally:
        await connector.close()
    assert [(r.ok, r.config) for r in results] == [(False, kind)] * 3
    assert sum(fake.calls.values()) == calls + 1  # the first run's sign-in only: no hourly retries
    assert [key for key, _ in record.told] == [f"eljur-config-{kind}"]
    setting = {"vendor": "ELJUR_VENDOR", "devkey": "ELJUR_DEVKEY", "login": "ELJUR_LOGIN"}[kind]
    assert setting in lines[0]
    for secret in (*override.values(), DEVKEY, PASSWORD):
        if len(secret) > 8:
            assert secret not in repr(record.told)


async def test_5xx_pages_a_stopped_and_a_slow_api_are_outages(fake: EljurFake) -> None:
    fake.fail_next(1, status=500)  # a proxy's page, not the API's answer: not the vendor
    connector = EljurClient(make_settings(fake.url), timeout=0.5)
    try:
        with pytest.raises(EljurUnavailable, match="HTTP 500"):
            await connector.rules()
        fake.fail_next(1, status=502)
        with pytest.raises(EljurUnavailable, match="HTTP 502"):
            await connector.rules()
        fake.delay = 2
        with pytest.raises(EljurUnavailable, match="no answer"):
            await connector.rules()
        fake.delay = 0
        await fake.stop()
        with pytest.raises(EljurUnavailable, match="network error"):
            await connector.rules()
    finally:
        await connector.close()


async def test_an_outage_keeps_the_data_and_tells_the_administrators_once(fake: EljurFake) -> None:
    record = Recorder()
    connector = EljurClient(make_settings(fake.url), timeout=2)
    sync = record.sync(connector)
    try:
        first = await sync.run(TODAY)
        assert first.ok and (first.start, first.end, first.period) == (START, END, "2 четверть")
        assert (first.students, first.rows, first.new) == (2, 7, 7)
        assert record.stored[0][3] == ["1001", "1002"]

        fake.fail_next(100, status=503)
        down = [await sync.run(TODAY), await sync.run(TODAY)]
        await fake.stop()  # and then not even a 503
        down.append(await sync.run(TODAY))
        assert [(r.ok, r.config) for r in down] == [(False, None)] * 3
        assert len(record.stored) == 1  # nothing stored while it failed
        assert record.told == [("eljur-unavailable", {"error": "getrules: HTTP 503, not the API's answer"})]

        fake.clear_failures()
        await fake.start()  # the same port
        back = await sync.run(TODAY)
        assert back.ok and len(record.stored) == 2
        assert [key for key, _ in record.told] == ["eljur-unavailable", "eljur-back"]
        assert (await sync.run(TODAY)).ok and len(record.told) == 2  # quiet while it works
    finally:
        await connector.close()


async def test_an_outage_in_the_middle_of_a_pull_stores_nothing(fake: EljurFake) -> None:
    record = Recorder()
    connector = EljurClient(make_settings(fake.url), timeout=2)
    original = fake._marks

    def second_student_fails(account: Any, student_id: str, days: str) -> web.Response:
        return web.Response(status=503) if student_id == "1002" else original(account, student_id, days)

    fake._marks = second_student_fails  # type: ignore[method-assign]
    try:
        result = await record.sync(connector).run(TODAY)
    finally:
        await connector.close()
    assert not result.ok and "1002" in (result.error or "")
    assert record.stored == [] and [k for k, _ in record.told] == ["eljur-unavailable"]


async def test_without_a_current_period_the_last_30_days_are_pulled(fake: EljurFake) -> None:
    fake.periods = []
    record = Recorder()
    connector = EljurClient(make_settings(fake.url), timeout=2)
    try:
        result = await record.sync(connector).run(TODAY)
    finally:
        await connector.close()
    assert result.ok and (result.start, result.end, result.period) == (TODAY - timedelta(days=30), TODAY, None)
    assert [q["days"] for m, q in fake.requests if m == "getmarks"] == ["20261023-20261122"] * 2
    assert record.stored[0][1:3] == (TODAY - timedelta(days=30), TODAY)


# --- the token ----------------------------------------------------------------------------------

async def test_a_refused_token_is_renewed_and_the_call_retried_once(fake: EljurFake, client: EljurClient) -> None:
    await client.rules()
    fake.expire_tokens()
    entry = await client.entry("1001", START, END, student_name="Петров Иван", class_name="5А")
    assert len(entry.rows) == 6
    assert fake.calls["auth"] == 2 and fake.calls["getmarks"] == 2  # refused, then served
    await client.entry("1002", START, END, student_name="Сидорова Анна", class_name="6Б")
    assert fake.calls["auth"] == 2  # the new token is kept


async def test_an_expired_token_is_renewed_before_the_call(fake: EljurFake) -> None:
    moment = [datetime.now(UTC)]
    connector = EljurClient(make_settings(fake.url), timeout=5, now=lambda: moment[0])
    try:
        await connector.periods()
        moment[0] += fake.token_lifetime + timedelta(minutes=1)
        assert (await connector.periods()).periods
    finally:
        await connector.close()
    assert fake.calls["auth"] == 2 and fake.calls["getperiods"] == 2  # no refused call in between


async def test_a_token_refused_again_after_renewal_is_not_a_loop(fake: EljurFake, client: EljurClient) -> None:
    await client.rules()
    original = fake._auth

    def auth_that_gives_dead_tokens(params: dict[str, str]) -> web.Response:
        answer = original(params)
        fake.tokens.clear()
        return answer

    fake.tokens.clear()
    fake._auth = auth_that_gives_dead_tokens  # type: ignore[method-assign]
    with pytest.raises(EljurConfigError, match="auth_token"):  # rules refused with a fresh token: the devkey
        await client.rules()
    with pytest.raises(EljurRefused):  # a student refused with a fresh token: that student's gap
        await client.entry("1001", START, END, student_name="Петров Иван", class_name="5А")
    assert fake.calls["getrules"] == 3 and fake.calls["getmarks"] == 2  # served, refused, refused: no loop


# --- secrets ------------------------------------------------------------------------------------

async def test_no_secret_reaches_the_logs_or_the_errors(fake: EljurFake, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    record = Recorder()
    connector = EljurClient(make_settings(fake.url), timeout=2)
    sync = record.sync(connector)
    try:
        await sync.run(TODAY)
        fake.expire_tokens()  # a refusal is logged too
        await sync.run(TODAY)
        fake.fail_next(1, status=503)
        await sync.run(TODAY)
        await fake.stop()
        await sync.run(TODAY)
    finally:
        await connector.close()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "auth_token=***" in logged and "devkey=***" in logged  # the URLs are logged, masked
    assert len(fake.issued) == 2
    for secret in (DEVKEY, PASSWORD, *fake.issued):
        assert secret not in logged
        assert all(secret not in repr(args) for _, args in record.told)


def test_masking_and_settings() -> None:
    url = f"https://s.eljur.ru/apiv3/getmarks?devkey={DEVKEY}&vendor=s&auth_token=abc123&days=1-2"
    assert mask_url(url) == "https://s.eljur.ru/apiv3/getmarks?devkey=***&vendor=s&auth_token=***&days=1-2"
    settings = make_settings("", api_url=None)
    assert settings.enabled and settings.base_url == f"https://{VENDOR}.eljur.ru/apiv3/"
    assert DEVKEY not in repr(settings) and PASSWORD not in repr(settings)
    assert not make_settings("", devkey="").enabled and not make_settings("", login=" ").enabled
    assert make_settings("http://127.0.0.1:1/api").base_url == "http://127.0.0.1:1/api/"


def test_settings_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in {"ELJUR_VENDOR": "gym5", "ELJUR_DEVKEY": "k", "ELJUR_LOGIN": "l",
                       "ELJUR_PASSWORD": "p", "ELJUR_PULL_MINUTES": "15"}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("ELJUR_API_URL", raising=False)
    settings = EljurSettings(_env_file=None)  # type: ignore[call-arg]
    assert settings.enabled and settings.pull_minutes == 15 and settings.base_url == "https://gym5.eljur.ru/apiv3/"
    monkeypatch.delenv("ELJUR_PASSWORD")
    assert not EljurSettings(_env_file=None).enabled  # type: ignore[call-arg]


def test_errors_are_errors() -> None:
    assert issubclass(EljurConfigError, EljurError) and issubclass(EljurRefused, EljurError)


def test_the_http_status_and_the_state_are_read_together() -> None:
    from bot.services.eljur import _Answered

    client = EljurClient(make_settings("http://127.0.0.1:1/apiv3/"))

    def envelope(state: Any, error: Any = None, result: Any = None) -> str:
        import json
        return json.dumps({"response": {"state": state, "error": error, "result": {} if result is None else result}})

    assert client._unwrap("getrules", 200, envelope(200, result={"roles": []})) == {"roles": []}
    for status, text, code in ((400, envelope(400, "Неверный логин"), 400), (200, envelope(400, "нет"), 400),
                               (500, envelope(500, "Internal"), 500), (403, envelope(403, "x"), 403),
                               (200, envelope(200, "an error with state 200"), 400)):
        with pytest.raises(_Answered) as caught:
            client._unwrap("auth", status, text)
        assert caught.value.code == code, (status, text)
    for status in (500, 502, 503, 200):  # not the API's answer: an outage, never a setting
        with pytest.raises(EljurUnavailable):
            client._unwrap("auth", status, "<html>Bad Gateway</html>")
