"""The one life cycle of a request (bot/domain/requests.py): every move from every state by
everyone, against the table below; what is not in it is refused, with the reason."""

from __future__ import annotations

from typing import Any

import pytest

from bot.domain.requests import (
    RULES,
    Actor,
    IllegalMove,
    Move,
    Refusal,
    Status,
    can_move,
    card_moves,
    destination,
    sources,
    step,
)

NEW, ASSIGNED, IN_PROGRESS, WAITING, RESOLVED, CLOSED = (
    Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS, Status.WAITING, Status.RESOLVED, Status.CLOSED
)
OPEN = (NEW, ASSIGNED, IN_PROGRESS, WAITING)
STAFF = {Actor.HOLDER, Actor.ADMINISTRATOR, Actor.HEAD}  # never another specialist
REQUESTER = {Actor.REQUESTER}
TIMER = {Actor.TIMER}


def to(states, *targets):
    return {s: set(targets) for s in states}


# move: (from state: the states it may lead to), who may make it
EXPECTED: dict[Move, tuple[dict[Status, set[Status]], set[Actor]]] = {
    Move.DELIVER: (to((NEW, ASSIGNED), ASSIGNED), TIMER),
    Move.ESCALATE: (to((ASSIGNED,), ASSIGNED), TIMER),
    Move.SUBSTITUTE: (to((NEW,), NEW), TIMER),
    Move.TAKE: (to((NEW, ASSIGNED), IN_PROGRESS), STAFF),
    Move.REPLY: (to(OPEN, WAITING), STAFF),
    Move.HAND_OVER: (to(OPEN, NEW, ASSIGNED), STAFF),
    Move.RESOLVE: (to((IN_PROGRESS, WAITING), RESOLVED), STAFF),
    Move.END_FOR_COURTESY: (to((IN_PROGRESS, WAITING), CLOSED), STAFF),
    Move.FOLLOW_UP: ({NEW: {NEW}, ASSIGNED: {ASSIGNED}, IN_PROGRESS: {IN_PROGRESS}, WAITING: {IN_PROGRESS}},
                     REQUESTER),
    Move.CLOSE_BY_REQUESTER: (to((*OPEN, RESOLVED), CLOSED), REQUESTER),
    Move.REOPEN: (to((RESOLVED,), IN_PROGRESS), REQUESTER),
    Move.RATE: ({RESOLVED: {RESOLVED}, CLOSED: {CLOSED}}, REQUESTER),
    Move.AUTO_CLOSE: (to((WAITING,), CLOSED), TIMER),
    Move.CLOSE_AFTER_RESOLUTION: (to((RESOLVED,), CLOSED), TIMER),
}


def test_the_table_names_every_move():
    assert set(EXPECTED) == set(Move) == set(RULES)


@pytest.mark.parametrize("move", list(Move))
def test_every_state_and_everyone(move):
    steps, by = EXPECTED[move]
    for status in Status:
        for actor in Actor:
            if status in steps and actor in by:
                targets = steps[status]
                for target in targets:
                    assert step(move, status, actor, to=target) is target
                if len(targets) == 1:
                    assert step(move, status, actor) is next(iter(targets))
                for elsewhere in set(Status) - targets:
                    with pytest.raises(IllegalMove):
                        step(move, status, actor, to=elsewhere)
            else:
                with pytest.raises(IllegalMove) as refused:
                    step(move, status, actor)
                assert refused.value.refusal is (Refusal.STATE if status not in steps else Refusal.ACTOR), (
                    move, status, actor)
    assert set(sources(move)) == set(steps)


def test_the_compare_and_set_of_a_move_writes_its_one_destination():
    assert destination(Move.TAKE) is IN_PROGRESS and destination(Move.AUTO_CLOSE) is CLOSED
    with pytest.raises(ValueError):
        destination(Move.HAND_OVER)  # queued or at once: the routing decides
    with pytest.raises(ValueError):
        step(Move.HAND_OVER, IN_PROGRESS, Actor.HOLDER)  # ...and must say which


def test_nothing_moves_a_closed_request_but_a_rating():
    assert [m for m in Move if CLOSED in EXPECTED[m][0]] == [Move.RATE]
    assert not can_move(CLOSED, IN_PROGRESS) and can_move(RESOLVED, IN_PROGRESS) and not can_move(NEW, RESOLVED)


@pytest.mark.parametrize("status, moves", [
    (NEW, (Move.TAKE, Move.HAND_OVER)),
    (ASSIGNED, (Move.TAKE, Move.HAND_OVER)),
    (IN_PROGRESS, (Move.REPLY, Move.RESOLVE, Move.HAND_OVER, Move.END_FOR_COURTESY)),
    (WAITING, (Move.REPLY, Move.RESOLVE, Move.HAND_OVER, Move.END_FOR_COURTESY)),
    (RESOLVED, ()),
    (CLOSED, ()),
])
def test_the_card_offers_the_holders_moves(status, moves):
    """Before it is taken the card offers Take, not Reply (a reply by reply-to takes it)."""
    assert card_moves(status) == moves


def a_request(status: Status, *, flag: str | None = None, marks: int = 0):
    from dataclasses import fields

    from storage.requests import Request
    values: dict[str, Any] = {f.name: None for f in fields(Request)}
    return Request(**values | {"id": 7, "status": status, "courtesy_flag": flag, "courtesy_marks": marks})


@pytest.mark.parametrize("status, flag, marks, layout", [
    (NEW, None, 0, [["card-button-take", "card-button-handover"]]),
    (ASSIGNED, "идиоты", 1, [["card-button-take", "card-button-handover"],
                            ["courtesy-button-mark", "courtesy-button-unmark"]]),
    (IN_PROGRESS, None, 0, [["card-button-reply", "card-button-resolve"], ["card-button-handover"],
                            ["card-button-courtesy-end"]]),
    (WAITING, None, 2, [["card-button-reply", "card-button-resolve"], ["card-button-handover"],
                        ["courtesy-button-unmark"], ["card-button-courtesy-end"]]),
    (RESOLVED, None, 0, []),
    (CLOSED, "идиоты", 1, []),
])
def test_the_cards_buttons_come_from_the_life_cycle(status, flag, marks, layout):
    from bot.views.render import card_rows
    rows = card_rows(a_request(status, flag=flag, marks=marks), lambda key, **_: key)
    assert [[text for text, _ in row] for row in rows] == layout
