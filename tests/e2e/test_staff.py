"""A school sets up its people: /staff links, /id, /reload, the morning list of who cannot be
reached, through the real bot. The school file here is one being set up: specialist А
(spec-a, on duty on Tuesdays 14:30–16:00) has no Telegram id in it yet."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from tests.e2e.conftest import TUESDAY_DURING_SLOT, _finish, _standin
from tests.e2e.harness import BotProcess
from tests.e2e.test_helpdesk import register, to_confirmation

ROOT = Path(__file__).resolve().parents[2]
ADMIN = 100002
NEW_SPECIALIST_A, OTHER_ACCOUNT = 400001, 400002
LINK = re.compile(r"https://t\.me/school_helpdesk_bot\?start=(staff-[A-Za-z0-9_-]{16})")


def setting_up(**changes: str) -> str:
    text = (ROOT / "schools" / "example.toml").read_text(encoding="utf-8")
    text = text.replace("telegram_id = 200001\n", "", 1)
    for old, new in changes.items():
        text = text.replace(old, new, 1)
    return text


@pytest.fixture(scope="module")
async def staff_standin():
    server = await _standin()
    yield server
    await server.stop()


@pytest.fixture(scope="module")
async def staff_bot(staff_standin, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("staff-bot")
    school = workdir / "school.toml"
    school.write_text(setting_up(), encoding="utf-8")
    process = BotProcess(staff_standin, workdir, school=school)
    process.clock.set(TUESDAY_DURING_SLOT)
    await process.start()
    yield process
    await _finish(process)


@pytest.fixture
async def school_bot(staff_bot, staff_standin):
    staff_standin.faults.clear()
    staff_standin.rate_limits.disable()
    staff_bot.clock.set(TUESDAY_DURING_SLOT)
    staff_bot.school.write_text(setting_up(), encoding="utf-8")
    return staff_bot


def line_of(text: str, name: str) -> str:
    """The /staff entry of one person: their line and the details under it."""
    start = text.index(name)
    following = text.find("\n", text.find("\n", start) + 1)
    return text[start:following if following > 0 else None]


async def test_a_specialist_joins_by_the_link_and_receives_a_routed_card(school_bot, staff_standin):
    admin = staff_standin.user(ADMIN, first_name="Админ", language_code="ru")
    await admin.send("/staff")
    listing = await admin.wait_for("Сотрудники по файлу школы")
    entry = line_of(listing.text, "Специалист А. А.")
    assert "аккаунт не подключён" in entry
    code = LINK.search(entry).group(1)
    assert "Специалист Б. Б." in listing.text and "по telegram_id в файле" in line_of(listing.text, "Специалист Б. Б.")

    specialist = staff_standin.user(NEW_SPECIALIST_A, first_name="Анна", language_code="ru")
    await specialist.send(f"/start {code}")
    joined = await specialist.wait_for("Вы подключены к боту")
    assert "Специалист А. А." in joined.text and "/queue" in joined.text

    parent = staff_standin.user(5101, first_name="Мария", language_code="ru")
    await register(parent)
    await to_confirmation(parent, "Орлова Мария Петровна")
    await parent.press("📨 Отправить")
    receipt = await parent.wait_for("зарегистрировано")
    number = receipt.text.split("№\u00a0")[1].split()[0]
    card = await specialist.wait_for(lambda m: number in m.text and "📩" in m.text)
    assert "Орлова Мария Петровна" in card.text
    await specialist.press("✋ Взять", message=card)
    await parent.wait_for("взял в работу")

    # The link is used: another account is refused, politely, and nothing changes.
    other = staff_standin.user(OTHER_ACCOUNT, first_name="Кто-то", language_code="ru")
    await other.send(f"/start {code}")
    await other.wait_for("По этой ссылке уже подключился другой аккаунт")
    await specialist.send(f"/start {code}")
    await specialist.wait_for(lambda m: "Этот аккаунт уже подключён" in m.text and "Специалист А. А." in m.text)
    await admin.send("/staff")
    listing = await admin.wait_for("Сотрудники по файлу школы")
    assert "по ссылке" in line_of(listing.text, "Специалист А. А.")
    assert not LINK.search(line_of(listing.text, "Специалист А. А."))

    # A new phone: the administrator unbinds the account, and a new link is ready.
    await admin.send("/staff reset spec-a")
    await admin.wait_for(lambda m: "Аккаунт отвязан" in m.text and "Сотрудник: Специалист А. А." in m.text)
    await admin.send("/staff")
    listing = await admin.wait_for("Сотрудники по файлу школы")
    assert LINK.search(line_of(listing.text, "Специалист А. А.")).group(1) != code
    assert "Traceback" not in school_bot.log()


async def test_only_administrators_see_staff_and_reload(school_bot, staff_standin):
    parent = staff_standin.user(5102, first_name="Пётр", language_code="ru")
    for command in ("/staff", "/reload"):
        await parent.send(command)
        await parent.wait_for("только администрации")


async def test_id_tells_anyone_their_telegram_id_and_keeps_nothing(school_bot, staff_standin):
    newcomer = staff_standin.user(5103, first_name="Новенький", language_code="ru")
    await newcomer.send("/id")
    answer = await newcomer.wait_for("Ваш Telegram id")
    assert "5103" in answer.text
    with sqlite3.connect(f"file:{school_bot.database}?mode=ro", uri=True) as db:
        assert db.execute("SELECT count(*) FROM users WHERE telegram_id = 5103").fetchone()[0] == 0


async def test_reload_takes_a_good_file_at_once_and_refuses_a_bad_one(school_bot, staff_standin):
    admin = staff_standin.user(ADMIN, first_name="Админ", language_code="ru")
    parent = staff_standin.user(5104, first_name="Ирина", language_code="ru")
    await parent.send("/duty")
    assert "Специалист А. А." in (await parent.wait_for("Сейчас дежурят")).text

    school_bot.school.write_text(setting_up(**{'name = "Специалист А. А."': 'name = "Афанасьева А. А."'}),
                                 encoding="utf-8")
    await admin.send("/reload")
    await admin.wait_for("Файл школы перечитан")
    await parent.send("/duty")
    assert "Афанасьева А. А." in (await parent.wait_for("Сейчас дежурят")).text

    school_bot.school.write_text(setting_up(**{"telegram_id = 200003": "telegram_id = 200002",
                                               'timezone = "Europe/Simferopol"': 'timezone = "Europe/Atlantis"'}),
                                 encoding="utf-8")
    await admin.send("/reload")
    refused = await admin.wait_for("Файл школы не принят")
    assert "работает прежний" in refused.text
    assert "school.timezone: unknown time zone 'Europe/Atlantis'" in refused.text
    school_bot.school.write_text(setting_up(**{"telegram_id = 200003": "telegram_id = 200002"}), encoding="utf-8")
    await admin.send("/reload")
    refused = await admin.wait_for("Файл школы не принят")
    assert "specialists[2] (id='spec-c'): duplicate telegram_id 200002" in refused.text
    await parent.send("/duty")
    assert "Афанасьева А. А." in (await parent.wait_for("Сейчас дежурят")).text  # the running file stays

    school_bot.school.write_text(setting_up(), encoding="utf-8")
    await admin.send("/reload")
    await admin.wait_for("Файл школы перечитан")


async def test_administrators_get_the_morning_list_of_staff_who_cannot_be_reached(school_bot, staff_standin):
    admin = staff_standin.user(ADMIN, first_name="Админ", language_code="ru")
    await admin.send("/id")  # the administrator has written to the bot: the list can reach them
    await admin.wait_for("Ваш Telegram id")
    school_bot.clock.set("2026-11-25T07:29:00+03:00")
    await admin.send("/id")
    await admin.wait_for("Ваш Telegram id")
    assert not [m for m in admin.unread() if "не может достучаться" in m.text]
    school_bot.clock.set("2026-11-25T07:30:00+03:00")
    listing = await admin.wait_for("До этих сотрудников бот не может достучаться")
    assert "Директор Д. Д." in listing.text and "Специалист Е. Е." in listing.text
    assert "сообщений боту ещё не было" in listing.text
    assert "Администратор ЭлЖур" not in listing.text
    log = school_bot.log()
    morning = [line for line in log.splitlines() if "staff check (morning)" in line]
    assert len(morning) == 1 and "head (never-wrote)" in morning[0] and "spec-f (never-wrote)" in morning[0]
    assert "Директор" not in morning[0] and "Специалист" not in morning[0]
