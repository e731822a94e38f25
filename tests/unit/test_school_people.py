"""The school file's people: a Telegram id is optional, ids and Telegram ids are unique."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from bot.domain.school import SchoolConfigError, StaffRole, load_school_config

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = (ROOT / "schools" / "example.toml").read_text(encoding="utf-8")
HEAD = 'head = { name = "Директор Д. Д.", telegram_id = 100001, position = "директор" }'
ADMIN = '{ name = "Администратор ЭлЖур", telegram_id = 100002, position = "администратор ЭлЖур" },'


def load(tmp_path: Path, *replacements: tuple[str, str]):
    text = EXAMPLE
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "school.toml"
    path.write_text(text, encoding="utf-8")
    return load_school_config(path)


def refused(tmp_path: Path, *replacements: tuple[str, str]) -> str:
    with pytest.raises(SchoolConfigError) as caught:
        load(tmp_path, *replacements)
    return str(caught.value)


def test_two_specialists_with_one_telegram_id_are_refused(tmp_path):
    message = refused(tmp_path, ("telegram_id = 200002", "telegram_id = 200001"))
    assert "specialists[1] (id='spec-b'): duplicate telegram_id 200001" in message
    assert "already given to specialists[0] (id='spec-a')" in message


def test_an_administrator_and_a_specialist_with_one_telegram_id_are_refused(tmp_path):
    message = refused(tmp_path, ("telegram_id = 200003", "telegram_id = 100002"))
    assert "specialists[2] (id='spec-c'): duplicate telegram_id 100002" in message
    assert "school.administrators[0]" in message


def test_the_head_and_an_administrator_with_one_telegram_id_are_refused(tmp_path):
    message = refused(tmp_path, (ADMIN, ADMIN.replace("100002", "100001")))
    assert "school.administrators[0]: duplicate telegram_id 100001 (already given to school.head)" in message


def test_an_id_used_twice_across_people_is_refused(tmp_path):
    message = refused(tmp_path, ('id = "spec-d"', 'id = "spec-b"'))
    assert "specialists[3] (id='spec-b'): duplicate id 'spec-b' (already used by specialists[1] (id='spec-b'))" in message
    message = refused(tmp_path, (ADMIN, '{ id = "spec-a", name = "Администратор ЭлЖур", position = "администратор" },'))
    assert "specialists[0] (id='spec-a'): duplicate id 'spec-a' (already used by school.administrators[0]" in message
    message = refused(tmp_path, ('id = "spec-f"', 'id = "head"'))
    assert "duplicate id 'head' (already used by school.head)" in message


def test_a_telegram_id_is_optional_for_specialists_the_head_and_administrators(tmp_path):
    school = load(
        tmp_path,
        (HEAD, 'head = { name = "Директор Д. Д.", position = "директор" }'),
        (ADMIN, '{ id = "admin-ivanova", name = "Иванова И. И.", position = "администратор ЭлЖур" },'),
        ("telegram_id = 200003\n", ""),
    )
    assert school.specialist("spec-c").telegram_id is None
    assert [(p.id, p.role, p.telegram_id) for p in school.people[:2]] == [
        ("head", StaffRole.HEAD, None), ("admin-ivanova", StaffRole.ADMIN, None)]
    assert school.person("spec-c").telegram_id is None
    assert school.specialist_by_telegram_id(200003) is None
    assert not school.is_admin(100001) and not school.is_admin(100002)
    assert [p.id for p in school.people][2:] == [s.id for s in school.specialists]


def test_an_administrator_without_a_telegram_id_needs_an_id(tmp_path):
    message = refused(tmp_path, (ADMIN, '{ name = "Иванова И. И.", position = "администратор ЭлЖур" },'))
    assert "school.administrators[0]: give an id (to invite them with /staff) or a telegram_id" in message


def test_ids_of_people_are_slugs(tmp_path):
    message = refused(tmp_path, (ADMIN, '{ id = "Иванова", name = "Иванова И. И." },'))
    assert "school.administrators[0] (id='Иванова').id" in message and "lowercase latin" in message


def test_staff_settings_have_defaults_and_take_the_schools_own(tmp_path):
    school = load(tmp_path, ("invitation_days = 14 ", "invitation_days = 3 "),
                  ('unreachable_report_time = "07:30"', 'unreachable_report_time = "8.15"'))
    assert school.staff.invitation_days == 3 and school.staff.unreachable_report_time == time(8, 15)
    message = refused(tmp_path, ('unreachable_report_time = "07:30"', 'unreachable_report_time = "25:00"'))
    assert "staff.unreachable_report_time" in message and "not a time of day" in message
    school = load(tmp_path, ('[staff]\ninvitation_days = 14               # a /staff link works this many days, once\n'
                             'unreachable_report_time = "07:30"', ""))
    assert school.staff.invitation_days == 14 and school.staff.unreachable_report_time == time(7, 30)


def test_the_examples_still_load():
    for name in ("example.toml", "example-004.toml"):
        school = load_school_config(ROOT / "schools" / name)
        assert len({p.id for p in school.people}) == len(school.people)
