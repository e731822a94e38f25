"""The administration: the register of requests (R1.4) with filters and export, substitutions (R2.4)."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, time, timedelta

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.clock import Clock
from bot.domain.school import Specialist
from bot.domain.timetable import SUBSTITUTION_MAX_DAYS, Substitution, substitution_problem
from bot.filters import IsAdministrator, When, guard
from bot.i18n import Translator
from bot.services.audit import AuditTrail
from bot.services.helpdesk import HelpDesk
from bot.services.request_lookup import RequestLookup
from bot.views.callbacks import ExportFormat, RegisterCb, StaleButton, SubstituteCb
from bot.views.documents import register_rows, to_csv, to_xlsx
from bot.views.render import assignee_name, local, status_title
from bot.views.requests import substitution_args

log = logging.getLogger(__name__)
router = guard(Router(name="admin"), IsAdministrator(), log=log)

DATE = r"(\d{1,2})\.(\d{1,2})\.(\d{4})"
PERIOD = re.compile(rf"^{DATE}\s*[-–—]\s*{DATE}$")
# Dates people may name: beyond these, date arithmetic overflows (31.12.9999 + 1 day) and
# nothing of the help desk's exists there anyway.
EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)


class SubstituteForm(StatesGroup):
    days = State()


def parse_period(text: str) -> tuple[date, date] | None:
    match = PERIOD.match(text.strip())
    if not match:
        return None
    d1, m1, y1, d2, m2, y2 = (int(x) for x in match.groups())
    try:
        start, end = date(y1, m1, d1), date(y2, m2, d2)
    except ValueError:
        return None
    return (start, end) if start <= end else None


def period_in_range(period: tuple[date, date]) -> bool:
    return EARLIEST <= period[0] and period[1] <= LATEST


def parse_register_args(args: str, today: date) -> tuple[dict[str, str | None], tuple[date, date]] | str:
    """`/register 01.11.2026-30.11.2026 area=technical kind=question status=resolved spec=a`."""
    filters: dict[str, str | None] = {"area": None, "kind": None, "status": None, "specialist": None}
    period = (today.replace(day=1), today)
    for token in args.split():
        if "=" in token:
            key, value = token.split("=", 1)
            key = {"spec": "specialist"}.get(key, key)
            if key not in filters:
                return "register-error-filter"
            filters[key] = value
        else:
            parsed = parse_period(token)
            if parsed is None:
                return "register-error-period"
            if not period_in_range(parsed):
                return "register-error-period-range"
            period = parsed
    return filters, period


@router.message(Command("register"))
async def cmd_register(
    message: Message, command: CommandObject, state: FSMContext, t: Translator, helpdesk: HelpDesk, clock: Clock,
    lookup: RequestLookup,
) -> None:
    tz = helpdesk.school.tz
    today = clock.now().astimezone(tz).date()
    parsed = parse_register_args(command.args or "", today)
    if isinstance(parsed, str):
        await message.answer(t(parsed) + "\n\n" + t("register-usage"))
        return
    filters, (start, end) = parsed
    await state.update_data(register={"filters": filters, "start": start.isoformat(), "end": end.isoformat()})
    entries = await lookup.register(
        since=datetime.combine(start, time.min, tz), until=datetime.combine(end + timedelta(days=1), time.min, tz),
        **filters,
    )
    lines = [t("register-title", start=start.strftime("%d.%m.%Y"), end=end.strftime("%d.%m.%Y"), count=len(entries))]
    for r in entries[:15]:
        args = {"number": r.number, "at": local(r.created_at, tz), "name": r.requester_name,
                "kind": t(f"kind-{r.kind.value}"), "status": status_title(t, r.status, for_staff=True)}
        holder = r.taken_by or r.assignee_id
        lines.append(t("register-line", who=assignee_name(helpdesk.directory, t, holder), **args) if holder
                     else t("register-line-nobody", **args))
    lines.append("")
    lines.append(t("register-usage"))
    builder = InlineKeyboardBuilder()
    builder.button(text="XLSX", callback_data=RegisterCb(fmt="xlsx"))
    builder.button(text="CSV", callback_data=RegisterCb(fmt="csv"))
    await message.answer("\n".join(lines), reply_markup=builder.as_markup())


@router.callback_query(RegisterCb.filter())
async def register_export(
    query: CallbackQuery, callback_data: RegisterCb, state: FSMContext, t: Translator, helpdesk: HelpDesk,
    audit: AuditTrail, lookup: RequestLookup,
) -> None:
    saved = (await state.get_data()).get("register")
    if not saved or not isinstance(query.message, Message):
        await query.answer(t("button-outdated"), show_alert=True)
        return
    tz = helpdesk.school.tz
    start, end = date.fromisoformat(saved["start"]), date.fromisoformat(saved["end"])
    entries = await lookup.register(
        since=datetime.combine(start, time.min, tz), until=datetime.combine(end + timedelta(days=1), time.min, tz),
        **saved["filters"],
    )
    await query.answer()
    rows = register_rows(entries, t, helpdesk.directory, tz)
    stem = f"register_{start:%Y%m%d}_{end:%Y%m%d}"
    title = t("register-file-title", school=helpdesk.school.school.name, start=start.strftime("%d.%m.%Y"),
              end=end.strftime("%d.%m.%Y"))
    if callback_data.fmt is ExportFormat.CSV:
        document = BufferedInputFile(to_csv(rows, t), filename=f"{stem}.csv")
    else:
        document = BufferedInputFile(to_xlsx(rows, t, title), filename=f"{stem}.xlsx")
    await query.message.answer_document(document, caption=t("register-file-caption", count=len(rows)))
    await audit.record(query.from_user.id, "register_export", f"{start:%d.%m.%Y}–{end:%d.%m.%Y}, {callback_data.fmt.value}")


@router.message(Command("substitute"))
async def cmd_substitute(message: Message, state: FSMContext, t: Translator, helpdesk: HelpDesk) -> None:
    await state.clear()
    builder = InlineKeyboardBuilder()
    for spec in helpdesk.school.specialists:
        builder.button(text=spec.name, callback_data=SubstituteCb(step="absent", value=spec.id))
    builder.adjust(2)
    await message.answer(t("sub-ask-absent"), reply_markup=builder.as_markup())
    running = await _running_markup(t, helpdesk)
    if running is not None:
        await message.answer(t("sub-running"), reply_markup=running)


async def _running_markup(t: Translator, helpdesk: HelpDesk) -> InlineKeyboardMarkup | None:
    """A button per substitution running today or later, to cancel it; None when there are none."""
    ahead = await helpdesk.substitutions_ahead()
    if not ahead:
        return None
    builder = InlineKeyboardBuilder()
    for sub_id, sub in ahead:
        builder.button(text=t("sub-button-cancel", **substitution_args(sub, helpdesk.directory)),
                       callback_data=SubstituteCb(step="cancel", value=str(sub_id)))
    builder.adjust(1)
    return builder.as_markup()


@router.callback_query(SubstituteCb.filter(F.step == "cancel"))
async def sub_cancel(query: CallbackQuery, callback_data: SubstituteCb, t: Translator, helpdesk: HelpDesk) -> None:
    if not isinstance(query.message, Message):
        await query.answer(t("admin-only"), show_alert=True)
        return
    if not callback_data.value.isdigit() or not 0 < int(callback_data.value) < 2**63:
        raise StaleButton(callback_data.value)
    sub = await helpdesk.cancel_substitution(int(callback_data.value), cancelled_by=query.from_user.id)
    if sub is None:
        await query.answer(t("sub-cancel-gone"), show_alert=True)
        return
    await query.answer()
    await query.message.edit_reply_markup(reply_markup=await _running_markup(t, helpdesk))
    await query.message.answer(t("sub-cancelled", **substitution_args(sub, helpdesk.directory)))


@router.callback_query(SubstituteCb.filter(F.step == "absent"))
async def sub_absent(query: CallbackQuery, callback_data: SubstituteCb, state: FSMContext, t: Translator, helpdesk: HelpDesk) -> None:
    if not isinstance(query.message, Message):
        await query.answer(t("admin-only"), show_alert=True)
        return
    absent = _specialist(helpdesk, callback_data.value)
    await state.update_data(sub_absent=absent.id)
    builder = InlineKeyboardBuilder()
    for spec in helpdesk.school.specialists:
        if spec.id != absent.id:
            builder.button(text=spec.name, callback_data=SubstituteCb(step="substitute", value=spec.id))
    builder.adjust(2)
    await query.answer()
    await query.message.edit_text(t("sub-ask-substitute", absent=absent.name), reply_markup=builder.as_markup())


@router.callback_query(SubstituteCb.filter(F.step == "substitute"))
async def sub_substitute(query: CallbackQuery, callback_data: SubstituteCb, state: FSMContext, t: Translator, helpdesk: HelpDesk) -> None:
    if not isinstance(query.message, Message):
        await query.answer(t("admin-only"), show_alert=True)
        return
    substitute = _specialist(helpdesk, callback_data.value)
    await state.update_data(sub_substitute=substitute.id)
    await state.set_state(SubstituteForm.days)
    builder = InlineKeyboardBuilder()
    for days in (1, 2, 7, 14):
        builder.button(text=t("sub-days", days=days), callback_data=SubstituteCb(step="days", value=str(days)))
    builder.adjust(4)
    await query.answer()
    await query.message.edit_text(t("sub-ask-period", substitute=substitute.name), reply_markup=builder.as_markup())


def _specialist(helpdesk: HelpDesk, spec_id: str) -> Specialist:
    spec = next((s for s in helpdesk.school.specialists if s.id == spec_id), None)
    if spec is None:  # a forged button, or a specialist gone from the school file
        raise StaleButton(spec_id)
    return spec


async def _save_substitution(message: Message, state: FSMContext, start: date, end: date, by: int, t: Translator,
                             helpdesk: HelpDesk, today: date) -> None:
    data = await state.get_data()
    if "sub_absent" not in data or "sub_substitute" not in data:
        await state.clear()
        await message.answer(t("button-outdated"))
        return
    problem = substitution_problem(start, end, today)
    if problem is not None:  # the same step again: the administrator corrects the period
        await message.answer(t(problem, today=today.strftime("%d.%m.%Y"), days=SUBSTITUTION_MAX_DAYS))
        return
    await state.clear()
    sub = Substitution(absent_id=data["sub_absent"], substitute_id=data["sub_substitute"], start=start, end=end)
    await helpdesk.add_substitution(sub, created_by=by)
    await message.answer(t("sub-saved", **substitution_args(sub, helpdesk.directory)))


@router.callback_query(SubstituteCb.filter(F.step == "days"), StateFilter(SubstituteForm.days))
async def sub_days(query: CallbackQuery, callback_data: SubstituteCb, state: FSMContext, t: Translator, helpdesk: HelpDesk, clock: Clock) -> None:
    if not isinstance(query.message, Message):
        await query.answer(t("admin-only"), show_alert=True)
        return
    if not callback_data.value.isdigit() or not 1 <= int(callback_data.value) <= 31:
        raise StaleButton(callback_data.value)
    await query.answer()
    start = clock.now().astimezone(helpdesk.school.tz).date()
    end = start + timedelta(days=int(callback_data.value) - 1)
    await query.message.edit_reply_markup(reply_markup=None)
    await _save_substitution(query.message, state, start, end, query.from_user.id, t, helpdesk, start)


@router.message(StateFilter(SubstituteForm.days), When(F.text))
async def sub_period_text(message: Message, state: FSMContext, t: Translator, helpdesk: HelpDesk,
                          clock: Clock) -> None:
    period = parse_period(message.text or "")
    if period is None or not period_in_range(period):
        await message.answer(t("sub-error-period"))
        return
    today = clock.now().astimezone(helpdesk.school.tz).date()
    await _save_substitution(message, state, period[0], period[1], message.chat.id, t, helpdesk, today)
