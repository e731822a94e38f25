"""What the fuzz sends: hostile texts, files, stickers, button presses with real and forged data,
each in one of the states a person can be in (every step of every form).

One example = one state reached the way a person reaches it (real messages and presses), then a
few random inputs from whoever is in that state. The setup's updates are not counted as inputs.
"""

from __future__ import annotations

import asyncio
import io
import time
import traceback
from collections.abc import Awaitable, Callable
from typing import Any

from hypothesis import strategies as st

from tests.fuzz.rig import ADMIN, CLASS_TEACHER, SPECIALIST_A, STAFF, Failure, Rig, png

# --- texts ------------------------------------------------------------------------------------

HOSTILE = [
    "<b>", "</i>", "&", "&amp;", "&lt;", "<a href=\"tg://user?id=1\">x</a>", "<script>alert(1)</script>", "<",
    "x" * 10_000, "Ж" * 4096, "Ж" * 4060, "ж" * 4095 + "&", "<b>" * 1500, "\n" * 5000, "🙂" * 3000,
    "\x00", "\x00\x01\x02\x1b[31m", "\u202e\u202d", "\ufeff", "\u200b" * 10, "\ud7ff", "\r\n\r\n", "\t",
    "=1+1", "=HYPERLINK(\"http://x\")", "+7 978", "-1", "@SUM(1)",
    "'; DROP TABLE requests; --", "%s %d {0} {name}", "{ $name }", "${jndi:ldap://x}",
    "Иванова Анна", "5А", "11Б", "99Я", "0А", "ivanova", "Не открывается дневник", "/", "//", "/ start",
    "01.01.0001-31.12.9999", "31.12.9999-01.01.0001", "29.02.2027-01.03.2027", "1", "0", "-5", "99999999999999999999",
]
COMMANDS = [
    "/start", "/new", "/my", "/schedule", "/duty", "/help", "/language", "/privacy", "/cancel", "/forget",
    "/queue", "/register", "/substitute", "/import", "/marks", "/printout", "/invite", "/optout", "/optouts",
    "/children", "/link", "/role", "/skip", "/id", "/staff", "/status", "/reload", "/unknown",
    "/mydata", "/announce", "/announcements",
    "/start@school_helpdesk_bot", "/new@other_bot",
]
COMMAND_ARGS = [
    "", "x", "01.01.0001-31.12.9999", "01.11.2026-30.11.2026", "31.12.9999-31.12.9999", "01.01.2026-01.01.2025",
    "area=nowhere", "area=technical kind=question status=resolved spec=a", "spec=zz status=<b>", "kind==",
    "99999999999999999999999", "-1", "AAAA-BBBB", "x" * 300, "<b>", "&", "\x00", "=1+1",
]


def _long(ch: str, n: int) -> str:
    return ch * n


texts = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),  # any Unicode, control characters included
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=300),
    st.builds(_long, st.sampled_from(["x", "Я", "<", "&", "\n", "🙂", "\u0301"]), st.integers(1000, 10_000)),
    st.builds(lambda a, b: a + b, st.sampled_from(HOSTILE), st.text(max_size=20)),
)
commands = st.builds(lambda c, a: f"{c} {a}".rstrip() if a else c, st.sampled_from(COMMANDS),
                     st.one_of(st.sampled_from(COMMAND_ARGS), st.text(max_size=30)))


def _xlsx(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


_FILES: list[tuple[str, bytes, str]] | None = None


def files() -> list[tuple[str, bytes, str]]:
    """(name, data, mime): marks files good and bad, and files that are not what they claim."""
    global _FILES
    if _FILES is None:
        csv_good = "Класс;Ученик;Предмет;Дата;Оценка\n5А;Иванов Иван;Математика;20.11.2026;5\n".encode()
        _FILES = [
            ("marks.csv", csv_good, "text/csv"),
            ("marks.csv", b"", "text/csv"),
            ("marks.csv", "\n".join(f"5А;Ученик {i};Математика;20.11.2026;{i % 7}" for i in range(400)).encode(), "text/csv"),
            ("marks.csv", b"\xff\xfe\x00\x00garbage;;;\n" * 20, "text/csv"),
            ("marks.csv", ("=cmd|' /C calc'!A0;" * 50 + "\n").encode(), "text/csv"),
            ("marks.xlsx", _xlsx([["Класс", "Ученик", "Предмет", "Дата", "Оценка"], ["5А", "Иванов Иван", "Математика", "20.11.2026", 5]]),
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ("marks.xlsx", _xlsx([[None] * 3, ["<b>", "&", "=1+1"]]), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ("marks.xlsx", b"PK\x03\x04 not really a zip", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ("photo.png", png(), "image/png"),
            ("noext", bytes(range(256)), "application/octet-stream"),
            ("../../etc/passwd", b"root:x:0:0", "text/plain"),
            ("<b>.txt", b"&<>", "text/plain"),
        ]
    return _FILES


# --- callback data ----------------------------------------------------------------------------

WEIRD_FIELDS = [
    "18446744073709551616", "9223372036854775808", "9223372036854775807", "-9223372036854775809", "-1", "0",
    "99999999999999999999999999999999", "1e9", "nan", "", "zz", "a.nowhere", "a.", "a.any", "x", "✓", "<b>", "&",
    "y", "n", "t", "r", "h", "v", "c", "x", "o", "p", "s", "w", "parent", "god", "en", "de", "csv", "pdf",
    "cancel", "topic", "kind", "area", "name", "klass", "files", "confirm", "keep", "change", "send", "done",
    "general", "lost_login", "compromised", "new_access", "question", "technical", "nowhere", "absent",
    "substitute", "days", "telegram", "paper", "20261123", "99999999", "00000000", "1",
]
PREFIXES = ["cs1", "lg1", "rl1", "cd1", "ho1", "mr1", "fm1", "rg1", "sb1", "oo1", "sm1", "noop", "zz9", ""]


def _truncate(data: str) -> str:
    """Telegram carries at most 64 bytes of callback data."""
    raw = data.encode()[:64]
    return raw.decode("utf-8", errors="ignore") or "x"


MUTATIONS = ["field", "field", "field", "number", "drop", "add", "prefix", "swap"]
numbers = st.one_of(st.integers(-(2**70), 2**70), st.sampled_from([2**63, 2**64, -(2**63) - 1, 0, -1]),
                    st.integers(1, 500))
mutations = st.tuples(st.sampled_from(MUTATIONS), st.integers(0, 2**16),
                      st.one_of(st.sampled_from(WEIRD_FIELDS), st.text(max_size=12)), numbers)


def mutate(data: str, mutation: tuple[str, int, str, int]) -> str:
    """Real callback data with one part changed; drawn before the data is known, applied here."""
    how, index, field, number = mutation
    parts = data.split(":")
    if how == "field" and len(parts) > 1:
        parts[1 + index % (len(parts) - 1)] = field
    elif how == "number":
        numeric = [i for i, p in enumerate(parts) if p.lstrip("-").isdigit()] or [len(parts) - 1]
        parts[numeric[index % len(numeric)]] = str(number)
    elif how == "drop" and len(parts) > 1:
        parts.pop()
    elif how == "add":
        parts.append(field)
    elif how == "prefix":
        parts[0] = PREFIXES[index % len(PREFIXES)]
    else:
        parts = [field if i else p for i, p in enumerate(parts)]
    return _truncate(":".join(parts))


random_callback = st.one_of(
    st.builds(lambda p, rest: _truncate(p + ":" + ":".join(rest)), st.sampled_from(PREFIXES),
              st.lists(st.sampled_from(WEIRD_FIELDS), max_size=4)),
    st.text(min_size=1, max_size=64).map(_truncate),
)


# --- states -----------------------------------------------------------------------------------

Setup = Callable[[Rig, Any, Any], Awaitable[Any]]  # (rig, fresh person, pick) -> the person who acts


class Pick:
    """Choices drawn before the run starts, used whatever the bot's state turns out to be (Hypothesis
    needs its draws not to depend on what the bot did)."""

    def __init__(self, numbers: list[int]) -> None:
        self.numbers = list(numbers)

    def __call__(self, options: list[Any]) -> Any:
        number = self.numbers.pop(0) if self.numbers else 0
        return options[number % len(options)]


async def _form(rig: Rig, p, step: str, topic: str = "general"):  # noqa: ANN001
    """A parent through the request form up to `step`."""
    await rig.onboard(p, "parent")
    await p.send("/new")
    if step == "topic":
        return p
    await rig.press(p, f"fm1:topic:{topic}")
    if topic == "general":
        if step == "kind":
            return p
        await rig.press(p, "fm1:kind:question")
        if step == "area":
            return p
        await rig.press(p, "fm1:area:technical")
    if step == "name":
        return p
    await p.send("Иванова Анна")
    if step == "klass":
        return p
    await p.send("5А")
    if topic != "general":
        if step == "login":
            return p
        await p.send("ivanova.anna")
    if step == "problem":
        return p
    await p.send("Не открывается электронный дневник на телефоне")
    if step == "files":
        return p
    await rig.press(p, "fm1:files:done")
    if step == "confirm":
        return p
    await rig.press(p, "fm1:confirm:send")
    return p


async def _filed(rig: Rig, p) -> int | None:  # noqa: ANN001
    await _form(rig, p, "sent")
    row = await rig.db.fetch_one("SELECT id FROM requests WHERE requester_id = ? ORDER BY id DESC LIMIT 1", (p.id,))
    return row[0] if row else None


async def _press_on_card(rig: Rig, prefix: str, timeout: float = 3.0):  # noqa: ANN001
    """A staff member presses a button of a card wherever it arrived. None if no card has it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for telegram_id in STAFF:
            person = rig.standin.user(telegram_id)
            for message in reversed(person.messages):
                for row in message.inline_keyboard:
                    for button in row:
                        if (button.get("callback_data") or "") == prefix:
                            await rig.callback(person, prefix, message)
                            return person
        await asyncio.sleep(0.02)
    rig.setup_misses += 1
    return None


async def _taken(rig: Rig, p):  # noqa: ANN001
    rid = await _filed(rig, p)
    return rid, (await _press_on_card(rig, f"cd1:t:{rid}") if rid else None)


async def _staff(rig: Rig, telegram_id: int):  # noqa: ANN001
    person = rig.standin.user(telegram_id)
    await person.send("/cancel")
    await rig.onboard(person, "administration")
    return person


async def s_new(rig, p, pick):  # noqa: ANN001
    return p


async def s_consent(rig, p, pick):  # noqa: ANN001
    await p.send("/start")
    return p


async def s_consent_with_code(rig, p, pick):  # noqa: ANN001
    await p.send("/start " + pick(["ABCD1234", "x" * 60, "<b>", "../", "ЖЖЖ", "0" * 30]))
    return p


async def s_role(rig, p, pick):  # noqa: ANN001
    await p.send("/start")
    await rig.press(p, "cs1:y")
    return p


async def s_ready(rig, p, pick):  # noqa: ANN001
    await rig.onboard(p, pick(["parent", "student", "teacher", "class_teacher", "administration"]))
    return p


def s_form(step: str, topic: str = "general") -> Setup:
    async def setup(rig, p, pick):  # noqa: ANN001
        return await _form(rig, p, step, topic)

    setup.__name__ = f"s_form_{topic}_{step}"
    return setup


async def s_filed(rig, p, pick):  # noqa: ANN001
    await _filed(rig, p)
    return p


async def s_two_open(rig, p, pick):  # noqa: ANN001
    await _filed(rig, p)
    await _form(rig, p, "sent")
    return p


async def s_taken(rig, p, pick):  # noqa: ANN001
    await _taken(rig, p)
    return p


async def s_answered(rig, p, pick):  # noqa: ANN001
    rid, specialist = await _taken(rig, p)
    if specialist is not None:
        await rig.press(specialist, f"cd1:r:{rid}")
        await specialist.send("Попробуйте войти ещё раз, пожалуйста")
    return p


async def s_resolved(rig, p, pick):  # noqa: ANN001
    rid, specialist = await _taken(rig, p)
    if specialist is not None:
        await rig.press(specialist, f"cd1:v:{rid}")
        await rig.settle()
    return p


async def s_rating_comment(rig, p, pick):  # noqa: ANN001
    await s_resolved(rig, p, pick)
    try:
        await rig.press(p, "mr1:s:", timeout=1.0)
    except LookupError:
        rig.setup_misses += 1
    return p


async def s_complaint(rig, p, pick):  # noqa: ANN001
    await s_resolved(rig, p, pick)
    try:
        await rig.press(p, "mr1:p:", timeout=1.0)
    except LookupError:
        rig.setup_misses += 1
    return p


async def s_specialist_reply(rig, p, pick):  # noqa: ANN001
    rid, specialist = await _taken(rig, p)
    if specialist is None:
        return p
    await rig.press(specialist, f"cd1:r:{rid}")
    return specialist


async def s_specialist_handover(rig, p, pick):  # noqa: ANN001
    rid = await _filed(rig, p)
    specialist = await _press_on_card(rig, f"cd1:h:{rid}") if rid else None
    return specialist or p


async def s_specialist(rig, p, pick):  # noqa: ANN001
    await _filed(rig, p)
    return await _staff(rig, pick([SPECIALIST_A, 200002, 200004]))


async def s_admin(rig, p, pick):  # noqa: ANN001
    await _filed(rig, p)
    return await _staff(rig, ADMIN)


async def s_admin_register(rig, p, pick):  # noqa: ANN001
    admin = await _staff(rig, ADMIN)
    await admin.send("/register")
    return admin


async def s_admin_substitute(rig, p, pick):  # noqa: ANN001
    admin = await _staff(rig, ADMIN)
    await admin.send("/substitute")
    step = pick(["absent", "substitute", "days"])
    if step != "absent":
        await rig.press(admin, "sb1:absent:")
        if step == "days":
            await rig.press(admin, "sb1:substitute:")
    return admin


async def s_import(rig, p, pick):  # noqa: ANN001
    who = await _staff(rig, pick([ADMIN, CLASS_TEACHER]))
    await who.send("/import")
    return who


async def s_invite(rig, p, pick):  # noqa: ANN001
    who = await _staff(rig, pick([ADMIN, CLASS_TEACHER]))
    await who.send("/invite")
    if pick([True, False]):
        await who.send("Петрова Мария")
    return who


async def s_optout(rig, p, pick):  # noqa: ANN001
    who = await _staff(rig, pick([ADMIN, CLASS_TEACHER]))
    await who.send("/optout")
    steps = pick([0, 1, 2, 3])
    for answer in ["Петрова Мария", "5А", "Петров Пётр"][:steps]:
        await who.send(answer)
    return who


STATES: list[Setup] = [
    s_new, s_consent, s_consent_with_code, s_role, s_ready,
    s_form("topic"), s_form("kind"), s_form("area"), s_form("name"), s_form("klass"), s_form("problem"),
    s_form("files"), s_form("confirm"), s_form("login", "lost_login"), s_form("confirm", "compromised"),
    s_filed, s_two_open, s_taken, s_answered, s_resolved, s_rating_comment, s_complaint,
    s_specialist_reply, s_specialist_handover, s_specialist, s_admin, s_admin_register, s_admin_substitute,
    s_import, s_invite, s_optout,
]


# --- inputs -----------------------------------------------------------------------------------

ACTIONS = ["text", "text", "text", "command", "photo", "document", "sticker", "other", "press", "press",
           "double", "mutated", "mutated", "mutated", "random_cb", "reply", "tick"]
OTHER = ["voice", "location", "contact"]

index = st.integers(0, 2**16)
actions = st.one_of(
    st.tuples(st.just("text"), texts),
    st.tuples(st.just("command"), commands),
    st.tuples(st.just("photo"), st.one_of(st.none(), texts)),
    st.tuples(st.just("document"), st.tuples(index, st.one_of(st.none(), texts))),
    st.tuples(st.just("sticker"), st.none()),
    st.tuples(st.just("other"), st.sampled_from(OTHER)),
    st.tuples(st.sampled_from(["press", "press", "double"]), st.tuples(index, texts)),
    st.tuples(st.just("mutated"), st.tuples(index, st.booleans(), mutations)),
    st.tuples(st.just("random_cb"), random_callback),
    st.tuples(st.just("reply"), st.tuples(index, texts)),
    st.tuples(st.just("tick"), st.sampled_from([0, 1, 16])),
)
examples = st.tuples(
    st.integers(0, 2**16),  # the state
    st.sampled_from(["Анна", "<b>", "&", "A" * 64, "\u202e"]),
    st.sampled_from(["ru", "en", None, "de"]),
    st.lists(st.integers(0, 2**16), min_size=4, max_size=4),  # the setup's choices
    st.lists(actions, min_size=2, max_size=16),
)


async def act(rig: Rig, actor, kind: str, arg: Any) -> None:  # noqa: ANN001
    if kind == "text":
        await actor.send(arg)
    elif kind == "command":
        await actor.send(arg)
    elif kind == "photo":
        await actor.send_photo(caption=arg)
    elif kind == "document":
        number, caption = arg
        name, data, mime = files()[number % len(files())]
        await actor.send_document(data, filename=name, caption=caption, mime_type=mime)
    elif kind == "sticker":
        await actor.send_sticker()
    elif kind == "other":
        if arg == "voice":
            await actor.send_voice()
        elif arg == "location":
            await actor.send_location(44.95, 34.1)
        else:
            await actor.send_contact()
    elif kind in ("press", "double"):
        number, text = arg
        buttons = [(m, b.get("callback_data")) for m in actor.messages[-4:] for row in m.inline_keyboard for b in row
                   if b.get("callback_data")]
        if not buttons:
            await actor.send(text)
            return
        message, data = buttons[number % len(buttons)]
        if kind == "press":
            await rig.callback(actor, data, message)
        else:  # a quick double tap: both presses are in flight at once
            await asyncio.gather(rig.callback(actor, data, message), rig.callback(actor, data, message))
    elif kind == "mutated":
        number, keep, mutation = arg
        if not rig.callback_pool:
            return
        _, data = rig.callback_pool[number % len(rig.callback_pool)]
        # Often a button of someone else's chat: other people's request ids, as they are or changed.
        await rig.callback(actor, data if keep else mutate(data, mutation))
    elif kind == "reply":
        number, text = arg
        if actor.messages:
            await rig.reply_to(actor, text, actor.messages[number % len(actor.messages)])
        else:
            await actor.send(text)
    elif kind == "tick":
        rig.clock.advance(minutes=arg)
        try:
            await rig.helpdesk.run_timers()
        except Exception as error:  # noqa: BLE001
            rig.failures.append(Failure("raised", f"run_timers: {type(error).__name__}: {error}", traceback.format_exc()))
    else:
        await rig.callback(actor, arg)


async def example(rig: Rig, program: tuple) -> int:
    """One state, then the program's inputs. Returns the number of fuzz inputs sent."""
    state_number, first_name, language, choices, steps = program
    rig.clock.keep_in_a_slot()
    state = STATES[state_number % len(STATES)]
    person = rig.standin.user(next(rig.people), first_name=first_name, language_code=language)
    before = rig.inputs
    actor = await state(rig, person, Pick(choices))
    rig.setup_inputs += rig.inputs - before
    before = rig.inputs
    for kind, arg in steps:
        await act(rig, actor, kind, arg)
    return rig.inputs - before
