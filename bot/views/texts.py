"""Texts several conversations show: what a person can do (/help, after /start, after joining
as staff) and where to come in person."""

from __future__ import annotations

from bot.domain.school import SchoolConfig
from bot.i18n import Translator
from bot.services.people import Staff
from storage.users import User


def help_text(t: Translator, user: User | None, staff: Staff) -> str:
    parts = [t("help-everyone")]
    if user is not None and user.role is not None:
        parts.append(t("help-requester"))
    if staff.specialist is not None:
        parts.append(t("help-specialist"))
    if staff.is_class_teacher or staff.is_admin:
        parts.append(t("help-class-teacher"))
    if staff.is_admin:
        parts.append(t("help-admin"))
    if user is None:
        parts.append(t("help-no-consent"))
    return "\n\n".join(parts)


def in_person_text(t: Translator, school: SchoolConfig) -> str:
    """Where and when people can come in person (R1.5): rooms and hours from the timetable."""
    lines = [t("in-person-title")]
    for spec in school.specialists:
        for slot in spec.slots:
            room = slot.room or spec.room
            lines.append(
                t(
                    "in-person-line" if room else "in-person-line-no-room",
                    day=t(f"weekday-{slot.day.value}"),
                    start=slot.start.strftime("%H:%M"),
                    end=slot.end.strftime("%H:%M"),
                    room=room,
                    name=spec.name,
                )
            )
    if school.school.email:
        lines.append(t("in-person-email", email=school.school.email))
    return "\n".join(lines)
