"""Backups and the audit trail through the real bot: `python -m bot backup` while parents file
requests restores with every request whose receipt had arrived before it began;
`python -m bot restore` refuses while the bot runs; /backup and /audit are for the
administrators only (others are refused politely, and the refusal is logged)."""

from __future__ import annotations

import asyncio
import sqlite3
import sys

from tests.e2e.harness import ROOT
from tests.e2e.test_helpdesk import ADMIN, register, to_confirmation

PARENTS = range(17001, 17009)
NAMES = ("Орлов Пётр", "Соколова Анна", "Волков Иван", "Зайцева Мария", "Лебедев Олег", "Козлова Вера",
         "Новиков Юрий", "Морозова Инна")


async def run_cli(bot, args: list[str], **env: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    environment = bot.env() | env
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=str(bot.workdir), env=environment,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    out, _ = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out.decode()


async def test_a_backup_taken_while_parents_file_restores_every_request_filed_before_it(bot, standin, tmp_path):
    school = tmp_path / "school.toml"
    school.write_text((ROOT / "schools" / "example.toml").read_text(encoding="utf-8")
                      + f'\n[backup]\nfolders = ["{tmp_path / "copies-a"}", "{tmp_path / "copies-b"}"]\n',
                      encoding="utf-8")
    parents = [standin.user(uid, first_name="Родитель", language_code="ru") for uid in PARENTS]
    await asyncio.gather(*(register(p) for p in parents))
    receipts: list[str] = []

    async def file(n: int, person) -> None:  # type: ignore[no-untyped-def]
        await asyncio.sleep(0.25 * n)  # a steady stream, not one burst
        await to_confirmation(person, NAMES[n], problem=f"Обращение для копии {n}")
        await person.press("📨 Отправить")
        receipt = await person.wait_for("зарегистрировано", timeout=20)
        receipts.append(receipt.text.split("№\u00a0")[1].split()[0])  # the receipt follows the commit

    traffic = [asyncio.create_task(file(n, p)) for n, p in enumerate(parents)]
    deadline = asyncio.get_running_loop().time() + 30
    while len(receipts) < 2:
        for task in traffic:
            if task.done() and task.exception() is not None:
                raise task.exception()  # type: ignore[misc]
        assert asyncio.get_running_loop().time() < deadline, "no receipts"
        await asyncio.sleep(0.02)
    before = set(receipts)
    code, out = await run_cli(bot, ["backup"], SCHOOL_CONFIG=str(school))
    during = set(receipts) - before
    await asyncio.gather(*traffic)
    assert code == 0, out
    assert out.count("ok ") == 2 and "checked" in out
    copies = sorted((tmp_path / "copies-a").glob("helpdesk-*.sqlite3"))
    assert len(copies) == 1 and len(list((tmp_path / "copies-b").glob("helpdesk-*.sqlite3"))) == 1
    assert len(receipts) == len(parents)

    # The bot is running: the restore refuses, and its database is untouched.
    code, out = await run_cli(bot, ["restore", str(copies[0])], SCHOOL_CONFIG=str(school))
    assert code == 3 and "the bot is running" in out, out
    live = sqlite3.connect(bot.database)
    assert {row[0] for row in live.execute("SELECT number FROM requests")} >= set(receipts)
    live.close()

    # Restored where no bot runs: every request whose receipt had come before the copy began.
    restored = tmp_path / "restored.sqlite3"
    code, out = await run_cli(bot, ["restore", str(copies[0])], SCHOOL_CONFIG=str(school),
                              DATABASE_PATH=str(restored))
    assert code == 0, out
    conn = sqlite3.connect(restored)
    numbers = {row[0] for row in conn.execute("SELECT number FROM requests")}
    conn.close()
    assert before <= numbers, sorted(before - numbers)
    print(f"filed before the copy: {len(before)}, while it ran: {len(during)}, in the copy: "
          f"{len(numbers & set(receipts))} of {len(receipts)}")


async def test_backup_and_audit_are_for_the_administrators_only(bot, standin):
    stranger = standin.user(17101, first_name="Гость", language_code="ru")
    await register(stranger)
    for command in ("/backup", "/audit"):
        await stranger.send(command)
        refusal = await stranger.wait_for("только администрации")
        assert refusal.text == "Это доступно только администрации школы."
        assert f"{command} refused: chat 17101" in bot.log()

    admin = standin.user(ADMIN, first_name="Админ", language_code="ru")
    await admin.send("/backup")  # the shared bot's school file names no folders
    await admin.wait_for("не указаны папки")
    await admin.send("/status")
    status = await admin.wait_for("Состояние бота")
    assert "Резервное копирование не настроено" in status.text
    # The register exported, then found in the audit trail with who and when.
    await admin.send("/register")
    listing = await admin.wait_for("Журнал регистрации обращений")
    await admin.press("CSV", message=listing)
    await admin.wait_for(lambda m: m.content_type == "document")
    await admin.send("/audit")
    trail = await admin.wait_for("Журнал действий с данными")
    assert "выгрузка журнала обращений" in trail.text and "csv" in trail.text
    assert "Кто: " in trail.text
