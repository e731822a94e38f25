"""A support request: its kinds, topics, life cycle (who may move it from which state to
which) and number (REQUIREMENTS R1, R4)."""

from __future__ import annotations

from dataclasses import dataclass
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


class Actor(StrEnum):
    """Who makes a move. The holder is the person the request is with (its assignee, or who
    took it); the head has the administrators' rights."""

    REQUESTER = "requester"
    HOLDER = "holder"
    OTHER_SPECIALIST = "other_specialist"  # a specialist the request is not with
    ADMINISTRATOR = "administrator"
    HEAD = "head"
    TIMER = "timer"  # the system: delivery, escalation, substitutions and the timers


class Move(StrEnum):
    DELIVER = "deliver"  # the card reaches its holder (or the next one who can see it)
    ESCALATE = "escalate"  # not taken in time: the next fitting person
    SUBSTITUTE = "substitute"  # queued for an absent specialist: to the substitute, and back
    TAKE = "take"
    REPLY = "reply"  # the holder's answer; a reply to a request not taken yet takes it
    HAND_OVER = "hand_over"  # to a specialist, an area (routed: queued or at once) or the administrators
    RESOLVE = "resolve"
    END_FOR_COURTESY = "end_for_courtesy"  # R3.2: the specialist stops helping at once
    FOLLOW_UP = "follow_up"  # the requester writes again: a request waiting for them is worked on again
    CLOSE_BY_REQUESTER = "close_by_requester"
    REOPEN = "reopen"  # within the reopening window (the service checks the window)
    RATE = "rate"  # stars for a resolved or closed request: the state stays
    AUTO_CLOSE = "auto_close"  # waited for the requester too long
    CLOSE_AFTER_RESOLUTION = "close_after_resolution"  # the reopening window has passed


class Refusal(StrEnum):
    STATE = "state"  # the move cannot be made from this state
    ACTOR = "actor"  # this person may not make it


@dataclass(frozen=True, slots=True)
class Rule:
    steps: dict[Status, frozenset[Status]]  # from a state, the states the move may lead to
    by: frozenset[Actor]


OPEN_STATES = frozenset(s for s in Status if s.is_open)
_NOT_TAKEN = (Status.NEW, Status.ASSIGNED)
_TAKEN = (Status.IN_PROGRESS, Status.WAITING)
_STAFF = frozenset({Actor.HOLDER, Actor.ADMINISTRATOR, Actor.HEAD})


def _to(sources: tuple[Status, ...] | frozenset[Status], *targets: Status) -> dict[Status, frozenset[Status]]:
    return {s: frozenset(targets) for s in sources}


# The one life cycle of a request: every move, the states it starts from, where it leads,
# and who may make it. The services apply each change of state through `step`.
RULES: dict[Move, Rule] = {
    Move.DELIVER: Rule(_to(_NOT_TAKEN, Status.ASSIGNED), frozenset({Actor.TIMER})),
    Move.ESCALATE: Rule(_to((Status.ASSIGNED,), Status.ASSIGNED), frozenset({Actor.TIMER})),
    Move.SUBSTITUTE: Rule(_to((Status.NEW,), Status.NEW), frozenset({Actor.TIMER})),
    Move.TAKE: Rule(_to(_NOT_TAKEN, Status.IN_PROGRESS), _STAFF),
    Move.REPLY: Rule(_to(OPEN_STATES, Status.WAITING), _STAFF),
    Move.HAND_OVER: Rule(_to(OPEN_STATES, Status.NEW, Status.ASSIGNED), _STAFF),
    Move.RESOLVE: Rule(_to(_TAKEN, Status.RESOLVED), _STAFF),
    Move.END_FOR_COURTESY: Rule(_to(_TAKEN, Status.CLOSED), _STAFF),
    Move.FOLLOW_UP: Rule({**{s: frozenset({s}) for s in OPEN_STATES}, Status.WAITING: frozenset({Status.IN_PROGRESS})},
                         frozenset({Actor.REQUESTER})),
    Move.CLOSE_BY_REQUESTER: Rule(_to((*OPEN_STATES, Status.RESOLVED), Status.CLOSED), frozenset({Actor.REQUESTER})),
    Move.REOPEN: Rule(_to((Status.RESOLVED,), Status.IN_PROGRESS), frozenset({Actor.REQUESTER})),
    Move.RATE: Rule({Status.RESOLVED: frozenset({Status.RESOLVED}), Status.CLOSED: frozenset({Status.CLOSED})},
                    frozenset({Actor.REQUESTER})),
    Move.AUTO_CLOSE: Rule(_to((Status.WAITING,), Status.CLOSED), frozenset({Actor.TIMER})),
    Move.CLOSE_AFTER_RESOLUTION: Rule(_to((Status.RESOLVED,), Status.CLOSED), frozenset({Actor.TIMER})),
}


class IllegalMove(Exception):
    def __init__(self, move: Move, status: Status, actor: Actor, refusal: Refusal) -> None:
        super().__init__(f"{move.value} from {status.value} by {actor.value}: {refusal.value}")
        self.move, self.status, self.actor, self.refusal = move, status, actor, refusal


def refusal(move: Move, status: Status, actor: Actor) -> Refusal | None:
    """Why this move cannot be made now by this person, or None when it can."""
    rule = RULES[move]
    if status not in rule.steps:
        return Refusal.STATE
    if actor not in rule.by:
        return Refusal.ACTOR
    return None


def allows(move: Move, status: Status, actor: Actor) -> bool:
    return refusal(move, status, actor) is None


def permits(move: Move, actor: Actor) -> bool:
    """Whether this person may ever make the move (in some state)."""
    return actor in RULES[move].by


def step(move: Move, status: Status, actor: Actor, to: Status | None = None) -> Status:
    """The state the move leads to (`to`: which one, where it may lead to several; a hand-over
    is queued or delivered at once as the routing decides). Raises IllegalMove."""
    why = refusal(move, status, actor)
    targets = RULES[move].steps.get(status, frozenset())
    if why is None and to is not None and to not in targets:
        why = Refusal.STATE
    if why is not None:
        raise IllegalMove(move, status, actor, why)
    if to is None:
        if len(targets) != 1:
            raise ValueError(f"{move.value} from {status.value} leads to one of several states: name it")
        (to,) = targets
    return to


def sources(move: Move) -> tuple[Status, ...]:
    """The states a move starts from: what the database's compare-and-set expects to find."""
    return tuple(s for s in Status if s in RULES[move].steps)


def destination(move: Move) -> Status:
    """The one state a move leads to from every state it starts from (the timers' moves, a
    take, a resolution...): what a compare-and-set writes."""
    targets = {t for ts in RULES[move].steps.values() for t in ts}
    if len(targets) != 1:
        raise ValueError(f"{move.value} leads to one of several states")
    (only,) = targets
    return only


def card_moves(status: Status) -> tuple[Move, ...]:
    """The moves the holder's card offers in this state. A request not taken yet offers Take
    rather than Reply (a reply to it, by Telegram's reply-to, takes it on the way)."""
    moves = tuple(m for m in (Move.TAKE, Move.REPLY, Move.RESOLVE, Move.HAND_OVER, Move.END_FOR_COURTESY)
                  if allows(m, status, Actor.HOLDER))
    return tuple(m for m in moves if not (m is Move.REPLY and Move.TAKE in moves))


# Which state may follow which, over all moves (an overview; the rules above decide).
TRANSITIONS: dict[Status, frozenset[Status]] = {
    s: frozenset(t for rule in RULES.values() for t in rule.steps.get(s, frozenset())) for s in Status
}


def can_move(current: Status, target: Status) -> bool:
    return target in TRANSITIONS[current]


def format_number(year: int, sequence: int) -> str:
    """The short human number the requester sees at once: 2026-0042."""
    return f"{year}-{sequence:04d}"
