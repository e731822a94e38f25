"""Marks: the file import (class teachers, administrators), the parents' side of the weekly
summary (acknowledge, chart, /marks) and the printout for families on paper."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.clock import Clock
from bot.domain.permissions import ClassScope
from bot.domain.school import SchoolConfig
from bot.filters import ACTS_FOR_CLASSES, When, guard
from bot.i18n import Translator
from bot.middlewares import Staff
from bot.services.audit import AuditTrail
from bot.services.families import Families
from bot.services.marks_import import MAX_BYTES, ImportFileError, Limits, read_and_parse
from bot.services.summaries import WEEKLY, Recipient, Summaries, week_of
from bot.views.callbacks import SummaryAction, SummaryCb
from bot.views.marks import import_done, import_refused, import_rejected
from bot.views.render import rows_markup
from bot.views.summaries import summary_rows, summary_text

log = logging.getLogger(__name__)
router = Router(name="marks")
# /import with its file, and /printout: for those who act for a class (bot/filters.py).
teachers = guard(Router(name="marks_teachers"), ACTS_FOR_CLASSES, refusal="import-not-allowed", log=log)

# Sent with the request for a file: a teacher needs the layout, not a path in this repository.
SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "marks-example.csv"


class ImportMarks(StatesGroup):
    file = State()


@teachers.message(Command("import"))
async def cmd_import(message: Message, state: FSMContext, t: Translator) -> None:
    await state.set_state(ImportMarks.file)
    await message.answer(t("import-ask-file"))
    if SAMPLE.is_file():
        await message.answer_document(BufferedInputFile(SAMPLE.read_bytes(), SAMPLE.name),
                                      caption=t("import-sample-caption"))


@teachers.message(StateFilter(ImportMarks.file), When(F.document))
async def import_file(
    message: Message, state: FSMContext, bot: Bot, staff: Staff, school: SchoolConfig, t: Translator,
    summaries: Summaries, clock: Clock, audit: AuditTrail,
) -> None:
    assert message.document is not None and message.from_user is not None
    document = message.document
    try:
        if (document.file_size or 0) > MAX_BYTES:  # before a byte of it is downloaded
            raise ImportFileError("import-error-too-big", mb=MAX_BYTES // 1024 // 1024)
        buffer = await bot.download(document)
        assert buffer is not None
        allowed = ClassScope.of(school, message.from_user.id, is_admin=staff.is_admin).allowed_classes()
        # In a worker thread: reading and checking 20,000 rows takes seconds of Python, and
        # everyone else's updates are answered meanwhile.
        parsed = await asyncio.to_thread(
            read_and_parse, buffer.read(), document.file_name or "marks.csv", summaries.rules,
            allowed_classes=allowed, limits=Limits.from_section(school.section("import")),
        )
    except ImportFileError as error:
        await message.answer(import_refused(error, t))
        return
    if parsed.errors:
        await message.answer(import_rejected(parsed, t))
        return
    result = await summaries.store_file(parsed)
    await audit.record(message.from_user.id, "marks_import", ", ".join(sorted(parsed.classes)))
    await state.clear()
    await message.answer(import_done(parsed, result, t))


@teachers.message(StateFilter(ImportMarks.file))
async def import_not_a_file(message: Message, t: Translator) -> None:
    await message.answer(t("import-need-file"))


# --- the parent's side ---------------------------------------------------------------------


@router.callback_query(SummaryCb.filter(F.action == SummaryAction.ACK))
async def acknowledge(query: CallbackQuery, callback_data: SummaryCb, summaries: Summaries, t: Translator) -> None:
    if not await summaries.is_linked(query.from_user.id, callback_data.sid):
        await query.answer(t("summary-not-yours"), show_alert=True)
        return
    await summaries.viewed(query.from_user.id, callback_data.sid, "ack")
    await query.answer(t("summary-ack-thanks"))
    if query.message is not None and isinstance(query.message, Message) and query.message.reply_markup:
        rows = [[InlineKeyboardButton(text=t("summary-acked"), callback_data="noop")]]
        rows += [row for row in query.message.reply_markup.inline_keyboard
                 if not any(SummaryCb.__prefix__ in (b.callback_data or "") and ":a:" in (b.callback_data or "") for b in row)]
        await query.message.edit_reply_markup(reply_markup=InlineKeyboardMarkup(inline_keyboard=rows))


@router.callback_query(When(F.data == "noop"))
async def noop(query: CallbackQuery) -> None:
    await query.answer()


@router.callback_query(SummaryCb.filter(F.action == SummaryAction.CHART))
async def chart(query: CallbackQuery, callback_data: SummaryCb, summaries: Summaries, t: Translator, bot: Bot,
                families: Families, audit: AuditTrail) -> None:
    if not await summaries.is_linked(query.from_user.id, callback_data.sid):
        await query.answer(t("summary-not-yours"), show_alert=True)
        return
    from datetime import datetime

    week = datetime.strptime(callback_data.week, "%Y%m%d").date()
    summary = (await summaries.week_summaries([callback_data.sid], week))[callback_data.sid]
    from bot.views.printout import summary_chart_png

    png = summary_chart_png(summary, t)
    await summaries.viewed(query.from_user.id, callback_data.sid, "open")
    child = next((c for c in await families.children(query.from_user.id) if c.id == callback_data.sid), None)
    await audit.record(query.from_user.id, "marks_view", f"{child.class_name}, {child.full_name}" if child else "")
    if png is None:
        await query.answer(t("summary-chart-none"), show_alert=True)
        return
    await query.answer()
    await bot.send_photo(query.from_user.id, BufferedInputFile(png, "chart.png"))


@router.message(Command("marks"))
async def cmd_marks(message: Message, summaries: Summaries, families: Families, clock: Clock, t: Translator,
                    audit: AuditTrail) -> None:
    """The current week so far for each linked child (counts as opening the marks, R5.5)."""
    assert message.from_user is not None
    children = await families.children(message.from_user.id)
    if not children:
        await message.answer(t("marks-no-children"))
        return
    await summaries.reachable_again(message.from_user.id)
    week = week_of(clock.now().astimezone(summaries.school.tz).date())[0]
    weeks = await summaries.week_summaries([c.id for c in children], week)
    for child in children:
        r = Recipient(message.from_user.id, child.id, child.full_name, child.class_name, t.language)
        await summaries.viewed(message.from_user.id, child.id, "open")
        await audit.record(message.from_user.id, "marks_view", f"{child.class_name}, {child.full_name}")
        summary = weeks[child.id]
        text = summary_text(r, summary, t, summaries.rules, summaries.school.period_on(summary.week_start))
        await message.answer(text, reply_markup=rows_markup(summary_rows(WEEKLY, week, child.id, t)))


# --- paper -------------------------------------------------------------------------------------


@teachers.message(Command("printout"))
async def cmd_printout(
    message: Message, staff: Staff, school: SchoolConfig, t: Translator, summaries: Summaries, clock: Clock,
    audit: AuditTrail,
) -> None:
    """One PDF for the class, a page per student whose family is on paper or cannot be
    reached in Telegram (R5.1); `/printout 5А all`: every student of the class."""
    assert message.from_user is not None and message.text is not None
    words = message.text.split()[1:]
    scope = ClassScope.of(school, message.from_user.id, is_admin=staff.is_admin)
    from bot.domain.validation import normalize_class

    own = scope.own
    klass = normalize_class(words[0]) if words else (own[0] if len(own) == 1 else None)
    if klass is None or not scope.covers(klass):
        await message.answer(t("paper-which-class"))
        return
    everyone = "all" in (w.lower() for w in words) or "все" in (w.lower() for w in words)
    students = await summaries.printout_students(klass, everyone)
    if not students:
        await message.answer(t("paper-nobody", klass=klass))
        return
    week = week_of(clock.now().astimezone(school.tz).date())[0]
    weeks = await summaries.week_summaries([s[0] for s in students], week)
    from bot.views.printout import class_printout_pdf

    pdf = class_printout_pdf(
        school_name=school.school.name, class_name=klass, week_start=week, week_end=week + (weeks[students[0][0]].week_end - week),
        students=[(name, weeks[sid]) for sid, name in students], rules=summaries.rules, t=t,
        term=school.period_on(week).term.value,
    )
    await message.answer_document(
        BufferedInputFile(pdf, f"marks-{klass}-{week:%Y-%m-%d}.pdf"),
        caption=t("paper-caption", klass=klass, count=len(students)),
    )
    await audit.record(message.from_user.id, "marks_printout", klass)
