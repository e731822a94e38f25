"""What the summaries tell people, as typed notices (bot/services/outgoing.py); their words are
in bot/views/summaries.py.

To parents: a week's summary or a period's forecast (`ParentSummary`), the final marks of a
period (`FinalMarks`). To class teachers: a parent whose chat refuses the bot
(`ParentUnreachable`), a child left without a linked parent (`ChildOrphaned`), who looked at
the marks this week (`ViewsReport`). To administrators: a run's progress (`RunProgress`, a
message edited in place, worded through `Presenter.text`). What the ЭлЖур connector tells
(bot/services/eljur.py `JournalNews`) reaches its readers as `JournalNotice`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.domain.marks import GradingRules, WeekSummary
from bot.domain.school import Period
from bot.services.eljur import JournalNews
from bot.services.outgoing import Notice
from storage.summaries import FinalMark, ParentViews, Recipient


@dataclass(frozen=True, kw_only=True)
class ParentSummary(Notice):
    """A child's week (`kind` WEEKLY) or the period's forecast (FORECAST), with the buttons
    «Ознакомлен(а)» and, for a week, «График»; `week` is the Monday the buttons name."""

    recipient: Recipient
    summary: WeekSummary
    kind: str
    period: Period
    week: date
    rules: GradingRules


@dataclass(frozen=True, kw_only=True)
class FinalMarks(Notice):
    """A period's final marks of one child, as soon as they are in (R5.3)."""

    recipient: Recipient
    marks: tuple[FinalMark, ...]


@dataclass(frozen=True, kw_only=True)
class ParentUnreachable(Notice):
    """To a class teacher: this child's parent blocked the bot; the printout includes the child."""

    student_name: str
    class_name: str


@dataclass(frozen=True, kw_only=True)
class ChildOrphaned(Notice):
    """To a class teacher: the child's last linked parent left (/forget); the printout includes them."""

    student_name: str
    class_name: str


@dataclass(frozen=True, kw_only=True)
class ViewsReport(Notice):
    """To a class teacher with each weekly run: which parents looked at the marks often enough
    (`times` a week) in the seven days `start`–`end`, and which did not."""

    class_name: str
    start: date
    end: date
    times: int
    checked: tuple[ParentViews, ...]
    unchecked: tuple[ParentViews, ...]


@dataclass(frozen=True, kw_only=True)
class RunProgress(Notice):
    """To an administrator: how far a run (`kind` WEEKLY or FORECAST) of the week `start` is."""

    kind: str
    start: date
    sent: int
    total: int
    blocked: int
    failed: int
    minutes: int
    done: bool


@dataclass(frozen=True, kw_only=True)
class JournalNotice(Notice):
    """What the ЭлЖур connector tells an administrator or a class teacher."""

    news: JournalNews
