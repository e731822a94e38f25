"""The courtesy rule's two levels as the specialist sees them: what a relayed message and a
card carry for a flagged insult, an obscenity marked by the check, a removed mark."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.courtesy import Level, Verdict, judge
from bot.i18n import I18n
from bot.views.courtesy import relay_note, rule_text
from storage.courtesy import CourtesyMark

T = I18n(default="ru").get("ru")
AT = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def mark(by: int | None = None, removed: bool = False) -> CourtesyMark:
    return CourtesyMark(1, 7, 3, "obscene" if by is None else "insult", AT, by,
                        AT if removed else None, 200001 if removed else None, "ошибка" if removed else None)


def test_the_check_tells_an_insult_from_an_obscenity():
    assert judge("Вы там все идиоты").level is Level.INSULT
    assert judge("Да вы охуели").level is Level.OBSCENE
    assert judge("Решите задачу про тупой угол").level is Level.NONE


def test_a_flagged_insult_carries_the_flag_and_the_confirm_button_only():
    note, rows = relay_note(T, 7, 3, judge("Ну вы и дебилы"), None)
    assert "Возможное оскорбление" in note and "«дебилы»" in note and "не предупреждён" in note
    assert rows == [[("⚠️ Записать нарушение", "ct1:m:7:3")]]


def test_a_mark_in_force_carries_the_removal_button():
    note, rows = relay_note(T, 7, 3, judge("Да вы охуели"), mark())
    assert "Нецензурное выражение" in note and rows == [[("Отменить запись о нарушении", "ct1:u:7:3")]]
    note, rows = relay_note(T, 7, 3, judge("Ну вы и дебилы"), mark(by=200001))
    assert "записано" in note and "Нецензурное" not in note and rows == [[("Отменить запись о нарушении", "ct1:u:7:3")]]


def test_a_removed_mark_or_a_polite_message_carries_nothing():
    assert relay_note(T, 7, 3, judge("Ну вы и дебилы"), mark(removed=True)) == ("", None)
    assert relay_note(T, 7, 3, Verdict(Level.NONE), None) == ("", None)


def test_the_rule_names_the_schools_document_only_when_the_file_does():
    assert "документом «Регламент службы поддержки»" in rule_text(T, "Регламент службы поддержки")
    plain = rule_text(T, None)
    assert "не допускаются" in plain and "документ" not in plain and "п. 5" not in plain
