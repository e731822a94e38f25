"""Who may act for which class (bot/domain/permissions.py): administrators for all, class
teachers for their own, anyone else for none."""

from __future__ import annotations

from bot.domain.permissions import ClassScope
from bot.domain.validation import Invalid

ADMIN = ClassScope(is_admin=True, own=())
TEACHER_ONE = ClassScope(is_admin=False, own=("5А",))
TEACHER_TWO = ClassScope(is_admin=False, own=("5А", "6Б"))
NOBODY = ClassScope(is_admin=False, own=())


def test_who_may_invite():
    assert ADMIN.may_invite() and TEACHER_ONE.may_invite() and TEACHER_TWO.may_invite()
    assert not NOBODY.may_invite()


def test_the_classes_each_acts_for():
    assert ADMIN.allowed_classes() is None
    assert TEACHER_TWO.allowed_classes() == ["5А", "6Б"]
    assert NOBODY.allowed_classes() == []
    assert ADMIN.covers("11В") and TEACHER_TWO.covers("6Б")
    assert not TEACHER_ONE.covers("6Б") and not NOBODY.covers("5А")


def test_a_teacher_of_one_class_is_not_asked_which():
    assert TEACHER_ONE.single_own_class() == "5А"
    assert TEACHER_TWO.single_own_class() is None
    assert ClassScope(is_admin=True, own=("5А",)).single_own_class() is None  # an administrator chooses
    assert NOBODY.single_own_class() is None


def test_a_typed_class_is_normalised_and_checked():
    assert TEACHER_TWO.checked_class("6 б") == "6Б"
    assert ADMIN.checked_class("11в") == "11В"
    refused = TEACHER_ONE.checked_class("6Б")
    assert isinstance(refused, Invalid) and refused.key == "invite-not-your-class" and refused.args == {"klass": "6Б"}
    wrong = ADMIN.checked_class("не класс")
    assert isinstance(wrong, Invalid) and wrong.key == "form-error-class"


def test_the_scope_comes_from_the_school_file():
    class School:
        def classes_of_teacher(self, telegram_id: int) -> list[str]:
            return ["5А"] if telegram_id == 7 else []

    assert ClassScope.of(School(), 7, is_admin=False) == TEACHER_ONE  # type: ignore[arg-type]
    assert ClassScope.of(School(), 8, is_admin=True) == ADMIN  # type: ignore[arg-type]
