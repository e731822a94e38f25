"""Who gets a request its holder cannot see (bot/domain/routing.py, `next_holder`)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from bot.domain.routing import next_holder
from bot.domain.school import load_school_config
from bot.domain.timetable import Timetable

ROOT = Path(__file__).resolve().parents[2]
THURSDAY_0830 = datetime.fromisoformat("2026-11-26T08:30:00+03:00")  # A and E on duty, both for technical


@pytest.fixture(scope="module")
def timetable():
    return Timetable(load_school_config(ROOT / "schools" / "example.toml"))


def chain(timetable, current, *, tried=(), skip=(), admins="admins", head="admin-100001", specialist=True):
    return next_holder(current, "technical", THURSDAY_0830, timetable, {}, tried, skip=skip,
                       is_specialist=specialist, admins=admins, head=head)


def test_the_chain_is_specialist_then_administrators_then_head(timetable):
    assert chain(timetable, "spec-a") == "spec-e"  # another fitting specialist on duty first
    assert chain(timetable, "spec-a", skip={"spec-e"}) == "admins"  # E cannot be reached: passed by
    assert chain(timetable, "spec-a", tried={"spec-e"}, admins=None) == "admin-100001"  # no administrator reachable
    assert chain(timetable, "spec-a", tried={"spec-e"}, admins=None, head=None) is None  # nobody further along


def test_from_the_administrators_only_the_head_is_further_along(timetable):
    assert chain(timetable, "admins", specialist=False) == "admin-100001"
    assert chain(timetable, "admin-100001", specialist=False) is None
