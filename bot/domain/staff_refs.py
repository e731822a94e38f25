"""References to staff as the database and the buttons keep them, read and written in one place.

Who holds a request (`requests.assignee_id`, `taken_by`, `scheduled_id`) is stored as text:
- a specialist: their id from the school file (`spec-a`);
- an administrator or the head: `admin-<Telegram id>`;
- the administrators as a group: `admins`.
A hand-over button's target is a specialist id, `a.<area id>` (whoever fits that area) or `admins`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

ADMINS = "admins"
ADMIN_PREFIX = "admin-"
AREA_PREFIX = "a."


class StaffKind(StrEnum):
    SPECIALIST = "specialist"
    ADMIN = "admin"  # one administrator (or the head), by their Telegram id
    ADMINS = "admins"  # the administrators as a group


@dataclass(frozen=True, slots=True)
class StaffRef:
    kind: StaffKind
    specialist_id: str | None = None
    telegram_id: int | None = None

    @classmethod
    def specialist(cls, specialist_id: str) -> StaffRef:
        return cls(StaffKind.SPECIALIST, specialist_id=specialist_id)

    @classmethod
    def admin(cls, telegram_id: int) -> StaffRef:
        return cls(StaffKind.ADMIN, telegram_id=telegram_id)

    @classmethod
    def admins(cls) -> StaffRef:
        return cls(StaffKind.ADMINS)

    @classmethod
    def parse(cls, value: str) -> StaffRef:
        """The stored text back as a reference; ValueError for `admin-` without a number
        (e.g. `admin-None`: someone not joined yet has no id)."""
        if value == ADMINS:
            return cls.admins()
        if value.startswith(ADMIN_PREFIX):
            number = value.removeprefix(ADMIN_PREFIX)
            if not number.isdigit():
                raise ValueError(f"unknown staff id {value!r}")
            return cls.admin(int(number))
        return cls.specialist(value)

    @property
    def is_specialist(self) -> bool:
        return self.kind is StaffKind.SPECIALIST

    def __str__(self) -> str:
        if self.kind is StaffKind.ADMINS:
            return ADMINS
        if self.kind is StaffKind.ADMIN:
            return f"{ADMIN_PREFIX}{self.telegram_id}"
        assert self.specialist_id is not None
        return self.specialist_id


def is_one_admin(value: str | None) -> bool:
    """The stored text names one administrator (or the head), not a specialist or the group."""
    return value is not None and value.startswith(ADMIN_PREFIX)


class TargetKind(StrEnum):
    SPECIALIST = "specialist"
    AREA = "area"  # whoever fits that area
    ADMINS = "admins"


@dataclass(frozen=True, slots=True)
class HandoverTarget:
    kind: TargetKind
    value: str | None = None  # the specialist's or the area's id

    @classmethod
    def specialist(cls, specialist_id: str) -> HandoverTarget:
        return cls(TargetKind.SPECIALIST, specialist_id)

    @classmethod
    def area(cls, area_id: str) -> HandoverTarget:
        return cls(TargetKind.AREA, area_id)

    @classmethod
    def admins(cls) -> HandoverTarget:
        return cls(TargetKind.ADMINS)

    @classmethod
    def parse(cls, value: str) -> HandoverTarget:
        if value == ADMINS:
            return cls.admins()
        if value.startswith(AREA_PREFIX):
            return cls.area(value.removeprefix(AREA_PREFIX))
        return cls.specialist(value)

    def __str__(self) -> str:
        if self.kind is TargetKind.ADMINS:
            return ADMINS
        if self.kind is TargetKind.AREA:
            return f"{AREA_PREFIX}{self.value}"
        assert self.value is not None
        return self.value
