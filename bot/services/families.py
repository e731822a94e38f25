"""Parents and their children: invitations that link them (/invite, /start CODE, /link), the
children of a person (/children, /marks), and the register of families who declined the web
diary (/optout, /optouts). The handlers call this; the rows are storage's (storage/links.py)."""

from __future__ import annotations

from datetime import date

from bot.clock import Clock
from storage.links import LinkRepository, LinkResult, OptOut, OptOutRepository, Student


class Families:
    def __init__(self, links: LinkRepository, optouts: OptOutRepository, clock: Clock) -> None:
        self.links = links  # the app's own: /reload updates its limit of failed codes
        self._optouts = optouts
        self._clock = clock

    async def redeem(self, code: str, telegram_id: int) -> LinkResult:
        """A code from an invitation links this person to the child it was made for (once)."""
        return await self.links.redeem(code, telegram_id, self._clock.now())

    async def children(self, telegram_id: int) -> list[Student]:
        return await self.links.children(telegram_id)

    async def invite(self, full_name: str, class_name: str, relation: str, issued_by: int, days: int) -> str:
        """A single-use code for the student (added to the class when new), valid `days` days."""
        now = self._clock.now()
        student = await self.links.student(full_name, class_name, now)
        return await self.links.issue(student, relation, issued_by, now, days)

    async def record_optout(self, full_name: str, class_name: str, parent_name: str, application_date: date,
                            channel: str, recorded_by: int) -> tuple[Student, bool]:
        """The family's application: (the student, whether it is new; False: recorded already)."""
        now = self._clock.now()
        student = await self.links.student(full_name, class_name, now)
        created = await self._optouts.record(student, parent_name, application_date, channel, recorded_by, now)
        return student, created

    async def optouts_of(self, classes: list[str] | None) -> list[OptOut]:
        """Active applications of these classes (None: the whole school)."""
        return await self._optouts.of_classes(classes)
