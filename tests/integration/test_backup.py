"""Backups against a real database: copies taken while requests are being filed hold every
request committed before the copy began; a damaged copy fails its check; old copies are
pruned; the weekly run is made once per due moment; the restore refuses while the bot runs."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from bot.backup_cli import cli_restore
from bot.domain.requests import RequestKind, Topic
from bot.domain.school import Weekday, load_school_config
from bot.i18n import I18n
from bot.services.backup import Backups, latest_due
from bot.services.helpdesk import HelpDesk
from bot.services.people import Directory
from bot.views.admin import backup_status_line
from bot.views.present import Views
from storage.backup import BackupError, RunLock, check_copy, copy_online, restore_into
from storage.db import Database
from storage.requests import NewRequest
from tests.fakes.clock import SetClock

ROOT = Path(__file__).resolve().parents[2]
ADMIN = 100002  # an administrator of schools/example.toml with a Telegram id


def with_backup(school, folders: list[str], keep: int = 8):  # type: ignore[no-untyped-def]
    backup = school.backup.model_copy(update={"folders": folders, "keep": keep})
    return school.model_copy(update={"backup": backup})


@pytest.fixture
async def desk(tmp_path):
    school = with_backup(load_school_config(ROOT / "schools" / "example.toml"), ["copies-a", "copies-b"])
    db = await Database(tmp_path / "helpdesk.sqlite3").connect()
    clock = SetClock("2026-11-24T14:45:00+03:00")
    helpdesk = HelpDesk(db, school, clock, directory := Directory(school, I18n(), db), views=Views(directory))
    await helpdesk.reload_substitutions()
    yield helpdesk
    await db.close()


def backups_of(desk: HelpDesk) -> Backups:
    return Backups(desk.db, Path(desk.db.path), desk.clock, lambda: desk.school, directory=desk.directory,
                   views=desk.views)


def request(n: int) -> NewRequest:
    return NewRequest(
        submission_key=f"k{n}", requester_id=5000 + n, requester_name=f"Заявитель {n}", requester_role="parent",
        requester_class="5А", login=None, language="ru", kind=RequestKind.QUESTION, topic=Topic.GENERAL, area="technical",
        text=f"Обращение {n}",
    )


def numbers_in(path: Path) -> set[str]:
    conn = sqlite3.connect(path)  # a live database's WAL included
    try:
        return {row[0] for row in conn.execute("SELECT number FROM requests")}
    finally:
        conn.close()


async def test_a_backup_during_filing_restores_every_request_committed_before_it_began(desk, tmp_path):
    backups = backups_of(desk)
    committed: list[str] = []
    stop = asyncio.Event()

    async def file_requests() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            filed = await desk.file(request(n), [], chat_id=5000 + n)
            committed.append(filed.request.number)  # committed: file() returned
            await asyncio.sleep(0)

    traffic = asyncio.create_task(file_requests())
    checks = []
    try:
        while len(checks) < 4:
            await asyncio.sleep(0.05)
            before = set(committed)  # everything committed before this copy began
            result = await backups.make("manual", actor_id=ADMIN)
            after = set(committed)
            assert result is not None and result.ok, result
            checks.append((before, after, result))
    finally:
        stop.set()
        await traffic
    assert len(committed) > 20
    assert any(after - before for before, after, _ in checks), "no request was filed while a copy was being made"
    for number, (before, after, result) in enumerate(checks):
        for copy in result.copies:
            assert copy.path is not None and copy.path.name.endswith(".sqlite3")
            assert oct(copy.path.stat().st_mode & 0o777) == "0o600"
            target = tmp_path / f"restored-{number}-{Path(copy.folder).name}.sqlite3"
            restored = restore_into(copy.path, target, keep_current_as=None)
            held = numbers_in(target)
            assert before <= held, f"missing after restore: {sorted(before - held)}"
            assert held <= after  # and nothing that was not committed by the end of the copy
            assert restored.requests == copy.requests == len(held)


async def test_a_damaged_copy_fails_its_check(desk, tmp_path):
    for n in range(1, 4):
        await desk.file(request(n), [], chat_id=5000 + n)
    good = tmp_path / "good.sqlite3"
    assert copy_online(Path(desk.db.path), good) == 3
    assert check_copy(good, 3).requests == 3
    with pytest.raises(BackupError, match="holds 3 requests"):
        check_copy(good, 4)  # not what the live database held at copy time

    data = bytearray(good.read_bytes())
    for offset in range(2 * 4096, len(data), 61):  # every page after the first two, scribbled on
        data[offset] ^= 0xA5
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(bytes(data))
    with pytest.raises(BackupError):
        check_copy(damaged)

    cut = tmp_path / "cut.sqlite3"
    cut.write_bytes(good.read_bytes()[: len(data) // 2])
    with pytest.raises(BackupError):
        check_copy(cut)

    stranger = tmp_path / "stranger.sqlite3"
    sqlite3.connect(stranger).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(BackupError, match="not a database of this bot"):
        check_copy(stranger)


async def test_a_failed_copy_is_told_to_the_administrators_and_the_other_folder_still_gets_one(desk, tmp_path):
    (tmp_path / "copies-b").write_text("a file where the folder should be")
    result = await backups_of(desk).make("manual")
    assert result is not None and not result.ok
    ok, failed = result.copies
    assert ok.ok and ok.path is not None and ok.path.exists()
    assert not failed.ok and "copies-b" in failed.folder
    rows = await desk.db.fetch_all("SELECT chat_id, payload FROM outbox WHERE dedupe_key LIKE 'backup-failed:%'")
    assert [row[0] for row in rows] == [ADMIN]
    text = json.loads(rows[0][1])["text"]
    assert "не прошла проверку" in text and "copies-b" in text
    last = await backups_of(desk).runs.last_good()
    assert last is not None and last.copies == 1


async def test_only_the_last_copies_are_kept_in_each_folder(desk, tmp_path):
    desk.directory.school = with_backup(desk.school, ["copies-a", "copies-b"], keep=2)
    backups = backups_of(desk)
    made = []
    for _ in range(4):
        result = await backups.make("manual")
        assert result is not None and result.ok
        made.append(result)
        desk.clock.advance(minutes=1)
    for folder in ("copies-a", "copies-b"):
        left = Backups.copies_in(tmp_path / folder, "helpdesk")
        assert [p.name for p in left] == [r.copies[0 if folder == "copies-a" else 1].path.name for r in made[-2:]]


async def test_the_weekly_copy_is_made_once_per_due_moment_across_restarts(desk):
    school = desk.school  # Sunday 03:00 by default
    assert school.backup.weekday is Weekday.SUN
    desk.clock.value = datetime.fromisoformat("2026-11-29T02:59:00+03:00")  # Sunday, before the hour
    due = latest_due(desk.clock.now(), school.tz, school.backup.weekday, school.backup.at)
    assert due == datetime.fromisoformat("2026-11-22T03:00:00+03:00")
    first = backups_of(desk)
    await first.tick()  # the bot starts: last week's copy was never made, so it is made now
    await first.tick()
    desk.clock.value = datetime.fromisoformat("2026-11-29T03:00:00+03:00")
    await first.tick()
    await backups_of(desk).tick()  # a restart right after: nothing again
    rows = await desk.db.fetch_all("SELECT due FROM backup_runs WHERE trigger = 'weekly' ORDER BY id")
    assert [row[0] for row in rows] == ["2026-11-22T00:00:00+00:00", "2026-11-29T00:00:00+00:00"]


async def test_no_good_copy_for_over_a_week_is_told_once_a_day(desk, tmp_path):
    backups = backups_of(desk)
    assert (await backups.make("manual")).ok  # type: ignore[union-attr]
    desk.clock.advance(days=8, minutes=1)
    (tmp_path / "copies-a").rename(tmp_path / "gone")
    (tmp_path / "copies-a").write_text("not a folder")
    (tmp_path / "copies-b").rename(tmp_path / "gone-b")
    (tmp_path / "copies-b").write_text("not a folder")
    await backups.tick()
    await backups.tick()
    missing = await desk.db.fetch_all("SELECT payload FROM outbox WHERE dedupe_key LIKE 'backup-missing:%'")
    assert len(missing) == 1 and "8 дней назад" in json.loads(missing[0][0])["text"]
    t = desk.directory.i18n.get("ru")
    assert backup_status_line(await backups.status(), t).startswith("⚠️ 🗄 Резервная копия: последняя проверенная сделана 8 дней")


async def test_restore_refuses_while_the_bot_holds_the_database_and_works_when_it_stopped(desk, tmp_path, monkeypatch):
    for n in range(1, 3):
        await desk.file(request(n), [], chat_id=5000 + n)
    copy = (await backups_of(desk).make("manual")).copies[0].path  # type: ignore[union-attr]
    await desk.file(request(3), [], chat_id=5003)  # after the copy: the restore takes it away
    database = Path(desk.db.path)
    monkeypatch.setenv("BOT_TOKEN", "123456:TEST-token")
    monkeypatch.setenv("DATABASE_PATH", str(database))
    monkeypatch.setenv("SCHOOL_CONFIG", str(ROOT / "schools" / "example.toml"))
    monkeypatch.delenv("CLOCK_FILE", raising=False)

    running = RunLock(database)  # what the running bot holds (bot/app.py)
    assert running.acquire()
    try:
        assert await asyncio.to_thread(cli_restore, [str(copy)]) == 3
    finally:
        running.release()
    assert len(numbers_in(database)) == 3  # nothing changed

    await desk.db.close()  # the bot stopped
    assert await asyncio.to_thread(cli_restore, [str(copy)]) == 0
    assert numbers_in(database) == {"2026-0001", "2026-0002"}
    kept = list(database.parent.glob("helpdesk.sqlite3.before-restore-*"))
    assert len(kept) == 1 and len(numbers_in(kept[0])) == 3  # the database as it was, kept
    conn = sqlite3.connect(database)
    assert conn.execute("SELECT action, subject FROM audit_log").fetchall() == [("restore", copy.name)]
    conn.close()
    await desk.db.connect()  # for the fixture's close


async def test_restore_refuses_a_damaged_copy_and_changes_nothing(desk, tmp_path, monkeypatch):
    await desk.file(request(1), [], chat_id=5001)
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 5000)
    monkeypatch.setenv("BOT_TOKEN", "123456:TEST-token")
    monkeypatch.setenv("DATABASE_PATH", str(desk.db.path))
    monkeypatch.setenv("SCHOOL_CONFIG", str(ROOT / "schools" / "example.toml"))
    assert await asyncio.to_thread(cli_restore, [str(damaged)]) == 2
    assert len(numbers_in(Path(desk.db.path))) == 1


async def test_a_second_bot_waits_for_the_lock_then_gives_up(tmp_path):
    from bot.app import hold_run_lock

    first = await hold_run_lock(tmp_path / "db.sqlite3", 1)
    try:
        with pytest.raises(sqlite3.OperationalError, match="in use by another process"):
            await hold_run_lock(tmp_path / "db.sqlite3", 0.3)
    finally:
        first.release()
    (await hold_run_lock(tmp_path / "db.sqlite3", 0.3)).release()
