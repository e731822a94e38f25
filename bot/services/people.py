"""Who gets a message, at which chat, in which language: specialists, administrators, the head."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.domain.school import SchoolConfig, Specialist, StaffPerson, StaffRole
from bot.domain.staff_refs import ADMINS, StaffKind, StaffRef, is_one_admin
from bot.i18n import I18n
from storage.db import Database
from storage.reach import Reach
from storage.staff import JoinOutcome, JoinResult
from storage.uow import repositories_of
from storage.users import UserRepository

log = logging.getLogger(__name__)

SEEN_EVERY = 300.0  # seconds: how often at most a staff chat's "last seen" is written



@dataclass(frozen=True, slots=True)
class StaffMember:
    """A specialist from the timetable, or an administrator acting on a request."""

    id: str
    name: str
    position: str
    telegram_id: int | None  # None: not joined yet (no Telegram id in the file, no link followed)
    room: str | None


@dataclass(frozen=True, slots=True)
class Staff:
    """What the school file says about a Telegram account (with the accounts joined by a link)."""

    is_admin: bool
    is_head: bool
    specialist: Specialist | None
    is_class_teacher: bool = False


NOBODY = Staff(is_admin=False, is_head=False, specialist=None)


class Directory:
    def __init__(self, school: SchoolConfig, i18n: I18n, db: Database, users: UserRepository | None = None) -> None:
        # Staff accounts joined by a link (/staff), in memory: every update's `staff` and every
        # recipient is looked up here. Loaded by load_accounts(), changed by join()/leave().
        self.accounts = repositories_of(db).staff
        self._joined: dict[str, int] = {}
        self.school = school  # the one holder of the running school file (see `school` below)
        self.i18n = i18n
        self.users = users or repositories_of(db).users  # the one cache of the database (storage/uow.py)
        # Reachability (append-only additions below): a cache of chat_reach, loaded by load_reach().
        self._reach_repo = repositories_of(db).reach
        self._reach: dict[int, Reach] = {}
        self._seen_at: dict[int, float] = {}  # monotonic time of the last "seen" write per chat
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)  # the help desk puts its clock here
        self.on_back: list[Callable[[int], Awaitable[None]]] = []  # called when an unreachable chat is seen

    def specialist(self, spec_id: str) -> Specialist:
        return self.school.specialist(spec_id)

    # --- the school file and the staff accounts joined by a link ------------------------------

    @property
    def school(self) -> SchoolConfig:
        return self._school

    @school.setter
    def school(self, school: SchoolConfig) -> None:
        """A new school file (start, /reload): every lookup below follows it at once."""
        self._school = school
        self._rebuild()

    def reload(self, school: SchoolConfig) -> None:
        """/reload: the new file, and its language for those who chose none."""
        self.school = school
        self.i18n.default = school.school.default_language

    def _rebuild(self) -> None:
        school = self._school
        chats: dict[str, int] = {}
        by_chat: dict[int, StaffPerson] = {}
        for person in school.people:  # ids written in the file first: they win
            if person.telegram_id is not None:
                chats[person.id] = person.telegram_id
                by_chat[person.telegram_id] = person
        for person_id, chat in self._joined.items():
            joined = school.person(person_id)
            if joined is None or joined.id in chats:
                continue  # left the file, or the file now gives this person's id itself
            if chat in by_chat:
                log.warning("staff account %s of %s ignored: the school file gives it to %s",
                            chat, person_id, by_chat[chat].id)
                continue
            chats[joined.id] = chat
            by_chat[chat] = joined
        self._chat_of = chats
        self._person_by_chat = by_chat
        self._head_chat = chats.get(school.people[0].id)
        self._admin_chats = [chats[p.id] for p in school.people if p.role is StaffRole.ADMIN and p.id in chats]
        self._admin_set = frozenset([*self._admin_chats, *([self._head_chat] if self._head_chat else [])])
        self._staff: dict[int, Staff] = {}
        for chat, person in by_chat.items():
            self._staff[chat] = Staff(
                is_admin=chat in self._admin_set, is_head=chat == self._head_chat,
                specialist=school.specialist(person.id) if person.role is StaffRole.SPECIALIST else None,
                is_class_teacher=bool(school.classes_of_teacher(chat)),
            )
        for teacher in school.class_teachers:
            self._staff.setdefault(teacher.telegram_id, Staff(False, False, None, True))

    async def load_accounts(self) -> None:
        """The accounts joined by a link, from the database; once at start."""
        self._joined = await self.accounts.accounts()
        self._rebuild()

    async def join(self, code: str, telegram_id: int, now: datetime) -> JoinResult:
        """Follow a staff link: this account becomes that person of the school file."""

        def check(person_id: str) -> JoinOutcome | None:
            person = self.school.person(person_id)
            if person is None:
                return JoinOutcome.UNKNOWN
            holder = self._person_by_chat.get(telegram_id)
            if holder is not None and holder.id != person_id:
                return JoinOutcome.OTHER
            if person.telegram_id is not None:
                return JoinOutcome.ALREADY if person.telegram_id == telegram_id else JoinOutcome.TAKEN
            return None

        result = await self.accounts.join(code, telegram_id, now, check)
        if result.outcome is JoinOutcome.JOINED and result.person_id:
            self._joined[result.person_id] = telegram_id
            self._rebuild()
            log.info("staff %s joined as chat %s", result.person_id, telegram_id)
            await self.mark_seen(telegram_id)  # they wrote to the bot just now: reachable, seen now
        return result

    async def leave(self, person_id: str) -> bool:
        """Unbinds the person's joined account (a new phone, a mistake); a new link joins again."""
        left = await self.accounts.leave(person_id)
        if self._joined.pop(person_id, None) is not None:
            self._rebuild()
        return left

    def chat_of(self, person_id: str) -> int | None:
        """The person's chat: the Telegram id in the file, or the account that joined by a link."""
        return self._chat_of.get(person_id)

    def person_for_chat(self, telegram_id: int) -> StaffPerson | None:
        return self._person_by_chat.get(telegram_id)

    def joined_by_link(self, person_id: str) -> bool:
        return person_id in self._joined and self._chat_of.get(person_id) == self._joined[person_id]

    def staff_for(self, telegram_id: int) -> Staff:
        """What the school file says about this account (every update asks: two dict lookups)."""
        return self._staff.get(telegram_id, NOBODY)

    def is_admin(self, telegram_id: int | None) -> bool:
        """An administrator or the head, by the file's id or a joined account."""
        return telegram_id in self._admin_set

    def head_chat(self) -> int | None:
        return self._head_chat

    def head_staff_id(self) -> str | None:
        """The head as a request's assignee (`admin-<chat>`); None while the head has not joined."""
        return str(StaffRef.admin(self._head_chat)) if self._head_chat is not None else None

    def member(self, staff_id: str) -> StaffMember:
        try:
            ref = StaffRef.parse(staff_id)
        except ValueError:  # e.g. "admin-None": someone not joined yet has no such id
            raise KeyError(f"unknown staff id {staff_id!r}") from None
        if ref.kind is StaffKind.ADMIN:
            assert ref.telegram_id is not None
            telegram_id = ref.telegram_id
            person = self._person_by_chat.get(telegram_id)
            if person is not None and person.role is StaffRole.SPECIALIST:
                person = None
            return StaffMember(
                staff_id, person.name if person else str(telegram_id), person.position if person else "",
                telegram_id, None,
            )
        spec = self.school.specialist(staff_id)
        return StaffMember(spec.id, spec.name, spec.position, self._chat_of.get(spec.id), spec.room)

    def staff_id_for(self, telegram_id: int) -> str | None:
        person = self._person_by_chat.get(telegram_id)
        if person is None:
            return None
        if person.role is StaffRole.SPECIALIST:
            return person.id
        return str(StaffRef.admin(telegram_id))

    def chats_of(self, assignee_id: str) -> list[int]:
        """The chats a message to this assignee goes to; a person with no chat yet (not joined)
        has none, and is no recipient."""
        if assignee_id == ADMINS:  # the group
            return list(self._admin_chats)
        chat = self.member(assignee_id).telegram_id
        return [chat] if chat is not None else []

    def supervisor_chat(self, spec_id: str) -> int | None:
        """The chat of whoever supervises this specialist (the head by default); None while
        that person has not joined."""
        spec = self.school.specialist(spec_id) if not is_one_admin(spec_id) else None
        if spec is None or spec.supervisor == "head":
            return self._head_chat
        return self._chat_of.get(spec.supervisor)

    async def language_of(self, telegram_id: int) -> str:
        """The language this chat reads: the person's choice, or the school's."""
        user = await self.users.get(telegram_id)
        return (user.language if user else None) or self.school.school.default_language

    def area_title(self, area_id: str, language: str) -> str:
        """The area's title; an id the school file does not (or no longer) know, as it is."""
        area = next((a for a in self.school.areas if a.id == area_id), None)
        if area is None:
            return area_id
        return area.title(language)

    # --- reachability of chats (chat_reach, migration 0009) ----------------------------------

    async def load_reach(self) -> None:
        """Fills the cache from the table; called once at start."""
        self._reach = await self._reach_repo.all()

    def is_reachable(self, chat_id: int) -> bool:
        """False only for a chat Telegram refused (never opened the bot, blocked it) and that
        has not written since. A chat never tried counts as reachable: it is tried."""
        reach = self._reach.get(chat_id)
        return reach is None or reach.unreachable_since is None

    def reach(self, chat_id: int) -> Reach:
        return self._reach.get(chat_id) or Reach(None, None, None)

    async def mark_unreachable(self, chat_id: int, error: str) -> None:
        now = self.clock()
        await self._reach_repo.unreachable(chat_id, now, error)
        old = self.reach(chat_id)
        self._reach[chat_id] = Reach(old.last_seen, old.unreachable_since or now, error[:300])
        self._seen_at.pop(chat_id, None)
        log.warning("chat %s cannot be reached: %s", chat_id, error[:120])

    def watched(self, chat_id: int) -> bool:
        """Chats whose last visit is kept: the school's staff, and anyone once refused."""
        return (chat_id in self._reach or self.staff_id_for(chat_id) is not None
                or bool(self.school.classes_of_teacher(chat_id)))

    def needs_seen(self, chat_id: int) -> bool:
        """Cheap, for every update: whether `mark_seen` would write anything."""
        if chat_id in self._reach and self._reach[chat_id].unreachable_since is not None:
            return True
        last = self._seen_at.get(chat_id)
        if last is not None and time.monotonic() - last < SEEN_EVERY:
            return False
        if self.watched(chat_id):
            return True
        if len(self._seen_at) > 50_000:
            self._seen_at.clear()
        self._seen_at[chat_id] = time.monotonic()  # not staff: looked at again in a few minutes
        return False

    async def mark_seen(self, chat_id: int) -> None:
        """An update came from this chat: it can be reached. When it could not be before, what
        failed to reach it is delivered now (`on_back`)."""
        was_unreachable = not self.is_reachable(chat_id)
        now = self.clock()
        self._seen_at[chat_id] = time.monotonic()
        await self._reach_repo.seen(chat_id, now)
        self._reach[chat_id] = Reach(now, None, None)
        if was_unreachable:
            log.info("chat %s can be reached again", chat_id)
            for callback in self.on_back:
                await callback(chat_id)


def acting_staff_id(staff: Staff, directory: Directory, telegram_id: int) -> str | None:
    """The staff id a person acts as on a request: their specialist id, or an administrator's
    own (`admin-<chat>`); None for someone who is not staff."""
    return staff.specialist.id if staff.specialist else directory.staff_id_for(telegram_id)
