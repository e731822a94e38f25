"""/schedule (the published consultation timetable, R6.6) and /duty (who is on duty now, who is next)."""

from __future__ import annotations

from datetime import timedelta

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from bot.clock import Clock
from bot.i18n import Translator
from bot.services.helpdesk import HelpDesk
from bot.views.render import position_part

router = Router(name="timetable")


@router.message(Command("schedule"))
async def cmd_schedule(message: Message, t: Translator, helpdesk: HelpDesk) -> None:
    school = helpdesk.school
    lines = [t("schedule-title", school=school.school.name)]
    for spec in school.specialists:
        areas = ", ".join(
            school.area(a).title(t.language) for a in spec.areas
        )
        lines.append("")
        lines.append(t("schedule-specialist", name=spec.name, position=position_part(spec.position), areas=areas))
        for slot in spec.slots:
            lines.append(
                t("schedule-slot", day=t(f"weekday-{slot.day.value}"), start=slot.start.strftime("%H:%M"),
                  end=slot.end.strftime("%H:%M"), room=slot.room or spec.room)
            )
    if school.school.email:
        lines.append("")
        lines.append(t("in-person-email", email=school.school.email))
    await message.answer("\n".join(lines))


@router.message(Command("duty"))
async def cmd_duty(message: Message, t: Translator, helpdesk: HelpDesk, clock: Clock) -> None:
    now = clock.now()
    tz = helpdesk.school.tz
    timetable = helpdesk.timetable
    lines: list[str] = []
    on_duty = timetable.on_duty(now)
    if on_duty:
        lines.append(t("duty-now-title"))
        for slot in on_duty:
            spec = helpdesk.directory.member(slot.specialist_id)
            lines.append(t("duty-line", name=spec.name, position=position_part(spec.position), room=slot.room,
                           start=slot.start.astimezone(tz).strftime("%H:%M"), end=slot.end.astimezone(tz).strftime("%H:%M")))
    else:
        lines.append(t("duty-nobody-now"))
    upcoming = [s for s in timetable.occurrences(now, now + timedelta(days=14)) if s.start > now][:3]
    if upcoming:
        lines.append("")
        lines.append(t("duty-next-title"))
        for slot in upcoming:
            spec = helpdesk.directory.member(slot.specialist_id)
            local_start = slot.start.astimezone(tz)
            lines.append(t("duty-next-line", name=spec.name, day=t(f"weekday-{local_start.strftime('%a').lower()}"),
                           date=local_start.strftime("%d.%m"), start=local_start.strftime("%H:%M"),
                           end=slot.end.astimezone(tz).strftime("%H:%M"), room=slot.room))
    await message.answer("\n".join(lines))
