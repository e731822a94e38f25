"""Typed callback data. Prefixes carry a version digit so old buttons can be told apart."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from bot.domain.people import Role


class ConsentAction(StrEnum):
    ACCEPT = "y"
    DECLINE = "n"


class ConsentCb(CallbackData, prefix="cs1"):
    action: ConsentAction


class LanguageCb(CallbackData, prefix="lg1"):
    language: str


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
    rid: int


class HandoverCb(CallbackData, prefix="ho1"):
    """target: a specialist id, or 'a.<area id>' for whoever fits that area."""

    rid: int
    target: str


class MineAction(StrEnum):
    CLOSE = "x"
    REOPEN = "o"
    COMPLAIN = "p"
    RATE = "s"
    SHOW = "w"


class MineCb(CallbackData, prefix="mr1"):
    """Buttons the requester sees on their own request."""

    action: MineAction
    rid: int
    value: int = 0


class FormCb(CallbackData, prefix="fm1"):
    """Choices in the request form: step name and the chosen value."""

    step: str
    value: str


class RegisterCb(CallbackData, prefix="rg1"):
    """Export of the register with the filter kept in the admin's FSM data."""

    fmt: str  # xlsx | csv


class SubstituteCb(CallbackData, prefix="sb1"):
    step: str  # absent | substitute | days | cancel
    value: str


class OptOutCb(CallbackData, prefix="oo1"):
    channel: str  # telegram | paper


class SummaryAction(StrEnum):
    ACK = "a"  # «Ознакомлен(а)» (R5.5)
    CHART = "c"  # the chart of the averages


class SummaryCb(CallbackData, prefix="sm1"):
    action: SummaryAction
    sid: int  # the student
    week: str  # the Monday of the summarised week, YYYYMMDD
