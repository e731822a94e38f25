"""The ЭлЖур connector against a local fake of the API (tests/fakes/eljur_api.py): what is
read from both spellings of the answers, token renewal, outages, and that no secret leaks."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from aiohttp import web

from bot.domain.marks import ABSENCE_CODES, AbsenceKind, GradingRules, ImportRow
from bot.services.eljur import (
    EljurClient,
    EljurError,
    EljurSettings,
    EljurSync,
    EljurUnavailable,
    Period,
    current_period,
    mask_url,
    pull,
)
from bot.services.marks_import import rows_to_import
from tests.fakes.eljur_api import DEVKEY, LOGIN, PASSWORD, VENDOR, EljurFake

TODAY = date(2026, 11, 22)
START, END = date(2026, 11, 5), date(2026, 12, 27)  # «2 четверть» in the fake

PETROV: dict[str, list[Any]] = {
    "Математика": [
        {"value": "5", "convert": 5, "count": True, "weight": "2", "date": "2026-11-16",
         "mtype": "Контрольная работа", "comment": "без ошибок", "lesson_comment": "Дроби"},
        {"value": "3/5", "convert": 4, "count": 1, "weight": "1,5", "date": "20261117",
         "mtype": {"type": "Самостоятельная работа"}},
        {"value": "н", "convert": 0, "count": False, "weight": 1, "date": "2026-11-18"},
        {"value": "4-", "convert": 4, "count": "true", "date": "2026-11-19"},
        {"value": "5", "count": True, "date": "2026-10-01"},  # before the range: the API leaves it out
    ],
    "История": [
        {"value": "оп", "count": 0, "date": "2026-11-19"},
        {"value": 4, "count": "false", "weight": "0.5", "date": "2026-11-20"},
    ],
}
# The same answer with marks that cannot be read: read around (and logged) when one student's
# marks are asked for, but a pull that meets them fails whole (they would replace stored marks).
UNREADABLE_MARKS: list[Any] = [
    {"date": "2026-11-20", "count": True},  # no value
    {"value": "5", "date": "вчера"},  # no readable date
    "5",  # not an object
]
PETROV_WITH_GARBAGE: dict[str, list[Any]] = {**PETROV, "История": PETROV["История"] + UNREADABLE_MARKS}
SIDOROVA: dict[str, list[Any]] = {"Физика": [{"value": "4", "count": True, "date": "2026-11-20"}]}


def make_settings(url: str, **override: Any) -> EljurSettings:
    values: dict[str, Any] = {"vendor": VENDOR, "devkey": DEVKEY, "login": LOGIN, "password": PASSWORD,
                              "api_url": url, **override}
    return EljurSettings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
async def fake():
    server = EljurFake()
    server.add_student("1001", "Петров Иван", PETROV)
    server.add_student("1002", "Сидорова Анна", SIDOROVA)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def client(fake: EljurFake):
    connector = EljurClient(make_settings(fake.url), timeout=5)
    yield connector
    await connector.close()


class Recorder:
    """The sync's store and the administrators' notices, recorded."""

    def __init__(self) -> None:
        self.stored: list[tuple[list[ImportRow], date, date]] = []
        self.told: list[tuple[str, dict[str, Any]]] = []

    async def students(self) -> list[tuple[str, str, str]]:
        return [("1001", "Петров Иван Сергеевич", "5А"), ("1002", "Сидорова Анна Павловна", "6Б")]

    async def store(self, rows: list[ImportRow], start: date, end: date) -> int:
        self.stored.append((rows, start, end))
        return len(rows)

    async def notify(self, key: str, **args: Any) -> None:
        self.told.append((key, args))


# --- reading the answers ------------------------------------------------------------------------

@pytest.mark.parametrize("variant", ["v3", "v2"])
async def test_marks_and_absences_are_read_in_both_spellings(fake: EljurFake, client: EljurClient, variant: str,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    fake.variant = variant
    fake.add_student("1001", "Петров Иван", PETROV_WITH_GARBAGE)
    caplog.set_level(logging.WARNING, "bot.services.eljur")
    rows = await client.marks("1001", START, END, student_name="Петров Иван Сергеевич", class_name="5А")

    got = {(r.subject, r.day, r.written): r for r in rows}
    assert set(got) == {
        ("Математика", date(2026, 11, 16), "5"), ("Математика", date(2026, 11, 17), "3/5"),
        ("Математика", date(2026, 11, 18), "н"), ("Математика", date(2026, 11, 19), "4-"),
        ("История", date(2026, 11, 19), "оп"), ("История", date(2026, 11, 20), "4"),
    }
    five = got[("Математика", date(2026, 11, 16), "5")]
    assert (five.weight, five.counts, five.kind_of_work) == (2.0, True, "Контрольная работа")
    assert five.comment == "без ошибок"  # the mark's comment, not the lesson's topic
    both = got[("Математика", date(2026, 11, 17), "3/5")]
    assert (both.weight, both.counts, both.kind_of_work) == (1.5, True, "Самостоятельная работа")
    absent = got[("Математика", date(2026, 11, 18), "н")]
    assert ABSENCE_CODES[absent.written] is AbsenceKind.ABSENT and absent.counts is False
    assert got[("История", date(2026, 11, 19), "оп")].counts is False
    four = got[("История", date(2026, 11, 20), "4")]
    assert (four.weight, four.counts) == (0.5, False)
    assert got[("Математика", date(2026, 11, 19), "4-")].weight is None  # the school's rules decide
    assert {(r.student_name, r.class_name, r.journal_id) for r in rows} == {("Петров Иван Сергеевич", "5А", "1001")}
    assert sum("skipped a mark" in r.getMessage() for r in caplog.records) == 3

    # What the rest of the bot makes of them: 4 marks (one of them "3/5"), 2 absences, no errors.
    parsed = rows_to_import(rows, GradingRules())
    assert parsed.errors == []
    assert sorted(a.absence.kind for a in parsed.absences) == [AbsenceKind.ABSENT, AbsenceKind.LATE]
    assert sorted(m.mark.written for m in parsed.marks) == ["3/5", "4", "4-", "5"]


@pytest.mark.parametrize("variant", ["v3", "v2"])
async def test_periods_in_both_spellings_and_the_current_one(
    fake: EljurFake, client: EljurClient, variant: str
) -> None:
    fake.variant = variant
    periods = await client.periods()
    assert [(p.name, p.start, p.end) for p in periods] == [
        ("1 четверть", date(2026, 9, 1), date(2026, 10, 25)),
        ("Учебный год", date(2026, 9, 1), date(2027, 5, 31)),
        ("2 четверть", date(2026, 11, 5), date(2026, 12, 27)),
    ]
    assert current_period(periods, TODAY) == Period("2 четверть", START, END)  # the quarter, not the year
    assert current_period(periods, date(2026, 10, 30)).name == "Учебный год"  # the holidays
    assert current_period(periods, date(2027, 7, 1)) is None


async def test_the_password_is_posted_not_put_in_the_url(fake: EljurFake, client: EljurClient) -> None:
    await client.periods()
    (method, query), *_ = fake.requests
    assert method == "auth" and "password" not in query and "login" not in query
    assert all(q.get("devkey") == DEVKEY and q.get("vendor") == VENDOR and q.get("out_format") == "json"
               for _, q in fake.requests)


async def test_pull_marks_every_student_with_their_journal_id(fake: EljurFake, client: EljurClient) -> None:
    rows = await pull(client, await Recorder().students(), START, END)
    assert [r.journal_id for r in rows] == ["1001"] * 6 + ["1002"]  # in the students' order
    assert rows[-1] == ImportRow("Сидорова Анна Павловна", "6Б", "Физика", date(2026, 11, 20), "4",
                                 counts=True, journal_id="1002")
    assert fake.calls["auth"] == 1 and fake.calls["getmarks"] == 2


async def test_pull_fails_whole_when_one_student_fails(fake: EljurFake, client: EljurClient) -> None:
    students = [*(await Recorder().students()), ("9999", "Нет Такого", "5А")]
    with pytest.raises(EljurError, match=r"getmarks: state 400: .* \(student 9999\)"):
        await pull(client, students, START, END)


# --- the token ----------------------------------------------------------------------------------

async def test_a_refused_token_is_renewed_and_the_call_retried_once(fake: EljurFake, client: EljurClient) -> None:
    await client.periods()
    fake.expire_tokens()
    rows = await client.marks("1001", START, END, student_name="Петров Иван", class_name="5А")
    assert len(rows) == 6
    assert fake.calls["auth"] == 2 and fake.calls["getmarks"] == 2  # refused, then served
    await client.marks("1002", START, END, student_name="Сидорова Анна", class_name="6Б")
    assert fake.calls["auth"] == 2  # the new token is kept


async def test_an_expired_token_is_renewed_before_the_call(fake: EljurFake) -> None:
    moment = [datetime.now(UTC)]
    connector = EljurClient(make_settings(fake.url), timeout=5, now=lambda: moment[0])
    try:
        await connector.periods()
        moment[0] += fake.token_lifetime + timedelta(minutes=1)
        assert await connector.periods()
    finally:
        await connector.close()
    assert fake.calls["auth"] == 2 and fake.calls["getperiods"] == 2  # no refused call in between


async def test_wrong_credentials_are_an_error_not_an_outage(fake: EljurFake) -> None:
    for override in ({"devkey": "wrong-devkey-000"}, {"password": "wrong-password-000"}):
        connector = EljurClient(make_settings(fake.url, **override), timeout=5)
        try:
            with pytest.raises(EljurError) as caught:
                await connector.periods()
        finally:
            await connector.close()
        assert not isinstance(caught.value, EljurUnavailable)
        assert "auth" in str(caught.value)
        assert all(secret not in str(caught.value) for secret in (*override.values(), DEVKEY, PASSWORD))
    assert fake.calls["getperiods"] == 0


async def test_a_token_refused_again_after_renewal_is_an_error(fake: EljurFake, client: EljurClient) -> None:
    await client.periods()
    fake.tokens.clear()
    original = fake._auth

    def auth_that_gives_dead_tokens(params: dict[str, str]) -> web.Response:
        answer = original(params)
        fake.tokens.clear()
        return answer

    fake._auth = auth_that_gives_dead_tokens  # type: ignore[method-assign]
    with pytest.raises(EljurError, match="auth_token"):
        await client.periods()
    assert fake.calls["getperiods"] == 3  # served, refused, refused after renewal: no loop


# --- outages ------------------------------------------------------------------------------------

async def test_5xx_stopped_and_slow_api_are_unavailable(fake: EljurFake) -> None:
    fake.fail_next(1, status=502)
    connector = EljurClient(make_settings(fake.url), timeout=0.5)
    try:
        with pytest.raises(EljurUnavailable, match="HTTP 502"):
            await connector.periods()
        fake.delay = 2
        with pytest.raises(EljurUnavailable, match="no answer"):
            await connector.periods()
        fake.delay = 0
        await fake.stop()
        with pytest.raises(EljurUnavailable, match="network error"):
            await connector.periods()
    finally:
        await connector.close()


async def test_an_outage_keeps_the_data_and_tells_the_administrators_once(fake: EljurFake) -> None:
    record = Recorder()
    connector = EljurClient(make_settings(fake.url), timeout=2)
    sync = EljurSync(connector, record.students, record.store, record.notify)
    try:
        first = await sync.run(TODAY)
        assert first.ok and (first.start, first.end, first.period) == (START, END, "2 четверть")
        assert (first.students, first.rows, first.new) == (2, 7, 7)

        fake.fail_next(100, status=503)
        down = [await sync.run(TODAY), await sync.run(TODAY)]
        await fake.stop()  # and then not even a 503
        down.append(await sync.run(TODAY))
        assert [r.ok for r in down] == [False, False, False]
        assert len(record.stored) == 1  # nothing stored while it failed
        assert record.told == [("eljur-unavailable", {"error": "getperiods: HTTP 503"})]

        fake.clear_failures()
        await fake.start()  # the same port
        back = await sync.run(TODAY)
        assert back.ok and len(record.stored) == 2
        assert [key for key, _ in record.told] == ["eljur-unavailable", "eljur-back"]
        assert (await sync.run(TODAY)).ok and len(record.told) == 2  # quiet while it works
    finally:
        await connector.close()


async def test_a_failure_in_the_middle_of_a_pull_stores_nothing(fake: EljurFake) -> None:
    record = Recorder()
    connector = EljurClient(make_settings(fake.url), timeout=2)
    sync = EljurSync(connector, record.students, record.store, record.notify)
    original = fake._marks

    def second_student_fails(student_id: str, days: str) -> web.Response:
        return web.Response(status=500) if student_id == "1002" else original(student_id, days)

    fake._marks = second_student_fails  # type: ignore[method-assign]
    try:
        result = await sync.run(TODAY)
    finally:
        await connector.close()
    assert not result.ok and record.stored == [] and [k for k, _ in record.told] == ["eljur-unavailable"]


@pytest.mark.parametrize("garbage", [
    "garbage",  # the result is not an object
    {"students": {"1002": "garbage"}},  # the student's part is not an object
    {"students": {"1002": {"name": "1002", "lessons": "garbage"}}},  # the subjects are not a list
    {"students": {"1002": {"name": "1002", "lessons": [{"name": "Физика", "marks": [{"value": "4"}]}]}}},  # no date
    {"students": [{"name": "1003", "title": "Другой Ученик", "lessons": []}]},  # another student's answer
])
async def test_a_garbled_answer_for_one_student_fails_the_pull_and_replaces_nothing(
        fake: EljurFake, garbage: Any) -> None:
    """Observation 9: garbage for one student used to wipe that student's marks (the pull
    replaces each student's range) and the pull was reported successful."""
    record = Recorder()
    connector = EljurClient(make_settings(fake.url), timeout=2)
    sync = EljurSync(connector, record.students, record.store, record.notify)
    original = fake._marks

    def garbled_for_the_second(student_id: str, days: str) -> web.Response:
        if student_id == "1002":
            return web.json_response({"response": {"state": 200, "error": None, "result": garbage}})
        return original(student_id, days)

    try:
        assert (await sync.run(TODAY)).ok and len(record.stored) == 1
        fake._marks = garbled_for_the_second  # type: ignore[method-assign]
        failed = [await sync.run(TODAY), await sync.run(TODAY)]
        fake._marks = original  # type: ignore[method-assign]
        back = await sync.run(TODAY)
    finally:
        await connector.close()
    assert [r.ok for r in failed] == [False, False]
    assert "garbled" in (failed[0].error or "") and "1002" in (failed[0].error or "")
    assert len(record.stored) == 2 and back.ok  # nothing stored for anybody while it was garbled
    assert [key for key, _ in record.told] == ["eljur-garbled", "eljur-back"]  # once per outage


async def test_a_garbled_answer_keeps_the_students_stored_marks(tmp_path, fake: EljurFake) -> None:
    """The same through the real store: the student's marks stay in the database."""
    from storage.db import Database
    from storage.marks import MarksRepository

    db = await Database(tmp_path / "db.sqlite3").connect()
    try:
        ids = {}
        for journal_id, name, klass in await Recorder().students():
            ids[journal_id] = await db.execute(
                "INSERT INTO students (full_name, class_name, journal_id, created_at) VALUES (?, ?, ?, ?)",
                (name, klass, journal_id, "2026-11-01T00:00:00+00:00"))
        marks = MarksRepository(db)
        rules = GradingRules()

        async def store(rows: list[ImportRow], start: date, end: date) -> int:
            parsed = rows_to_import(rows, rules)
            result = await marks.store(parsed.marks, parsed.absences, source="eljur", now=datetime.now(UTC),
                                       replace=(list(ids.values()), start, end))
            return result.marks_added + result.absences_added

        async def count(journal_id: str) -> int:
            return await db.fetch_value("SELECT count(*) FROM marks WHERE student_id = ?", (ids[journal_id],))

        record = Recorder()
        connector = EljurClient(make_settings(fake.url), timeout=2)
        sync = EljurSync(connector, record.students, store, record.notify)
        try:
            assert (await sync.run(TODAY)).ok
            before = await count("1002")
            assert before == 1
            fake.students["1002"]["lessons"] = {"Физика": ["garbage"]}
            assert not (await sync.run(TODAY)).ok
        finally:
            await connector.close()
        assert await count("1002") == before
    finally:
        await db.close()


async def test_without_a_current_period_the_last_30_days_are_pulled(fake: EljurFake) -> None:
    fake.periods = []
    record = Recorder()
    connector = EljurClient(make_settings(fake.url), timeout=2)
    try:
        result = await EljurSync(connector, record.students, record.store, record.notify).run(TODAY)
    finally:
        await connector.close()
    assert result.ok and (result.start, result.end, result.period) == (TODAY - timedelta(days=30), TODAY, None)
    assert [q["days"] for m, q in fake.requests if m == "getmarks"] == ["20261023-20261122"] * 2
    assert record.stored[0][1:] == (TODAY - timedelta(days=30), TODAY)


# --- secrets ------------------------------------------------------------------------------------

async def test_no_secret_reaches_the_logs_or_the_errors(fake: EljurFake, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    record = Recorder()
    connector = EljurClient(make_settings(fake.url), timeout=2)
    sync = EljurSync(connector, record.students, record.store, record.notify)
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
