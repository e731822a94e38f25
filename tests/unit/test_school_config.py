"""The school's file: the examples load and reproduce the seeds; every kind of mistake is named."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from bot.domain.school import SchoolConfigError, load_school_config

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = (ROOT / "schools" / "example.toml").read_text(encoding="utf-8")

# REQUIREMENTS R2.1 (seed 002), specialists A–F in order: {weekday: (start, end)}
R21 = [
    {"tue": ("14:30", "16:00"), "thu": ("08:00", "10:00")},
    {"tue": ("08:00", "10:00"), "thu": ("14:00", "16:00")},
    {"mon": ("08:00", "11:00"), "wed": ("13:00", "15:00")},
    {"wed": ("08:00", "10:00"), "fri": ("14:00", "16:00")},
    {"mon": ("14:30", "16:00"), "thu": ("08:00", "10:00")},
    {"tue": ("12:00", "14:00"), "fri": ("08:00", "10:00")},
]


def test_the_example_reproduces_the_timetable_of_seed_002():
    school = load_school_config(ROOT / "schools" / "example.toml")
    assert len(school.specialists) == 6
    for spec, expected in zip(school.specialists, R21, strict=True):
        got = {s.day.value: (s.start.strftime("%H:%M"), s.end.strftime("%H:%M")) for s in spec.slots}
        assert got == expected, spec.name
    assert "технический специалист" in school.specialists[0].position
    assert "по ВР" in school.specialists[5].position
    assert school.school.timezone == "Europe/Simferopol"


def test_the_second_example_has_seed_004s_group():
    school = load_school_config(ROOT / "schools" / "example-004.toml")
    registration = school.specialist("registration")
    assert [(s.day.value, s.start, s.end) for s in registration.slots] == [("wed", time(9), time(12))]
    assert school.area("any").catch_all


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "school.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ('{ day = "tue", start = "14:30", end = "16:00" }', '{ day = "tuesday-ish", start = "14:30", end = "16:00" }',
         ["specialists[0] (id='spec-a').slots[0].day", "unknown weekday 'tuesday-ish'"]),
        ('{ day = "mon", start = "08:00", end = "11:00" }', '{ day = "mon", start = "11:00", end = "08:00" }',
         ["specialists[2] (id='spec-c').slots[0]", "end 08:00 is not after start 11:00"]),
        ('{ day = "wed", start = "13:00", end = "15:00" }', '{ day = "mon", start = "10:00", end = "12:00" }',
         ["specialists[2] (id='spec-c')", "overlap on mon"]),
        ('areas = ["methodology", "planning", "regulations"]\nslots = [\n    { day = "tue", start = "08:00"',
         'areas = ["methodology", "astrology"]\nslots = [\n    { day = "tue", start = "08:00"',
         ["specialists[1] (id='spec-b').areas", "unknown area 'astrology'"]),
        ('areas = ["methodology", "planning"]', 'areas = []',
         ["specialists[3] (id='spec-d').areas", "at least one area"]),
        ('timezone = "Europe/Simferopol"', 'timezone = "Europe/Atlantis"',
         ["school.timezone", "unknown time zone 'Europe/Atlantis'"]),
        ('supervisor = "head"\nareas = ["methodology", "regulations"]', 'supervisor = "nobody"\nareas = ["methodology", "regulations"]',
         ["specialists[5] (id='spec-f').supervisor", "unknown 'nobody'"]),
    ],
)
def test_each_mistake_is_named_with_file_entry_and_reason(tmp_path, old, new, expected):
    assert old in EXAMPLE, old
    path = write(tmp_path, EXAMPLE.replace(old, new, 1))
    with pytest.raises(SchoolConfigError) as caught:
        load_school_config(path)
    message = str(caught.value)
    assert str(path) in message
    for part in expected:
        assert part in message


def test_broken_toml_names_the_line(tmp_path):
    path = write(tmp_path, EXAMPLE.replace('[helpdesk]', '[helpdesk', 1))
    with pytest.raises(SchoolConfigError, match=r"not valid TOML.*line"):
        load_school_config(path)


def test_several_problems_are_all_reported(tmp_path):
    text = EXAMPLE.replace('timezone = "Europe/Simferopol"', 'timezone = "Mars/Olympus"', 1)
    text = text.replace('{ day = "tue", start = "14:30", end = "16:00" }', '{ day = "xx", start = "14:30", end = "16:00" }', 1)
    with pytest.raises(SchoolConfigError) as caught:
        load_school_config(write(tmp_path, text))
    assert "2 problem(s)" in str(caught.value)
