"""`python -m bot backup` and `python -m bot restore COPY`: the backups from the command line,
the bot running or not (docs/operations.md). The copies themselves are made and checked by
bot/services/backup.py."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from bot.clock import make_clock
from bot.services.backup import BackupResult, Backups
from storage.audit import AuditLog
from storage.backup import BackupError, check_copy
from storage.db import Database


def _settings_and_school():  # type: ignore[no-untyped-def]
    from pydantic import ValidationError

    from bot.__main__ import _explain_settings_error
    from bot.domain.school import SchoolConfigError, load_school_config
    from bot.settings import Settings

    try:
        settings = Settings()  # type: ignore[call-arg]
    except ValidationError as error:
        raise SystemExit(_explain_settings_error(error)) from None
    try:
        school = load_school_config(settings.school_config)
    except SchoolConfigError as error:
        raise SystemExit(f"The school's configuration is wrong.\n{error}") from None
    return settings, school


def cli_backup(argv: list[str]) -> int:
    """`python -m bot backup`: a checked copy into each folder of `[backup] folders` now, the
    bot running or not. Exit code 0 when every copy is good, 1 when one failed, 2 when the
    settings or the school file are wrong or no folder is set."""
    if argv:
        print("usage: python -m bot backup", file=sys.stderr)
        return 2
    os.umask(0o077)
    settings, school = _settings_and_school()
    if not Path(settings.database_path).is_file():
        print(f"No database at {settings.database_path}: check DATABASE_PATH.", file=sys.stderr)
        return 2
    if not school.backup.folders:
        print("No backup folders are set: add [backup] folders = [\"...\", \"...\"] to the school file "
              "(docs/school-config.md).", file=sys.stderr)
        return 2

    async def run() -> BackupResult | None:
        db = await Database(settings.database_path, lock_wait=settings.database_lock_wait).connect()
        try:
            backups = Backups(db, settings.database_path, make_clock(settings.clock_file), lambda: school)
            return await backups.make("cli")
        finally:
            await db.close()

    result = asyncio.run(run())
    assert result is not None
    for copy in result.copies:
        if copy.ok:
            print(f"ok      {copy.path}  ({copy.requests} requests, {copy.size} bytes, checked)")
        else:
            print(f"FAILED  {copy.folder}: {copy.error}", file=sys.stderr)
    return 0 if result.ok else 1


def cli_restore(argv: list[str]) -> int:
    """`python -m bot restore COPY`: checks COPY and puts it in place of the database, the
    database as it was kept beside it (`<database>.before-restore-<time>`). Refused while the
    bot runs (it holds `<database>.pid` locked). Exit codes: 0 restored; 2 a wrong call or a
    copy that fails the check (nothing changed); 3 the bot is running (nothing changed)."""
    from storage.backup import RunLock, restore_into

    if len(argv) != 1 or argv[0].startswith("-"):
        print("usage: python -m bot restore COPY   (a copy made by /backup or python -m bot backup)",
              file=sys.stderr)
        return 2
    os.umask(0o077)
    copy = Path(argv[0]).resolve()
    settings, _school = _settings_and_school()
    database = Path(settings.database_path).resolve()
    if copy == database:
        print("The copy is the database itself.", file=sys.stderr)
        return 2
    try:
        found = check_copy(copy)
    except BackupError as error:
        print(f"Not restored: the copy fails the check: {error}", file=sys.stderr)
        return 2
    lock = RunLock(database)
    if not lock.acquire():
        holder = lock.holder()
        print(f"Not restored: the bot is running{f' (pid {holder})' if holder else ''} on {database}. "
              "Stop it first (e.g. systemctl stop ...), then run the restore again.", file=sys.stderr)
        return 3
    try:
        clock = make_clock(settings.clock_file)
        stamp = clock.now().strftime("%Y%m%d-%H%M%S")
        kept = database.with_name(f"{database.name}.before-restore-{stamp}") if database.exists() else None
        try:
            restored = restore_into(copy, database, kept)
        except BackupError as error:
            print(f"Restore failed: {error}", file=sys.stderr)
            if kept is not None:
                print(f"The database as it was before is kept in {kept}.", file=sys.stderr)
            return 1

        async def record() -> None:
            db = await Database(database, lock_wait=settings.database_lock_wait).connect()  # migrates an older copy
            try:
                await AuditLog(db, clock.now).record(None, "restore", copy.name)
            finally:
                await db.close()

        asyncio.run(record())
    finally:
        lock.release()
    print(f"Restored {copy} into {database}: {restored.requests} requests (the copy held {found.requests}); "
          "integrity check ok.")
    if kept is not None:
        print(f"The database as it was before is kept in {kept}.")
    print("Start the bot again.")
    return 0
