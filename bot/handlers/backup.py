"""The school's records for the administrators: `/backup` (a checked copy of the database
now) and `/audit` (who did what with personal data, and when). Anyone else is refused
politely, and the refusal is logged."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from bot.filters import IsAdministrator, guard
from bot.i18n import Translator
from bot.services.audit import AuditTrail
from bot.services.backup import Backups
from bot.views.admin import audit_text, result_text

log = logging.getLogger(__name__)
router = guard(Router(name="records"), IsAdministrator(), log=log)

AUDIT_LINES = 30


@router.message(Command("backup"))
async def cmd_backup(message: Message, t: Translator, backups: Backups | None = None) -> None:
    if backups is None or not backups.configured:
        await message.answer(t("records-backup-failed-no-folders"))
        return
    await message.answer(t("records-backup-working"))
    result = await backups.make("manual", actor_id=message.from_user.id if message.from_user else None)
    assert result is not None  # only weekly runs are claimed once
    await message.answer(result_text(t, result))


@router.message(Command("audit"))
async def cmd_audit(message: Message, t: Translator, audit: AuditTrail, helpdesk) -> None:  # type: ignore[no-untyped-def]
    entries = await audit.recent(AUDIT_LINES)
    if not entries:
        await message.answer(t("records-audit-empty"))
        return
    await message.answer(audit_text(entries, t, helpdesk.directory, helpdesk.school.tz))
