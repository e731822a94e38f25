"""Typed callback data. Prefixes carry a version digit so old buttons can be told apart.

Callback data comes back from people's clients and can be forged (64 bytes of anything).
Every field is typed: enums for choices, ids positive and within SQLite's 64-bit integer,
slugs in the school file's shape. Data that does not unpack matches no handler and is
answered «Эта кнопка устарела» by the last router; a value that unpacks but names
nothing the school file knows (an area, a specialist) raises `StaleButton` in the handler,
which `bot.errors.on_error` answers the same way, without a traceback.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field, field_validator

from bot.domain.people import Role

# A database row id: SQLite's INTEGER is a signed 64-bit number; a bigger one would overflow
# in the driver ("Python int too large to convert to SQLite INTEGER").
RowId = Annotated[int, Field(gt=0, le=2**63 - 1)]
# An id from the school file (an area, a specialist): the shape its loader accepts.
Slug = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z0-9][a-z0-9_-]*$")]


class StaleButton(Exception):
    """A button whose data unpacked but no longer means anything (or never did): a forged
    value, an area or a specialist that is not in the school file, a finished step."""


class ConsentAction(StrEnum):
    ACCEPT = "y"
    DECLINE = "n"


class ConsentCb(CallbackData, prefix="cs1"):
    action: ConsentAction


class LanguageCb(CallbackData, prefix="lg1"):
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")]


class RoleCb(CallbackData, prefix="rl1"):
    role: Role


class CardAction(StrEnum):
    TAKE = "t"
    REPLY = "r"
    HANDOVER = "h"
    RESOLVE = "v"
    COURTESY_END = "c"


class CardCb(CallbackData, prefix="cd1"):
    """Buttons on a request's card in a specialist's chat."""

    action: CardAction
    rid: RowId


class CourtesyAction(StrEnum):
    MARK = "m"  # confirm a flagged message as a conduct violation
    UNMARK = "u"  # remove a mark (a reason is asked next)
    LIST = "l"  # the marks in force of a request, to choose the one to remove


class CourtesyCb(CallbackData, prefix="ct1"):
    """Marks of conduct violations: row is the message (request_messages id; 0 the request's
    own text; below 0 a mark made before marks were kept per message)."""

    action: CourtesyAction
    rid: RowId
    row: Annotated[int, Field(ge=-10_000, le=2**63 - 1)] = 0


# Hand-over targets are written and read by bot/domain/staff_refs.py (HandoverTarget).


class HandoverCb(CallbackData, prefix="ho1"):
    """target: a specialist id, 'a.<area id>' for whoever fits that area, or 'admins'.
    Its shape is checked here; that it names someone in the school file, by the handler
    and by `HelpDesk.hand_over`."""

    rid: RowId
    target: Annotated[str, Field(min_length=1, max_length=42, pattern=r"^(a\.)?[a-z0-9][a-z0-9_-]*$")]


class MineAction(StrEnum):
    CLOSE = "x"
    REOPEN = "o"
    COMPLAIN = "p"
    RATE = "s"
    SHOW = "w"


class MineCb(CallbackData, prefix="mr1"):
    """Buttons the requester sees on their own request."""

    action: MineAction
    rid: RowId
    value: Annotated[int, Field(ge=0, le=5)] = 0  # the stars of a rating


class FormStep(StrEnum):
    TOPIC = "topic"
    KIND = "kind"
    AREA = "area"
    NAME = "name"
    KLASS = "klass"
    FILES = "files"
    CONFIRM = "confirm"
    CANCEL = "cancel"


class FormCb(CallbackData, prefix="fm1"):
    """Choices in the request form: step name and the chosen value (an enum's value, an
    area id, keep/change; checked against its step by the handler)."""

    step: FormStep
    value: Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_-]+$")]


class ExportFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


class RegisterCb(CallbackData, prefix="rg1"):
    """Export of the register with the filter kept in the admin's FSM data."""

    fmt: ExportFormat


class SubstituteStep(StrEnum):
    ABSENT = "absent"
    SUBSTITUTE = "substitute"
    DAYS = "days"
    CANCEL = "cancel"


class SubstituteCb(CallbackData, prefix="sb1"):
    """absent, substitute: a specialist id; days: 1–31; cancel: a substitution's row id."""

    step: SubstituteStep
    value: Slug


class OptOutChannel(StrEnum):
    TELEGRAM = "telegram"
    PAPER = "paper"


class OptOutCb(CallbackData, prefix="oo1"):
    channel: OptOutChannel


class SummaryAction(StrEnum):
    ACK = "a"  # «Ознакомлен(а)» (R5.5)
    CHART = "c"  # the chart of the averages


class SummaryCb(CallbackData, prefix="sm1"):
    action: SummaryAction
    sid: RowId  # the student
    week: Annotated[str, Field(pattern=r"^\d{8}$")]  # the Monday of the summarised week, YYYYMMDD

    @field_validator("week")
    @classmethod
    def _a_real_day(cls, value: str) -> str:
        day = datetime.strptime(value, "%Y%m%d").date()  # ValueError: no such day
        if not date(2000, 1, 1) <= day <= date(2100, 12, 31):
            raise ValueError("not a week of this century")
        return value


class DraftAction(StrEnum):
    USE = "u"  # start a request with the text written before consent
    DROP = "x"


class DraftCb(CallbackData, prefix="df1"):
    """The text a new person wrote before consenting, offered back afterwards."""

    action: DraftAction


class QueueTakeCb(CallbackData, prefix="qt1"):
    """The Take button of one request in a queue message (several requests that reached one
    specialist at once, e.g. at a slot's start): works like the card's Take."""

    rid: Annotated[int, Field(gt=0, le=2**63 - 1)]


class PlaceCb(CallbackData, prefix="pl1"):
    """The requester's answer to «which request is this message for?» (several are open)."""

    rid: Annotated[int, Field(gt=0, le=2**63 - 1)]
