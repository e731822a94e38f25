"""A support request: its kinds, topics, life cycle and number (REQUIREMENTS R1, R4)."""

from __future__ import annotations

from enum import StrEnum


class RequestKind(StrEnum):
    """R1.4: questions, remarks and suggestions are kept apart in the register."""

    QUESTION = "question"
    REMARK = "remark"
    SUGGESTION = "suggestion"


class Topic(StrEnum):
    """What the request is about, where that changes how it is handled (R4)."""

    GENERAL = "general"
    LOST_LOGIN = "lost_login"  # R4.1: goes to the journal's administrators
    COMPROMISED = "compromised"  # R4.3: the moment of the notice is recorded to the second
    NEW_ACCESS = "new_access"  # R4.2: two working days

    @property
    def needs_login(self) -> bool:
        """R1.3: requests about access to the journal carry the login and the role."""
        return self is not Topic.GENERAL


class Status(StrEnum):
    NEW = "new"  # filed, waiting for the slot of the specialist it is queued for
    ASSIGNED = "assigned"  # the card reached a specialist on duty
    IN_PROGRESS = "in_progress"  # taken
    WAITING = "waiting"  # waiting for the requester's answer
    RESOLVED = "resolved"
    CLOSED = "closed"

    @property
    def is_open(self) -> bool:
        return self not in (Status.RESOLVED, Status.CLOSED)


class Outcome(StrEnum):
    RESOLVED = "resolved"
    CLOSED_BY_REQUESTER = "closed_by_requester"
    AUTO_CLOSED = "auto_closed"  # waited for the requester too long
    COURTESY_BREACH = "courtesy_breach"  # R3.2


TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.NEW: frozenset({Status.ASSIGNED, Status.IN_PROGRESS, Status.CLOSED}),
    Status.ASSIGNED: frozenset({Status.ASSIGNED, Status.IN_PROGRESS, Status.CLOSED}),
    Status.IN_PROGRESS: frozenset({Status.ASSIGNED, Status.WAITING, Status.RESOLVED, Status.CLOSED}),
    Status.WAITING: frozenset({Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED}),
    Status.RESOLVED: frozenset({Status.IN_PROGRESS, Status.CLOSED}),
    Status.CLOSED: frozenset(),
}


def can_move(current: Status, target: Status) -> bool:
    return target in TRANSITIONS[current]


def format_number(year: int, sequence: int) -> str:
    """The short human number the requester sees at once: 2026-0042."""
    return f"{year}-{sequence:04d}"
