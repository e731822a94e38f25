"""The school's people: joining by a staff link (`/start staff-…`), /id, /staff, /reload."""

from __future__ import annotations

import logging
from datetime import timedelta

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import Message

from bot.clock import Clock
from bot.domain.school import SchoolConfigError
from bot.filters import IsAdministrator, guard
from bot.i18n import Translator
from bot.services.staffing import Reachability, Staffing
from bot.views.admin import roster_text
from bot.views.texts import help_text
from storage.staff import STAFF_CODE, JoinOutcome
from storage.users import User

log = logging.getLogger(__name__)

router = Router(name="staff")
# /staff and /reload: the administrators only (anyone else is refused politely, and it is logged).
admins = guard(Router(name="staff-admins"), IsAdministrator(), log=log)
router.include_router(admins)

@router.message(CommandStart(deep_link=True, magic=F.args.regexp(STAFF_CODE)))
async def start_with_staff_code(
    message: Message, command: CommandObject, staffing: Staffing, clock: Clock, t: Translator, user: User | None,
) -> None:
    """`/start staff-…`: this account becomes that person of the school file. Parents' codes
    have another shape and go to the parents router."""
    if message.from_user is None:
        return
    directory = staffing.directory
    result = await directory.join(command.args or "", message.from_user.id, clock.now())
    person = directory.school.person(result.person_id) if result.person_id else None
    name = person.name if person else ""
    if result.outcome is JoinOutcome.JOINED and person is not None:
        position = f", {person.position}" if person.position else ""
        staff = directory.staff_for(message.from_user.id)
        await message.answer(t("staff-joined", name=name, position=position) + "\n\n" + help_text(t, user, staff))
        return
    if result.outcome is JoinOutcome.ALREADY:
        await message.answer(t("staff-join-already", name=name))
        return
    log.info("staff link refused for chat %s: %s", message.from_user.id, result.outcome.value)
    await message.answer(t(f"staff-join-{result.outcome.value}", name=name))


@router.message(Command("id"))
async def cmd_id(message: Message, t: Translator) -> None:
    """Anyone, before consent too: their own Telegram id, read from the update; nothing is kept."""
    if message.from_user is not None:
        await message.answer(t("id-yours", id=str(message.from_user.id)))  # a number would be grouped: 5 103


@admins.message(Command("staff"))
async def cmd_staff(
    message: Message, command: CommandObject, staffing: Staffing, bot: Bot, clock: Clock, t: Translator,
) -> None:
    if message.from_user is None:
        await message.answer(t("admin-only"))
        return
    args = (command.args or "").split()
    if args:
        if len(args) == 2 and args[0] == "reset":
            await reset(message, args[1], staffing, t)
        else:
            await message.answer(t("staff-usage"))
        return
    me = await bot.me()
    roster = await staffing.roster()
    school = staffing.school
    until = clock.now() + timedelta(days=school.staff.invitation_days)
    codes: dict[str, str] = {}
    for line in roster:
        if line.state is Reachability.NOT_JOINED:
            codes[line.person.id] = await staffing.invite(line.person.id, message.from_user.id)
    # a long roster is sent in parts (bot/sending.py)
    await message.answer(roster_text(t, roster, school.tz, bot_name=str(me.username), codes=codes, until=until))


async def reset(message: Message, person_id: str, staffing: Staffing, t: Translator) -> None:
    person = staffing.school.person(person_id)
    if person is None:
        await message.answer(t("staff-reset-unknown", id=person_id))
        return
    if await staffing.directory.leave(person_id):
        log.info("staff %s unbound by chat %s", person_id, message.chat.id)
        await message.answer(t("staff-reset-done", name=person.name))
    else:
        await message.answer(t("staff-reset-none", name=person.name))


@admins.message(Command("reload"))
async def cmd_reload(message: Message, staffing: Staffing, t: Translator) -> None:
    try:
        school = await staffing.reload()
    except SchoolConfigError as error:
        log.warning("school file refused on /reload by chat %s", message.chat.id)
        # Every error is named; a long list is sent in parts (bot/sending.py).
        await message.answer(t("reload-refused", errors=str(error)))
        return
    await message.answer(t("reload-done", people=len(school.people), areas=len(school.areas)))
