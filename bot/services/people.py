"""Who gets a message, at which chat, in which language: specialists, administrators, the head."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.school import SchoolConfig, Specialist
from bot.i18n import I18n, Translator
from storage.db import Database
from storage.users import UserRepository

ADMINS = "admins"
ADMIN_PREFIX = "admin-"


@dataclass(frozen=True, slots=True)
class StaffMember:
    """A specialist from the timetable, or an administrator acting on a request."""

    id: str
    name: str
    position: str
    telegram_id: int
    room: str | None


class Directory:
    def __init__(self, school: SchoolConfig, i18n: I18n, db: Database, users: UserRepository | None = None) -> None:
        self.school = school
        self.i18n = i18n
        self.users = users or UserRepository(db)

    def specialist(self, spec_id: str) -> Specialist:
        return self.school.specialist(spec_id)

    def member(self, staff_id: str) -> StaffMember:
        if staff_id.startswith(ADMIN_PREFIX):
            telegram_id = int(staff_id.removeprefix(ADMIN_PREFIX))
            person = next(
                (p for p in (self.school.school.head, *self.school.school.administrators) if p.telegram_id == telegram_id),
                None,
            )
            return StaffMember(
                staff_id, person.name if person else str(telegram_id), (person.position or "") if person else "",
                telegram_id, None,
            )
        spec = self.school.specialist(staff_id)
        return StaffMember(spec.id, spec.name, spec.position, spec.telegram_id, spec.room)

    def staff_id_for(self, telegram_id: int) -> str | None:
        spec = self.school.specialist_by_telegram_id(telegram_id)
        if spec is not None:
            return spec.id
        if self.school.is_admin(telegram_id):
            return f"{ADMIN_PREFIX}{telegram_id}"
        return None

    def chats_of(self, assignee_id: str) -> list[int]:
        if assignee_id == ADMINS:
            return [p.telegram_id for p in self.school.school.administrators]
        return [self.member(assignee_id).telegram_id]

    def supervisor_chat(self, spec_id: str) -> int:
        spec = self.school.specialist(spec_id) if not spec_id.startswith(ADMIN_PREFIX) else None
        if spec is None or spec.supervisor == "head":
            return self.school.school.head.telegram_id
        return self.school.specialist(spec.supervisor).telegram_id

    async def translator_for(self, telegram_id: int) -> Translator:
        user = await self.users.get(telegram_id)
        return self.i18n.get(user.language if user else self.school.school.default_language)

    def area_title(self, area_id: str, t: Translator) -> str:
        area = self.school.area(area_id)
        return area.title_en if t.language == "en" else area.title_ru
