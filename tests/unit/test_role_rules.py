"""The role filters the routers are guarded by (bot/filters.py) say what the rules say: who acts
for a class is the domain's `ClassScope.may_invite()`, who holds requests is whoever has a staff id
to act as (`acting_staff_id`), for every person of the school file, those with two roles too."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.permissions import ClassScope
from bot.filters import ACTS_FOR_CLASSES, HOLDS_REQUESTS, STAFF, IsAdministrator, IsClassTeacher, IsSpecialist
from bot.i18n import I18n
from bot.services.people import NOBODY, Directory, acting_staff_id
from storage.db import Database
from tests.unit.test_school_people import load

HEAD, ADMIN, SPECIALIST, TEACHER_5A, TEACHER_9B, NOT_STAFF = 100001, 100002, 200001, 300001, 300002, 5
EVERYONE = [HEAD, ADMIN, SPECIALIST, 200002, 200006, TEACHER_5A, TEACHER_9B, NOT_STAFF]


def directory(tmp_path: Path, *replacements: tuple[str, str]) -> Directory:
    return Directory(load(tmp_path, *replacements), I18n(), Database(tmp_path / "bot.sqlite3"))


SCHOOLS = {
    "as in the example": (),
    # the 5А class teacher is a specialist too, the 9Б one an administrator
    "with two roles": (("telegram_id = 300001", "telegram_id = 200001"), ("telegram_id = 300002", "telegram_id = 100002")),
}


@pytest.mark.parametrize("replacements", SCHOOLS.values(), ids=SCHOOLS.keys())
def test_the_roles_say_what_the_rules_say(tmp_path, replacements):
    people = directory(tmp_path, *replacements)
    for chat in EVERYONE:
        staff = people.staff_for(chat)
        scope = ClassScope.of(people.school, chat, is_admin=staff.is_admin)
        assert ACTS_FOR_CLASSES.allows(staff) is scope.may_invite(), chat
        assert HOLDS_REQUESTS.allows(staff) is (acting_staff_id(staff, people, chat) is not None), chat
        assert STAFF.allows(staff) is (HOLDS_REQUESTS.allows(staff) or scope.may_invite()), chat


def test_who_has_which_role_in_the_example(tmp_path):
    people = directory(tmp_path)
    acts = [chat for chat in EVERYONE if ACTS_FOR_CLASSES.allows(people.staff_for(chat))]
    holds = [chat for chat in EVERYONE if HOLDS_REQUESTS.allows(people.staff_for(chat))]
    assert acts == [HEAD, ADMIN, TEACHER_5A, TEACHER_9B]
    assert holds == [HEAD, ADMIN, SPECIALIST, 200002, 200006]
    assert not STAFF.allows(NOBODY)


def test_either_role_reads_and_logs_as_both():
    assert ACTS_FOR_CLASSES.title == "a class teacher or an administrator"
    assert HOLDS_REQUESTS.title == "a specialist or an administrator"
    assert str(STAFF) == "IsSpecialist() | IsAdministrator() | IsClassTeacher()"
    assert [type(r) for r in STAFF.roles] == [IsSpecialist, IsAdministrator, IsClassTeacher]  # one level, not nested
    assert [type(r) for r in (IsClassTeacher() | (IsSpecialist() | IsAdministrator())).roles] == [
        IsClassTeacher, IsSpecialist, IsAdministrator]
