"""Staff references as the database and the hand-over buttons keep them (bot/domain/staff_refs.py):
each form reads back as what it names, and writes back as the same text."""

from __future__ import annotations

import pytest

from bot.domain.staff_refs import HandoverTarget, StaffKind, StaffRef, TargetKind, is_one_admin


@pytest.mark.parametrize(("text", "ref"), [
    ("spec-a", StaffRef(StaffKind.SPECIALIST, specialist_id="spec-a")),
    ("admin-5103", StaffRef(StaffKind.ADMIN, telegram_id=5103)),
    ("admins", StaffRef(StaffKind.ADMINS)),
])
def test_a_stored_reference_reads_and_writes_the_same(text, ref):
    assert StaffRef.parse(text) == ref and str(ref) == text


def test_an_administrator_without_an_id_is_no_reference():
    for text in ("admin-None", "admin-", "admin-x1"):
        with pytest.raises(ValueError):
            StaffRef.parse(text)


def test_one_administrator_is_told_from_the_group_and_the_specialists():
    assert is_one_admin("admin-7") and not is_one_admin("admins") and not is_one_admin("spec-a")
    assert not is_one_admin(None)
    assert StaffRef.parse("spec-a").is_specialist and not StaffRef.parse("admin-7").is_specialist


@pytest.mark.parametrize(("text", "target"), [
    ("spec-b", HandoverTarget(TargetKind.SPECIALIST, "spec-b")),
    ("a.eljur", HandoverTarget(TargetKind.AREA, "eljur")),
    ("admins", HandoverTarget(TargetKind.ADMINS)),
])
def test_a_hand_over_target_reads_and_writes_the_same(text, target):
    assert HandoverTarget.parse(text) == target and str(target) == text
