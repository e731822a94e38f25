"""Hostile and hasty people against the running bot: forged buttons of every kind, a forged
hand-over, double taps, dates beyond the calendar, formulas in the register, a large file,
/forget, and a question typed before consent."""

from __future__ import annotations

import asyncio
import csv
import io
import secrets

import pytest
from aiogram.filters.callback_data import CallbackData
from openpyxl import load_workbook

import bot.views.callbacks as callbacks
from tests.e2e.test_helpdesk import ADMIN, SPECIALIST_A, register, to_confirmation
from tests.e2e.test_weekly_summary import FRIDAY, SAMPLE, SATURDAY_NOON, TEACHER_5A, follow, invite, opt_out

pytestmark = pytest.mark.e2e

OUTDATED = "Эта кнопка устарела"


async def forge(person, data: str, timeout: float = 5.0) -> dict:
    """Press a button that carries `data`, as a modified client would; the bot's answer to it."""
    standin = person.standin
    message = next(m for m in reversed(person.messages) if not m.deleted)
    query_id = secrets.token_hex(8)
    answered = standin.expect_callback_answer(query_id)
    await standin.push_update({"callback_query": {
        "id": query_id, "from": person.chat.as_user(), "chat_instance": str(person.id),
        "message": standin.message_json(person.chat, message), "data": data,
    }})
    try:
        return await asyncio.wait_for(answered, timeout)
    except TimeoutError:
        raise AssertionError(f"the button {data!r} was never answered") from None


def tracebacks(bot) -> int:
    return bot.log_path.read_text(encoding="utf-8", errors="replace").count("Traceback")


def every_kind() -> list[type[CallbackData]]:
    return [c for c in vars(callbacks).values()
            if isinstance(c, type) and issubclass(c, CallbackData) and c is not CallbackData]


def rid_of(card) -> int:
    data = next(b["callback_data"] for row in card.inline_keyboard for b in row if b["callback_data"].startswith("cd1:"))
    return int(data.rsplit(":", 1)[1])


async def test_forged_buttons_of_every_kind_are_answered_as_outdated_never_with_a_traceback(bot, standin):
    before = tracebacks(bot)
    stranger = standin.user(7101, first_name="Некто", language_code="ru")
    specialist = standin.user(SPECIALIST_A, first_name="Специалист", language_code="ru")
    admin = standin.user(ADMIN, first_name="Админ", language_code="ru")
    for person in (stranger, specialist, admin):
        await person.send("/help")
        await person.wait_for("Что умеет бот")
    kinds = every_kind()
    assert len(kinds) >= 11
    for person in (stranger, specialist, admin):
        for kind in kinds:
            fields = len(kind.model_fields)
            for value in ("9" * 25, "-1", "<b>x</b>"):
                data = ":".join([kind.__prefix__, *([value] * fields)])[:64]
                answer = await forge(person, data)
                assert OUTDATED in (answer.get("text") or ""), (person.id, data, answer)
            answer = await forge(person, kind.__prefix__ + ":1" * (fields + 1))  # one part too many
            assert OUTDATED in (answer.get("text") or ""), (person.id, kind.__prefix__, answer)
    # Values that unpack but name nothing the school has, or overflow once used.
    for data in ("sb1:absent:nobody", f"sb1:cancel:{'9' * 25}", "sb1:days:999", "rg1:pdf", "df1:u",
                 "sm1:a:1:20261399", "mr1:s:1:9", "lg1:de", "fm1:topic:bogus"):
        answer = await forge(admin, data)
        assert OUTDATED in (answer.get("text") or ""), (data, answer)
    assert tracebacks(bot) == before, bot.log()


async def test_a_forged_hand_over_is_refused_and_reaches_nobody(bot, standin):
    """Observation 5: a forged area was stored (then every timer tick failed) and a forged
    target id sent the card — name, class, problem — to an arbitrary Telegram user."""
    before = tracebacks(bot)
    parent = standin.user(7102, first_name="Вера", language_code="ru")
    specialist = standin.user(SPECIALIST_A, first_name="Специалист", language_code="ru")
    outsider = standin.user(7199, first_name="Чужой", language_code="ru")
    await outsider.send("/help")
    await outsider.wait_for("Что умеет бот")
    await register(parent)
    await to_confirmation(parent, "Васильева Вера Петровна", problem="Секретная проблема: не входит в дневник")
    await parent.press("📨 Отправить")
    number = (await parent.wait_for("зарегистрировано")).text.split("№\u00a0")[1].split()[0]
    card = await specialist.wait_for(lambda m: number in m.text and "📩" in m.text)
    rid = rid_of(card)
    for target in ("a.bogus", f"admin-{outsider.id}", str(outsider.id), "nobody"):
        answer = await forge(specialist, f"ho1:{rid}:{target}")
        assert OUTDATED in (answer.get("text") or ""), (target, answer)
    await asyncio.sleep(0.6)  # a few timer ticks
    assert not any("Секретная проблема" in m.text for m in outsider.messages)
    # The request is where it was: the specialist can still take it, and a real hand-over works.
    await specialist.press("↪️ Передать", message=card)
    await specialist.press("Администраторам")
    assert "Передано" in (specialist.last_callback_answer or "")
    admin = standin.user(ADMIN, first_name="Админ", language_code="ru")
    await admin.wait_for(lambda m: number in m.text and "📩" in m.text)
    assert tracebacks(bot) == before, bot.log()


async def test_double_taps_on_cancel_and_consent_are_answered_and_harmless(bot, standin):
    before = tracebacks(bot)
    person = standin.user(7103, first_name="Быстрый", language_code="ru")
    await person.send("/start")
    greeting = await person.wait_for("Согласие")
    await asyncio.gather(*(forge(person, "cs1:y") for _ in range(2)))
    await person.wait_for("Выберите роль")
    assert greeting  # both taps answered (forge raises otherwise)
    await person.press("Родитель")
    await person.wait_for("Роль:")
    await person.send("/new")
    question = await person.wait_for("Новое обращение")
    cancel = next(b["callback_data"] for row in question.inline_keyboard for b in row if "Отменить" in b["text"])
    answers = await asyncio.gather(*(forge(person, cancel) for _ in range(2)))
    assert all("Что-то пошло не так" not in (a.get("text") or "") for a in answers)
    await person.wait_for("Обращение отменено")
    assert tracebacks(bot) == before, bot.log()


async def test_register_dates_beyond_the_calendar_get_a_clear_answer(bot, standin):
    before = tracebacks(bot)
    admin = standin.user(ADMIN, first_name="Админ", language_code="ru")
    await admin.send("/register 01.01.0001-31.12.9999")
    answer = await admin.wait_for("Даты периода")
    assert "01.01.2000" in answer.text and "31.12.2099" in answer.text
    assert tracebacks(bot) == before, bot.log()


async def test_a_substitution_wholly_in_the_past_is_refused(bot, standin):
    admin = standin.user(ADMIN, first_name="Админ", language_code="ru")
    await admin.send("/substitute")
    absent = await admin.wait_for("Кто отсутствует")  # its own message: older ones have the same buttons
    await admin.press("Специалист А. А.", message=absent)
    substitute = await admin.wait_for("Кто замещает")
    await admin.press("Специалист Б. Б.", message=substitute)
    await admin.wait_for("На сколько дней")
    await admin.send("02.11.2026-06.11.2026")  # today is 24.11.2026
    refused = await admin.wait_for("Замена должна заканчиваться сегодня")
    assert "24.11.2026" in refused.text
    await admin.send("/cancel")
    await admin.wait_for("отменено")
    await admin.send("/substitute")
    await admin.wait_for("Кто отсутствует")
    await asyncio.sleep(0.3)  # time for a late answer to the refused dates, which must not come
    assert not any("02.11.2026" in m.text for m in admin.unread())


async def test_the_register_holds_no_live_formula(bot, standin):
    """Observation 7: a problem text starting with '=' became a formula in XLSX and CSV."""
    parent = standin.user(7104, first_name="Ева", language_code="ru")
    admin = standin.user(ADMIN, first_name="Админ", language_code="ru")
    problem = '=HYPERLINK("http://example.invalid","Нажмите сюда")'
    await register(parent)
    await to_confirmation(parent, "Евдокимова Ева Олеговна", problem=problem)
    await parent.press("📨 Отправить")
    number = (await parent.wait_for("зарегистрировано")).text.split("№\u00a0")[1].split()[0]
    await admin.send("/register")
    listing = await admin.wait_for("Журнал регистрации обращений")
    await admin.press("XLSX", message=listing)
    document = await admin.wait_for(lambda m: m.content_type == "document" and number.encode() in _unzipped(admin, m))
    sheet = load_workbook(io.BytesIO(admin.download(document))).active
    ours = next(row for row in sheet.iter_rows(min_row=3) if row[0].value == number)
    assert ours[8].value == "'" + problem and ours[8].data_type == "s"
    await admin.press("CSV", message=listing)
    document = await admin.wait_for(lambda m: m.content_type == "document" and number.encode() in admin.download(m))
    rows = list(csv.reader(io.StringIO(admin.download(document).decode("utf-8-sig")), delimiter=";"))
    assert next(r for r in rows if r[0] == number)[8] == "'" + problem


def _unzipped(person, message) -> bytes:
    """An XLSX's sheet and shared strings as bytes (b"" for anything that is not an XLSX)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(person.download(message))) as archive:
            return b"".join(archive.read(n) for n in archive.namelist() if n.endswith(".xml"))
    except zipfile.BadZipFile:
        return b""


async def test_a_large_file_is_read_aside_and_others_are_answered_meanwhile(bot, standin):
    """Observation 8: a 100,000-row CSV stood the bot still for everyone for seconds."""
    admin = standin.user(ADMIN, first_name="Админ", language_code="ru")
    await admin.send("/import")
    await admin.wait_for("Отправьте файл")
    huge = ["ФИО ученика;Класс;Предмет;Дата;Отметка"] + ["Петров Иван;5А;Математика;16.11.2026;5"] * 100_000
    await admin.send_document("\n".join(huge).encode(), "huge.csv", mime_type="text/csv")
    refused = await admin.wait_for("больше 20\xa0000 строк", timeout=15)
    assert refused.text.startswith("Файл не принят:")

    # 20,000 rows, each with a bad mark: a second or so of checking, and nothing to store.
    rows = ["ФИО ученика;Класс;Предмет;Дата;Отметка;Вес;Урок"]
    rows += [f"Петров Иван;5А;Математика;{1 + n % 28:02d}.11.2026;9;1;{1 + n % 7}" for n in range(20_000)]
    downloads = standin.stats["download"]
    await admin.send_document("\n".join(rows).encode(), "big.csv", mime_type="text/csv")
    await standin.wait_for_calls("download", above=downloads, timeout=10)  # the bot has the file: checking it now
    loop = asyncio.get_running_loop()
    newcomer = standin.user(7105, first_name="Новый", language_code="ru")
    sent = loop.time()
    await newcomer.send("/start")
    await newcomer.wait_for("Согласие", timeout=10)
    waited = loop.time() - sent
    verdict = await admin.wait_for("ошибок: 20\xa0000", timeout=20)
    assert verdict.text.startswith("Файл не принят")
    assert waited < 0.5, f"/start waited {waited:.2f} s behind the import"
    sent = {(r.chat_id, r.message_id): r.time for r in standin.sent_log}
    greeting = newcomer.messages[0]
    assert sent[(newcomer.id, greeting.message_id)] < sent[(admin.id, verdict.message_id)], "answered only after the file"


@pytest.mark.school_clock(FRIDAY)
async def test_forget_removes_the_link_and_saturday_brings_nothing(own_bot, own_standin):
    """Observation 10: after /forget, /marks still worked and Saturday's summary came."""
    standin = own_standin
    teacher = standin.user(TEACHER_5A, first_name="Учитель", language_code="ru")
    mother = standin.user(7106, first_name="Ольга", language_code="ru")
    await follow(mother, await invite(teacher, "Петров Иван"))
    await opt_out(teacher, "Петров Иван", "Петрова Ольга Сергеевна")
    await teacher.send("/import")
    await teacher.wait_for("Отправьте файл")
    await teacher.send_document(SAMPLE.read_bytes(), "marks-example.csv", mime_type="text/csv")
    await teacher.wait_for("Файл принят")
    await mother.send("/marks")
    await mother.wait_for("Петров Иван")
    await teacher.send("/printout")
    await teacher.wait_for("нет семей")

    await mother.send("/forget")
    await mother.press("🗑 Удалить мои данные")  # nothing goes before the confirmation
    await mother.wait_for("Согласие отозвано")
    await mother.send("/marks")
    await mother.wait_for("Связи с учеником пока нет")  # no linked children any more
    notice = await teacher.wait_for("больше некому получать", timeout=10)
    assert "Петров Иван" in notice.text
    await teacher.send("/printout")
    printout = await teacher.wait_for(lambda m: m.content_type == "document", timeout=15)
    assert "Учеников в распечатке: 1" in printout.text

    seen = len(mother.messages)
    own_bot.clock.set(SATURDAY_NOON)
    await asyncio.sleep(2.0)  # the weekly run has had its ticks
    assert mother.messages[seen:] == []


async def test_a_question_typed_before_consent_is_kept_and_offered_back(bot, standin):
    person = standin.user(7107, first_name="Торопливый", language_code="ru")
    await person.send("/start")
    await person.wait_for("Согласие")
    question = "Не могу войти в электронный дневник, пишет «неверный пароль»"
    await person.send(question)
    kept = await person.wait_for("Сообщение сохранено")
    assert "✅ Даю согласие" in str(kept.buttons)
    await person.press("✅ Даю согласие", message=kept)
    await person.press("Родитель")
    offer = await person.wait_for("До согласия вы писали")
    assert question in offer.text
    await person.press("📝 Создать обращение")
    await person.press("Вопрос или проблема с журналом")
    await person.press("Вопрос")
    await person.press("Техническая поддержка")
    await person.wait_for("фамилию")
    await person.send("Торопов Олег Иванович")
    await person.wait_for("класс")
    await person.send("5А")
    await person.press("Готово ➡️")  # the problem is written already: straight on to the attachments
    summary = await person.wait_for("Проверьте обращение")
    assert question in summary.text


async def test_a_text_from_someone_who_never_pressed_start_is_kept_too(bot, standin):
    person = standin.user(7108, first_name="Сразу", language_code="en")
    await person.send("Hello, my child cannot see the marks for last week")
    greeting = await person.wait_for("Consent")
    assert "kept" in greeting.text
    await person.press("✅ I consent")
    await person.press("Parent")
    offer = await person.wait_for("Before consenting you wrote")
    assert "cannot see the marks" in offer.text
    await person.press("No, thanks")
    await person.wait_for("the text is deleted")
