"""The help desk: files, routes, delivers, escalates and closes requests.

Every change and the messages it causes to other people commit in one
transaction (the outbox), so a crash never leaves a request routed but its
specialist uninformed. Messages to the person who pressed the button are the
handlers' business; everything addressed to somebody else goes through here.

Its parts, each over the one below it (what changes together lives together):
core.py (shared state, reaching people, placement, who may act), notices.py (what requesters
and staff are told, as notices), substitutions.py, cards.py (cards and queue messages, refusals,
chats coming back; their notices in card_notices.py), filing.py (filing and its alerts), timers.py, staff.py (take, reply,
hand over, resolve, end), requester.py (follow-ups, close, reopen, rate, complain) and
relays.py (the outbox's hooks). Every change of a request's state goes through its life
cycle (bot/domain/requests.py); every statement through storage/. Nothing here words a
message: the notices are worded by bot/views (requests.py, cards.py). `HelpDesk` is all of them.
"""

from __future__ import annotations

from bot.clock import Clock
from bot.domain.courtesy import CourtesyFilter
from bot.domain.school import SchoolConfig
from bot.services.helpdesk.core import (
    ABOUT_REQUEST,
    BURST,
    CARD_HEAD_START,
    IMMEDIATE_TOPICS,
    OPEN,
    QUEUE_LIST_FROM,
    REACTION,
    RECEIPT_HELD_FOR,
    REDELIVER_LIMIT,
    RELAY_IN,
    RELAYED_REACTION,
    ActionResult,
    Attachment,
    Filed,
    Filing,
    Inbound,
    Plan,
)
from bot.services.helpdesk.relays import Relays
from bot.services.outgoing import Courier, Presenter
from bot.services.people import Directory
from storage.db import Database

__all__ = [
    "ABOUT_REQUEST", "BURST", "CARD_HEAD_START", "IMMEDIATE_TOPICS", "OPEN", "QUEUE_LIST_FROM", "REACTION",
    "RECEIPT_HELD_FOR", "REDELIVER_LIMIT", "RELAYED_REACTION", "RELAY_IN", "ActionResult", "Attachment", "Filed",
    "Filing", "HelpDesk", "Inbound", "Plan",
]


class HelpDesk(Relays):
    def __init__(
        self,
        db: Database,
        school: SchoolConfig,
        clock: Clock,
        directory: Directory,
        outbox: Courier | None = None,
        courtesy: CourtesyFilter | None = None,
        *,
        views: Presenter,
    ) -> None:
        super().__init__(db, school, clock, directory, outbox, courtesy, views=views)
        directory.on_back.append(self.came_back)
        if outbox is not None:
            # What became of the rows about a request: where they landed (for replies), and
            # whether a follow-up really reached someone (a reaction, or the truth that it did not).
            outbox.on_sent[ABOUT_REQUEST] = self._linked
            outbox.on_sent[RELAY_IN] = self._relayed
            outbox.on_failed[RELAY_IN] = self._relay_failed
            outbox.on_blocked[RELAY_IN] = self._relay_failed
            outbox.on_failed[REACTION] = self._reaction_refused
