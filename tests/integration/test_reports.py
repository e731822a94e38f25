"""The activity report's figures against a seeded month, each figure computed again here,
in Python, from the seed itself (not from the database); the automatic monthly run, once;
the yearly archive.

The seed is random but fixed (one seed number): about sixty requests filed from late
September to early November, answered, resolved, closed, rated (some twice), escalated,
handed over, marked for rudeness; messages both ways; parents looking at marks; weekly
summaries delivered or not. The report is October 2026's.
"""

from __future__ import annotations

import io
import json
import math
import random
import statistics
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from bot.domain.reports import ReportKind, month, parse_period, year_of
from bot.domain.school import load_school_config
from bot.i18n import I18n
from bot.services.helpdesk import HelpDesk
from bot.services.outgoing import OutgoingFile
from bot.services.people import Directory
from bot.services.reports import Reports
from bot.views import reports as reports_views
from bot.views.present import Views
from bot.views.reports import ReportFiles, archive_pdf
from storage.db import Database
from tests.fakes.clock import SetClock

ROOT = Path(__file__).resolve().parents[2]
TZ = ZoneInfo("Europe/Simferopol")
OCTOBER = month(2026, 10)
START = datetime(2026, 10, 1, tzinfo=TZ)
END = datetime(2026, 11, 1, tzinfo=TZ)
SPECS = ["spec-a", "spec-b", "spec-c", "spec-d", "spec-e", "spec-f", "admin-100002"]
STAFF_CHATS = {200001: "specialist", 200002: "specialist", 200003: "specialist", 200004: "specialist",
               200005: "specialist", 200006: "specialist", 100002: "admin", 100001: "head"}
# Russia's days off in the seeded weeks (2026): only 4 November falls in them.
DAYS_OFF = {date(2026, 11, 4)}


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


I18N = I18n()  # reading the texts costs time: once for the file


def FILES(desk) -> ReportFiles:  # noqa: N802 (read as the constant it replaces)
    return ReportFiles(Views(desk.directory))


@pytest.fixture
def school():
    return load_school_config(ROOT / "schools" / "example.toml")


@pytest.fixture
def cheap_files(monkeypatch):
    """For the tests of the runs: the chart and the PDF stand-ins (their own tests are below)."""
    monkeypatch.setattr(reports_views, "report_chart_png", lambda *args, **kwargs: b"\x89PNG chart")
    monkeypatch.setattr(reports_views, "archive_pdf", lambda **kwargs: b"%PDF archive")


@pytest.fixture
async def desk(tmp_path, school):
    db = await Database(tmp_path / "reports.sqlite3").connect()
    clock = SetClock("2026-11-15T08:00:00+03:00")
    helpdesk = HelpDesk(db, school, clock, directory := Directory(school, I18N, db), views=Views(directory))
    yield helpdesk
    await db.close()


class Seed:
    """What was written, kept here to compute the expected figures from."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.events: list[tuple[int, datetime, int | None, str, dict]] = []
        self.messages: list[tuple[int, datetime]] = []  # (author, at)
        self.users: dict[int, str] = {}
        self.links: list[tuple[int, datetime]] = []  # parents: (telegram id, linked at)
        self.views: list[tuple[int, int, datetime, str]] = []
        self.summaries: list[tuple[str, str]] = []  # (week's Monday, status)
        self.complaints: list[datetime] = []
        self.marks: list[tuple[datetime, bool]] = []  # conduct marks: (marked at, removed)


def moment(rng: random.Random, first: datetime, last: datetime) -> datetime:
    seconds = int((last - first).total_seconds())
    return (first + timedelta(seconds=rng.randrange(seconds))).replace(microsecond=0)


async def seed(db: Database, school) -> Seed:
    async with db.transaction():  # one commit for the whole seed
        return await _seed(db, school)


async def _seed(db: Database, school) -> Seed:
    rng = random.Random(16)
    s = Seed()
    areas = [a.id for a in school.areas] + ["old-area"]  # an area the file no longer has
    people = list(range(5001, 5021))
    roles = ["parent", "student", "teacher", "class_teacher", "administration"]
    for who in people[:12]:
        s.users[who] = rng.choice(roles)
    requester_role = {who: rng.choice(roles) for who in people}
    early, late = datetime(2026, 9, 18, tzinfo=TZ), datetime(2026, 11, 6, tzinfo=TZ)
    for i in range(1, 61):
        created = moment(rng, early, late)
        who = rng.choice(people)
        r = {"id": i, "created": created, "who": who, "role": requester_role[who],
             "kind": rng.choice(["question", "remark", "suggestion"]), "area": rng.choice(areas),
             "taken_by": None, "taken": None, "first": None, "resolved": None, "closed": None}
        if rng.random() < 0.85:
            r["taken_by"] = rng.choice(SPECS)
            r["taken"] = created + timedelta(minutes=rng.randrange(1, 600))
            if rng.random() < 0.85:
                r["first"] = r["taken"] + timedelta(minutes=rng.randrange(0, 3000))
                if rng.random() < 0.7:
                    r["resolved"] = r["first"] + timedelta(minutes=rng.randrange(1, 6000))
        if rng.random() < 0.3:
            r["closed"] = (r["resolved"] or created) + timedelta(minutes=rng.randrange(1, 9000))
        s.requests.append(r)
        status = "closed" if r["closed"] else "resolved" if r["resolved"] else "in_progress" if r["taken"] else "new"
        await db.execute(
            "INSERT INTO requests (id, number, submission_key, requester_id, requester_name, requester_role, language, "
            "kind, area, text, status, taken_by, taken_at, first_answer_at, resolved_at, closed_at, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, 'ru', ?, ?, 'текст', ?, ?, ?, ?, ?, ?, ?, ?)",
            (i, f"2026-{i:04d}", f"k{i}", who, f"Заявитель {i}", r["role"], r["kind"], r["area"], status,
             r["taken_by"], *(iso(r[k]) if r[k] else None for k in ("taken", "first", "resolved", "closed")),
             iso(created), iso(created)))
        for name in ("escalated", "handed_over", "courtesy_mark", "courtesy_breach", "reopened", "answered"):
            # courtesy_mark events are also written, but the marks table is what counts
            for _ in range(rng.choice([0, 0, 1, 2])):
                actor = rng.choice([None, *STAFF_CHATS, who])
                s.events.append((i, moment(rng, early, late), actor, name, {}))
        for row in range(rng.choice([0, 0, 1, 2])):  # marks of conduct violations, some removed since
            at = moment(rng, early, late)
            removed = rng.random() < 0.3
            s.marks.append((at, removed))
            await db.execute(
                "INSERT INTO courtesy_marks (request_id, message_row, level, marked_at, removed_at, removed_by, "
                "removed_reason) VALUES (?, ?, 'obscene', ?, ?, ?, ?)",
                (i, row, iso(at), iso(at + timedelta(hours=1)) if removed else None, 100002 if removed else None,
                 "ошибка" if removed else None))
        for _ in range(rng.choice([0, 1, 1, 2])):  # ratings: the last one in the period counts
            s.events.append((i, moment(rng, START - timedelta(days=5), END + timedelta(days=5)), who, "rated",
                             {"stars": rng.randint(1, 5)}))
        for _ in range(rng.randrange(4)):
            author = rng.choice([who, *STAFF_CHATS, rng.choice(people)])
            s.messages.append((author, moment(rng, early, late)))
    for request_id, at, actor, name, detail in s.events:
        await db.execute("INSERT INTO request_events (request_id, at, actor_id, event, detail) VALUES (?, ?, ?, ?, ?)",
                         (request_id, iso(at), actor, name, json.dumps(detail)))
    for n, (author, at) in enumerate(s.messages):
        await db.execute(
            "INSERT INTO request_messages (request_id, direction, author_id, chat_id, message_id, content_type, at) "
            "VALUES (1, 'in', ?, ?, ?, 'text', ?)", (author, author, n + 1, iso(at)))
    for who, role in s.users.items():
        await db.execute("INSERT INTO users (telegram_id, consent_at, consent_version, role, created_at, updated_at) "
                         "VALUES (?, '2026-09-01T00:00:00+00:00', 'v1', ?, '2026-09-01T00:00:00+00:00', "
                         "'2026-09-01T00:00:00+00:00')", (who, role))
    for student in range(1, 9):
        await db.execute("INSERT INTO students (id, full_name, class_name, created_at) VALUES (?, ?, '5А', ?)",
                         (student, f"Ученик {student}", "2026-09-01T00:00:00+00:00"))
    parents = list(range(7001, 7013))
    for parent in parents:
        linked = moment(rng, datetime(2026, 9, 1, tzinfo=TZ), late)
        s.links.append((parent, linked))
        await db.execute("INSERT INTO links (telegram_id, student_id, relation, linked_at) VALUES (?, ?, 'parent', ?)",
                         (parent, rng.randint(1, 8), iso(linked)))
    for _ in range(150):
        parent = rng.choice([*parents[:10], 5001])  # 5001 is also a requester
        view = (parent, rng.randint(1, 8), moment(rng, early, late), rng.choice(["ack", "open"]))
        s.views.append(view)
        await db.execute("INSERT INTO marks_views (telegram_id, student_id, at, action) VALUES (?, ?, ?, ?)",
                         (view[0], view[1], iso(view[2]), view[3]))
    monday = date(2026, 9, 21)
    n = 0
    while monday < date(2026, 11, 9):
        for _ in range(rng.randrange(3, 8)):
            n += 1
            status = rng.choice(["sent", "sent", "sent", "blocked", "failed", "pending"])
            kind = rng.choice(["weekly", "weekly", "forecast"])
            s.summaries.append((monday.isoformat(), status))
            await db.execute(
                "INSERT INTO outbox (dedupe_key, chat_id, method, payload, purpose, status, batch, created_at) "
                "VALUES (?, 1, 'SendMessage', '{}', 'summary', ?, ?, '2026-01-01T00:00:00+00:00')",
                (f"s{n}", status, f"{kind}:{monday.isoformat()}"))
        monday += timedelta(days=7)
    for _ in range(9):
        at = moment(rng, early, late)
        s.complaints.append(at)
        await db.execute("INSERT INTO complaints (requester_id, specialist_id, text, at) VALUES (1, 'spec-a', 'x', ?)",
                         (iso(at),))
    return s


# --- the expected figures, from the seed ---------------------------------------------------------

def within(at: datetime | None) -> bool:
    return at is not None and START <= at < END


def working_hours(a: datetime, b: datetime, school) -> float:
    """Hours of [a, b] inside 08:00–17:00 school time on Monday–Friday, except DAYS_OFF."""
    total = 0.0
    day = a.astimezone(TZ).date()
    while day <= b.astimezone(TZ).date():
        if day.weekday() < 5 and day not in DAYS_OFF and day not in school.holidays:
            lo = max(a, datetime.combine(day, time(8), TZ))
            hi = min(b, datetime.combine(day, time(17), TZ))
            total += max(0.0, (hi - lo).total_seconds() / 3600)
        day += timedelta(days=1)
    return total


def spread(values: list[float]) -> tuple[int, float | None, float | None]:
    if not values:
        return 0, None, None
    ordered = sorted(values)
    return len(ordered), statistics.median(ordered), ordered[math.ceil(0.9 * len(ordered)) - 1]


def expected(s: Seed, school) -> dict:
    e: dict = {}
    reqs = s.requests
    e["filed"] = sum(within(r["created"]) for r in reqs)
    e["resolved"] = sum(within(r["resolved"]) for r in reqs)
    e["closed"] = sum(within(r["closed"]) for r in reqs)
    open_at_end = [r for r in reqs if r["created"] < END and not (r["resolved"] and r["resolved"] < END)
                   and not (r["closed"] and r["closed"] < END)]
    e["waiting"] = len(open_at_end)
    e["waiting_by_area"] = {a: sum(r["area"] == a for r in open_at_end) for a in {r["area"] for r in open_at_end}}
    e["by_kind"] = {k: sum(within(r["created"]) and r["kind"] == k for r in reqs) for k in ("question", "remark",
                                                                                              "suggestion")}
    e["by_kind"] = {k: v for k, v in e["by_kind"].items() if v}
    e["by_area"] = {}
    for r in reqs:
        if within(r["created"]):
            e["by_area"][r["area"]] = e["by_area"].get(r["area"], 0) + 1
    e["by_specialist"] = {}
    for spec in SPECS:
        mine = [r for r in reqs if r["taken_by"] == spec]
        counts = (sum(within(r["taken"]) for r in mine), sum(within(r["first"]) for r in mine),
                  sum(within(r["resolved"]) for r in mine))
        if any(counts):
            e["by_specialist"][spec] = counts
    for measure, key in (("first_answer", "first"), ("resolution", "resolved")):
        spans = [(r["created"], r[key]) for r in reqs if within(r[key])]
        e[(measure, "calendar")] = spread([(b - a).total_seconds() / 3600 for a, b in spans])
        e[(measure, "working")] = spread([working_hours(a, b, school) for a, b in spans])
    e["events"] = {}
    for _, at, _, name, _ in s.events:
        if within(at) and name in ("escalated", "handed_over", "courtesy_breach", "reopened"):
            e["events"][name] = e["events"].get(name, 0) + 1
    e["events"]["courtesy_mark"] = sum(within(at) and not removed for at, removed in s.marks)
    e["complaints"] = sum(within(at) for at in s.complaints)
    last_rating: dict[int, tuple[datetime, int, int]] = {}
    for n, (request_id, at, _, name, detail) in enumerate(s.events):
        if name == "rated" and within(at):
            if request_id not in last_rating or n > last_rating[request_id][1]:
                last_rating[request_id] = (at, n, detail["stars"])
    e["ratings"] = {}
    for _, _, stars in last_rating.values():
        e["ratings"][stars] = e["ratings"].get(stars, 0) + 1
    all_stars = [v[2] for v in last_rating.values()]
    e["rating_average"] = sum(all_stars) / len(all_stars) if all_stars else None
    # active people by role
    actors = {r["who"] for r in reqs if within(r["created"])}
    actors |= {a for a, at in s.messages if within(at)}
    actors |= {actor for _, at, actor, _, _ in s.events if within(at) and actor is not None}
    actors |= {v[0] for v in s.views if within(v[2])}
    linked_parents = {p for p, _ in s.links}
    by_role: dict[str, int] = {}
    for who in actors:
        latest = max((r for r in reqs if r["who"] == who), key=lambda r: r["id"], default=None)
        role = (STAFF_CHATS.get(who) or s.users.get(who) or (latest["role"] if latest else None)
                or ("parent" if who in linked_parents else "unknown"))
        by_role[role] = by_role.get(role, 0) + 1
    e["active_by_role"] = by_role
    views = [v for v in s.views if within(v[2])]
    e["checks"] = len(views)
    e["checks_ack"] = sum(v[3] == "ack" for v in views)
    e["checks_open"] = sum(v[3] == "open" for v in views)
    per_parent: dict[int, int] = {}
    for v in views:
        per_parent[v[0]] = per_parent.get(v[0], 0) + 1
    e["parents_checking"] = len(per_parent)
    e["parents_twice"] = sum(n >= 2 * 31 / 7 for n in per_parent.values())
    e["parents_linked"] = sum(at < END for _, at in s.links)
    e["acknowledged"] = len({(v[0], v[1], v[2].astimezone(UTC).date()) for v in views if v[3] == "ack"})
    month_summaries = [status for monday, status in s.summaries if "2026-10-01" <= monday < "2026-11-01"]
    e["summaries"] = (len(month_summaries), month_summaries.count("sent"),
                      sum(st in ("blocked", "failed") for st in month_summaries))
    return e


async def test_every_figure_of_a_seeded_month(desk, school):
    s = await seed(desk.db, school)
    e = expected(s, school)
    assert e["filed"] > 15 and e["resolved"] > 5 and e["waiting"] > 5 and e["checks"] > 20  # a month worth testing
    f = await Reports(desk, FILES(desk)).figures(OCTOBER)
    assert (f.filed, f.resolved, f.closed, f.waiting_at_end) == (e["filed"], e["resolved"], e["closed"], e["waiting"])
    assert f.by_kind == e["by_kind"]
    assert f.by_area == e["by_area"] and "old-area" in f.by_area | f.waiting_by_area
    assert f.waiting_by_area == e["waiting_by_area"]
    assert f.by_specialist == e["by_specialist"]
    for key in (("first_answer", "calendar"), ("first_answer", "working"), ("resolution", "calendar"),
                ("resolution", "working")):
        count, median, p90 = e[key]
        got = f.timings[key]
        assert got.count == count and count > 3, key
        assert got.median == pytest.approx(median, abs=1e-3), key
        assert got.p90 == pytest.approx(p90, abs=1e-3), key
    assert f.timings[("resolution", "working")].median < f.timings[("resolution", "calendar")].median
    assert f.events == e["events"] and all(e["events"].get(k) for k in ("escalated", "handed_over", "courtesy_breach",
                                                                         "courtesy_mark"))
    assert any(within(at) and removed for at, removed in s.marks)  # a removed mark in the month, not counted
    assert f.complaints == e["complaints"]
    assert f.ratings == e["ratings"] and f.rating_average == pytest.approx(e["rating_average"])
    assert f.active_by_role == e["active_by_role"] and {"specialist", "parent"} <= set(f.active_by_role)
    assert (f.checks, f.checks_ack, f.checks_open) == (e["checks"], e["checks_ack"], e["checks_open"])
    assert (f.parents_checking, f.parents_twice_weekly, f.parents_linked) == (
        e["parents_checking"], e["parents_twice"], e["parents_linked"])
    assert f.summaries_acknowledged == e["acknowledged"]
    assert (f.summaries_queued, f.summaries_delivered, f.summaries_unreachable) == e["summaries"]


async def test_the_files_carry_the_figures(desk, school):
    s = await seed(desk.db, school)
    e = expected(s, school)
    t = I18N.get("ru")
    made = await Reports(desk, FILES(desk)).make(OCTOBER, t.language)
    assert "октябрь 2026" in made.text and f"Поступило {e['filed']} обращени" in made.text
    xlsx, png = made.files
    assert xlsx.name == "report-2026-10.xlsx" and png.as_photo and png.data.startswith(b"\x89PNG")
    book = load_workbook(io.BytesIO(xlsx.data))
    assert book.sheetnames == ["Сводка", "Активность", "По видам", "По направлениям", "По специалистам", "Сроки",
                               "Эскалации и общение", "Оценки", "Родители и сводки"]
    summary = {row[0]: row[1] for row in book["Сводка"].iter_rows(min_row=3, values_only=True)}
    assert summary["Поступило обращений"] == e["filed"]
    assert summary["Ожидают на конец периода"] == e["waiting"]
    assert summary["Эскалации"] == e["events"]["escalated"]
    times = list(book["Сроки"].iter_rows(min_row=3, values_only=True))
    assert times[0][0] == "До первого ответа" and times[0][2] == pytest.approx(e[("first_answer", "working")][1], abs=0.006)
    sheet = book["Сводка"]
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$1:$2"
    assert "&P" in sheet.oddFooter.center.text


async def test_the_monthly_run_is_made_once_and_taken_over_if_cut_short(desk, school, cheap_files):
    await seed(desk.db, school)
    sent: list[tuple[int, str]] = []

    class FakeMessenger:  # the one call the reports make
        async def send_file(self, chat, file: OutgoingFile):
            sent.append((chat, file.name))

    reports = Reports(desk, FILES(desk), FakeMessenger(), folder=None)
    desk.clock.value = datetime.fromisoformat("2026-11-15T07:59:00+03:00")
    await reports.tick()
    assert sent == []
    desk.clock.value = datetime.fromisoformat("2026-11-15T08:00:00+03:00")
    await reports.tick()
    admins = sorted([*desk.directory.chats_of("admins"), desk.directory.head_chat()])
    assert admins == [100001, 100002]  # the head too
    texts = await desk.db.fetch_all("SELECT chat_id, payload FROM outbox WHERE dedupe_key LIKE 'report:%'")
    assert sorted(r[0] for r in texts) == admins
    assert all("октябрь 2026" in json.loads(r[1])["text"] for r in texts)
    assert sorted(sent) == sorted((chat, f"report-2026-10.{ext}") for chat in admins for ext in ("xlsx", "png"))
    # Again, and from a new process (a restart): nothing more.
    await reports.tick()
    await Reports(desk, FILES(desk), FakeMessenger()).tick()
    assert len(sent) == 2 * len(admins)
    assert await desk.db.fetch_value("SELECT count(*) FROM outbox WHERE dedupe_key LIKE 'report:%'") == len(admins)
    # A run cut short before its files went (sent_at never written) is taken over after a while, files only.
    await desk.db.execute("UPDATE report_runs SET sent_at = NULL")
    sent.clear()
    desk.clock.value = datetime.fromisoformat("2026-11-15T08:05:00+03:00")
    await Reports(desk, FILES(desk), FakeMessenger()).tick()
    assert sent == []  # claimed five minutes ago: perhaps still being made
    desk.clock.value = datetime.fromisoformat("2026-11-15T08:20:00+03:00")
    await Reports(desk, FILES(desk), FakeMessenger()).tick()
    assert len(sent) == 2 * len(admins)
    assert await desk.db.fetch_value("SELECT count(*) FROM outbox WHERE dedupe_key LIKE 'report:%'") == len(admins)
    # After the 19th nothing is sent by itself.
    desk.clock.value = datetime.fromisoformat("2026-12-20T09:00:00+03:00")
    sent.clear()
    await Reports(desk, FILES(desk), FakeMessenger()).tick()
    assert sent == []


async def test_january_brings_the_quarter_the_year_and_the_archive(desk, school, tmp_path, cheap_files):
    await seed(desk.db, school)
    sent: list[str] = []

    class FakeMessenger:  # the one call the reports make
        async def send_file(self, chat, file: OutgoingFile):
            sent.append(file.name)

    reports = Reports(desk, FILES(desk), FakeMessenger(), folder=tmp_path / "reports")
    desk.clock.value = datetime.fromisoformat("2027-01-15T09:00:00+03:00")
    await reports.tick()
    for name in ("report-2026-12.xlsx", "report-2026-Q4.xlsx", "report-2026.xlsx", "register-archive-2026.pdf",
                 "register-archive-2026.xlsx"):
        assert name in sent
    assert await reports.repo.archive_exists(2026) and not await reports.repo.archive_exists(2025)
    assert (tmp_path / "reports" / "archive-2026" / "register-archive-2026.pdf").exists()


async def test_the_archive_lists_the_years_register(desk, school):
    await seed(desk.db, school)
    t = I18N.get("ru")
    made = await Reports(desk, FILES(desk)).make(year_of(2026, ReportKind.ARCHIVE), t.language)
    assert "Записей: 60" in made.text
    pdf, xlsx = made.files
    assert pdf.data.startswith(b"%PDF") and pdf.name == "register-archive-2026.pdf"
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)] == [f"2026-{i:04d}" for i in range(1, 61)]


def test_the_archive_pdf_numbers_its_pages_and_ends_with_signatures(school):
    t = I18N.get("ru")
    rows = [[f"2026-{i:04d}", "01.10.2026 10:00", f"Заявитель {i}", "Вопрос", "Техника", "Специалист А. А.",
             "—", "решено"] for i in range(1, 91)]
    data = archive_pdf(school_name=school.school.name, period=year_of(2026, ReportKind.ARCHIVE), rows=rows, t=t,
                       compress=False)
    pages = data.count(b"/Type /Page\n") or data.count(b"/Type /Page ")
    assert pages >= 3
    assert b"{nb}" not in data  # the total of pages was filled in


def test_periods_people_name():
    today = date(2026, 11, 29)
    assert parse_period("", today).key == "2026-10"
    assert parse_period("2026-10", today) == parse_period("10.2026", today) == month(2026, 10)
    assert parse_period("2026-Q3", today).key == "2026-Q3" and parse_period("2026-к3", today).key == "2026-Q3"
    assert parse_period("2026", today).kind is ReportKind.YEARLY
    for bad in ("2026-13", "13.2026", "1999", "2026-Q5", "октябрь", "2026-10-01", "9" * 40):
        assert parse_period(bad, today) is None, bad


async def test_an_archive_made_during_its_year_is_not_the_years_archive(desk, school, tmp_path, cheap_files):
    reports = Reports(desk, FILES(desk), folder=tmp_path / "reports")
    t = I18N.get("ru")
    await reports.record(await reports.make(year_of(2026, ReportKind.ARCHIVE), t.language))  # the clock: 15.11.2026
    assert not await reports.repo.archive_exists(2026)
    await reports.record(await reports.make(year_of(2025, ReportKind.ARCHIVE), t.language))
    assert await reports.repo.archive_exists(2025)
    assert (tmp_path / "reports" / "archive-2025" / "register-archive-2025.pdf").exists()
