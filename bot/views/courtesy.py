"""The courtesy rule in words: the sentence stating it, and what a relayed message of the
requester carries for the specialist (the flag or the mark, and its button)."""

from __future__ import annotations

import html

from bot.domain.courtesy import Level, Verdict
from bot.i18n import Translator
from bot.services.courtesy import flagged_words
from bot.views.callbacks import CourtesyAction, CourtesyCb
from bot.views.present import Rows
from storage.courtesy import CourtesyMark


def rule_text(t: Translator, document: str | None) -> str:
    """The sentence that states the rule, naming the school's document when the school file does."""
    return t("courtesy-rule-document", document=document) if document else t("courtesy-rule")


def unmark_rows(t: Translator, rid: int, row: int) -> Rows:
    """The button under a relayed message whose mark is in force: remove it."""
    return [[(t("courtesy-button-unmark"), CourtesyCb(action=CourtesyAction.UNMARK, rid=rid, row=row).pack())]]


def relay_note(t: Translator, rid: int, row: int, verdict: Verdict, mark: CourtesyMark | None) -> tuple[str, Rows | None]:
    """What a relayed message of the requester carries for the specialist: a line under the
    header and a button. Marked: the mark is said and can be removed. Flagged by the check
    but not marked: the flag and «Записать нарушение». Otherwise nothing."""
    if mark is not None and mark.in_force:
        key = "courtesy-relay-marked-auto" if mark.marked_by is None else "courtesy-relay-marked"
        return t(key), unmark_rows(t, rid, row)
    if mark is None and verdict.level is not Level.NONE:
        return (t("courtesy-relay-flag", words=html.escape(flagged_words(verdict), quote=False)),
                [[(t("courtesy-button-mark"), CourtesyCb(action=CourtesyAction.MARK, rid=rid, row=row).pack())]])
    return "", None
