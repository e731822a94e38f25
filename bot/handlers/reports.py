"""`/report [period]` (activity reports, R6.1) and `/archive [year]` (the register's yearly
archive for printing and signing, R6.3), for the administrators only."""

from __future__ import annotations

import logging
from datetime import date

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.clock import Clock
from bot.domain.reports import ReportPeriod, parse_archive_year, parse_period
from bot.filters import IsAdministrator, guard
from bot.i18n import Translator
from bot.messenger import TelegramMessenger
from bot.services.audit import AuditTrail
from bot.services.helpdesk import HelpDesk
from bot.services.reports import Reports
from bot.views.present import Views
from bot.views.reports import ReportFiles

log = logging.getLogger(__name__)
router = guard(Router(name="reports"), IsAdministrator(), refusal="report-admins-only", log=log)


async def _send(message: Message, reports: Reports, period: ReportPeriod, t: Translator) -> None:
    log.info("/report %s %s by chat %s", period.kind.value, period.key, message.chat.id)
    try:
        made = await reports.make(period, t.language, message.chat.id)
        await reports.record(made)
    except Exception:
        log.exception("report %s %s for chat %s failed", period.kind.value, period.key, message.chat.id)
        await message.answer(t("report-failed"))
        return
    await message.answer(made.text)
    await reports.send_files(message.chat.id, made)


def _reports(reports: Reports | None, helpdesk: HelpDesk, bot: Bot) -> Reports:
    """The wiring's (bot/app.py); a dispatcher built without it (tests, benches) makes one."""
    if reports is not None:
        return reports
    return Reports(helpdesk, ReportFiles(Views(helpdesk.directory)), TelegramMessenger(bot))


async def _asked_period(message: Message, period: ReportPeriod | None, today: date, t: Translator,
                        usage: str) -> ReportPeriod | None:
    """The period asked for, or None after telling the person what was wrong with it."""
    if period is None:
        await message.answer(t("report-bad-period") + "\n\n" + t(usage))
        return None
    if period.start > today:
        await message.answer(t("report-future") + "\n\n" + t(usage))
        return None
    return period


@router.message(Command("report"))
async def cmd_report(message: Message, command: CommandObject, bot: Bot, t: Translator, helpdesk: HelpDesk,
                     clock: Clock, reports: Reports | None = None) -> None:
    today = clock.now().astimezone(helpdesk.school.tz).date()
    period = await _asked_period(message, parse_period(command.args or "", today), today, t, "report-usage")
    if period is not None:
        await _send(message, _reports(reports, helpdesk, bot), period, t)


@router.message(Command("archive"))
async def cmd_archive(message: Message, command: CommandObject, bot: Bot, t: Translator, helpdesk: HelpDesk,
                      clock: Clock, audit: AuditTrail, reports: Reports | None = None) -> None:
    today = clock.now().astimezone(helpdesk.school.tz).date()
    period = await _asked_period(message, parse_archive_year(command.args or "", today), today, t, "archive-usage")
    if period is not None:
        await _send(message, _reports(reports, helpdesk, bot), period, t)
        await audit.record(message.chat.id, "register_archive", period.key)
