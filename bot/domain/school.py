"""The school's configuration: a TOML file validated with pydantic (see docs/school-config.md)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum
from functools import cached_property
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator


class SchoolConfigError(Exception):
    """The school's file cannot be used; the message names the file, the entry and the problem."""


class Weekday(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def index(self) -> int:  # type: ignore[override]  # (shadows str.index on purpose: the day's place in the week)
        return list(Weekday).index(self)


_DAY_ALIASES = {
    "пн": "mon", "вт": "tue", "ср": "wed", "чт": "thu", "пт": "fri", "сб": "sat", "вс": "sun",
    "monday": "mon", "tuesday": "tue", "wednesday": "wed", "thursday": "thu", "friday": "fri",
    "saturday": "sat", "sunday": "sun",
}
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def _weekday(value: Any) -> Any:
    if isinstance(value, str):
        key = value.strip().lower()
        key = _DAY_ALIASES.get(key, key)
        if key not in {d.value for d in Weekday}:
            raise ValueError(f"unknown weekday {value!r} (use mon..sun or пн..вс)")
        return key
    return value


def _check_slug(cls: type, value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(f"id {value!r} must be lowercase latin letters, digits, '-' or '_'")
    return value


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Person(_Model):
    """The head or an administrator. Without a Telegram id the person joins by a link (/staff)
    and needs an `id` the link can name (the head's is "head" unless given)."""

    id: str | None = None
    name: str = Field(min_length=2)
    telegram_id: int | None = Field(default=None, gt=0)
    position: str | None = None

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str | None) -> str | None:
        return None if value is None else _check_slug(cls, value)


class Slot(_Model):
    day: Weekday
    start: time
    end: time
    room: str | None = None

    @field_validator("day", mode="before")
    @classmethod
    def _day(cls, value: Any) -> Any:
        return _weekday(value)

    @field_validator("start", "end", mode="before")
    @classmethod
    def _time(cls, value: Any) -> Any:
        if isinstance(value, str):
            match = _TIME.match(value.strip())
            if not match:
                raise ValueError(f"time {value!r} must look like 14:30")
            hour, minute = int(match[1]), int(match[2])
            if hour > 23 or minute > 59:
                raise ValueError(f"time {value!r} is not a time of day")
            return time(hour, minute)
        return value

    @model_validator(mode="after")
    def _order(self) -> Slot:
        if self.end <= self.start:
            raise ValueError(f"end {self.end:%H:%M} is not after start {self.start:%H:%M}")
        return self


class Area(_Model):
    id: str
    title_ru: str
    title_en: str
    description_ru: str | None = None
    description_en: str | None = None
    catch_all: bool = False

    _slug = field_validator("id")(_check_slug)

    def title(self, language: str) -> str:
        """The title in a person's language: English for "en", Russian otherwise."""
        return self.title_en if language == "en" else self.title_ru


class Specialist(_Model):
    id: str
    name: str = Field(min_length=2)
    position: str
    room: str
    telegram_id: int | None = Field(default=None, gt=0)  # None: joins by a link (/staff)
    supervisor: str = "head"
    areas: list[str]
    slots: list[Slot] = Field(default_factory=list)

    _slug = field_validator("id")(_check_slug)

    @field_validator("areas")
    @classmethod
    def _has_areas(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("a specialist needs at least one area")
        return value

    @model_validator(mode="after")
    def _no_overlaps(self) -> Specialist:
        for i, a in enumerate(self.slots):
            for j, b in enumerate(self.slots[i + 1 :], start=i + 1):
                if a.day == b.day and a.start < b.end and b.start < a.end:
                    raise ValueError(
                        f"slots[{i}] and slots[{j}] overlap on {a.day.value} "
                        f"({a.start:%H:%M}–{a.end:%H:%M} and {b.start:%H:%M}–{b.end:%H:%M})"
                    )
        return self


class DateRange(_Model):
    """A named range of days, both ends included."""

    name: str
    start: date
    end: date

    @model_validator(mode="after")
    def _order(self) -> DateRange:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class Vacation(DateRange):
    """School holidays: no consultation slots, and not working days for deadlines."""


class HelpdeskSettings(_Model):
    escalation_minutes: int = Field(default=15, ge=1)
    reopen_days: int = Field(default=7, ge=0)
    waiting_autoclose_hours: int = Field(default=72, ge=1)
    access_deadline_working_days: int = Field(default=2, ge=1)
    access_reminder_hours: int = Field(default=4, ge=0)
    observe_public_holidays: bool = True


class ClassTeacher(_Model):
    """A class teacher: issues invitations for the students of their class (R6.5)."""

    class_name: str = Field(alias="class")
    name: str
    telegram_id: int = Field(gt=0)

    @field_validator("class_name")
    @classmethod
    def _class(cls, value: str) -> str:
        from bot.domain.validation import normalize_class

        normal = normalize_class(value)
        if normal is None:
            raise ValueError(f"class {value!r} must be a grade 1–11 with a letter, e.g. 5А")
        return normal


class ParentsSettings(_Model):
    invitation_days: int = Field(default=7, ge=1, le=90)
    max_failed_link_attempts_per_hour: int = Field(default=5, ge=1)
    # The weekly summary (R5.1, R5.4): the day and hour of the school's time zone.
    summary_weekday: Weekday = Weekday.SAT
    summary_time: time = time(12, 0)
    forecast_days_before_end: int = Field(default=14, ge=1, le=60)  # R5.2
    # How often a week parents are expected to look at the marks (R5.5): the class teacher's
    # weekly list sets apart those who looked less often.
    checks_per_week: int = Field(default=2, ge=1, le=7)

    @field_validator("summary_weekday", mode="before")
    @classmethod
    def _day(cls, value: Any) -> Any:
        return _weekday(value)


class GradingSettings(_Model):
    """The school's rule for averages and period marks (R5.7)."""

    thresholds: tuple[float, float, float] = (2.5, 3.5, 4.5)
    min_marks: int = Field(default=3, ge=1)
    plus: float = Field(default=0.0, ge=0, le=0.5)
    minus: float = Field(default=0.0, ge=0, le=0.5)
    default_weight: float = Field(default=1.0, gt=0)
    weights: dict[str, float] = Field(default_factory=dict)
    # Kinds of work that are a period's final mark (R5.3): not part of any average, never «н/а».
    final_kinds: list[str] = Field(default_factory=lambda: [
        "итоговая", "четвертная", "полугодовая", "годовая", "за четверть", "за полугодие", "за год",
    ])

    @field_validator("thresholds")
    @classmethod
    def _rising(cls, value: tuple[float, float, float]) -> tuple[float, float, float]:
        if list(value) != sorted(value) or not 2 <= value[0] <= value[2] <= 5:
            raise ValueError("three rising numbers between 2 and 5, e.g. [2.5, 3.5, 4.5]")
        return value

    @field_validator("weights")
    @classmethod
    def _positive(cls, value: dict[str, float]) -> dict[str, float]:
        bad = [k for k, w in value.items() if w <= 0]
        if bad:
            raise ValueError(f"weights must be above zero: {', '.join(bad)}")
        return value


class Term(StrEnum):
    """What a marking period is called in texts («с начала четверти»)."""

    QUARTER = "quarter"
    HALF = "half"
    TRIMESTER = "trimester"
    YEAR = "year"
    OTHER = "other"


_TERM_WORDS = (("четверт", Term.QUARTER), ("полугод", Term.HALF), ("триместр", Term.TRIMESTER),
               ("quarter", Term.QUARTER), ("half", Term.HALF), ("semester", Term.HALF),
               ("trimester", Term.TRIMESTER), ("год", Term.YEAR), ("year", Term.YEAR))


class Period(DateRange):
    """A marking period (quarter, half-year): the average is counted from its start.
    `kind` says what the texts call it; without it, it is read from the name
    («2 четверть» → quarter, «1 полугодие» → half)."""

    kind: Term | None = None

    @property
    def term(self) -> Term:
        if self.kind is not None:
            return self.kind
        name = self.name.lower()
        for word, term in _TERM_WORDS:
            if word in name:
                return term
        return Term.YEAR if "/" in name else Term.OTHER


class StaffSettings(_Model):
    """How staff join and how the administrators learn who cannot be reached."""

    invitation_days: int = Field(default=14, ge=1, le=90)  # a /staff link works this long, once
    unreachable_report_time: time = time(7, 30)  # school time: the morning list of staff who cannot be reached

    @field_validator("unreachable_report_time", mode="before")
    @classmethod
    def _time(cls, value: Any) -> Any:
        return Slot._time(value)


class ReportsSettings(_Model):
    """The activity reports (R6.1): the day of the month the last month's report is sent
    (before the 20th), the hour, and the working hours its "working hours" figures count."""

    monthly_day: int = Field(default=15, ge=1, le=19)
    send_time: time = time(8, 0)  # school time, on `monthly_day`
    work_start: time = time(8, 0)
    work_end: time = time(17, 0)

    @field_validator("send_time", "work_start", "work_end", mode="before")
    @classmethod
    def _time(cls, value: Any) -> Any:
        return Slot._time(value)

    @model_validator(mode="after")
    def _hours(self) -> ReportsSettings:
        if self.work_end <= self.work_start:
            raise ValueError("reports: work_end must be after work_start")
        return self


class BackupSettings(_Model):
    """Weekly online copies of the database into each folder (meant to be on different media),
    the last `keep` of each kept (docs/operations.md, "Backups and restore"). A relative
    folder is taken from the database's own folder. No folders: no copies; the log at
    start, /status and /backup say so."""

    weekday: Weekday = Weekday.SUN
    at: time = Field(default=time(3, 0), alias="time")  # school time
    folders: list[str] = Field(default_factory=list, max_length=10)
    keep: int = Field(default=8, ge=1, le=1000)

    @field_validator("weekday", mode="before")
    @classmethod
    def _day(cls, value: Any) -> Any:
        return _weekday(value)

    @field_validator("at", mode="before")
    @classmethod
    def _time(cls, value: Any) -> Any:
        return Slot._time(value)

    @field_validator("folders")
    @classmethod
    def _distinct(cls, value: list[str]) -> list[str]:
        if any(not folder.strip() for folder in value):
            raise ValueError("a folder must not be empty")
        if len(set(value)) != len(value):
            raise ValueError("the folders must differ (two copies on the same medium are one)")
        return value


class RecordsSettings(_Model):
    """How long texts are kept (docs/decisions.md, "Records"): sent messages' texts in the
    outbox are cleared this many days after delivery."""

    outbox_text_days: int = Field(default=30, ge=1, le=3650)


class StaffRole(StrEnum):
    HEAD = "head"
    ADMIN = "admin"
    SPECIALIST = "specialist"


@dataclass(frozen=True, slots=True)
class StaffPerson:
    """One person of the file who acts on requests: the head, an administrator or a specialist.
    `id` is what a /staff link names and what a joined account is bound to."""

    id: str
    role: StaffRole
    name: str
    position: str
    telegram_id: int | None  # as written in the file
    where: str  # the entry in the file, for messages: "specialists[2] (id='spec-c')"


class SchoolInfo(_Model):
    name: str
    short_name: str | None = None
    timezone: str
    address: str | None = None
    email: str | None = None
    head: Person
    administrators: list[Person] = Field(min_length=1)
    default_language: Literal["ru", "en"] = "ru"
    # The school's document on conduct in requests, named in the courtesy warnings (optional:
    # without it the warnings name no document).
    conduct_document: str | None = Field(default=None, min_length=1, max_length=200)
    # The consent to personal-data processing (152-ФЗ, docs/legal.md): who the operator is (the
    # school's full name when not given), the school's own document on personal data, and how
    # many years the register of requests is kept.
    operator: str | None = Field(default=None, min_length=2, max_length=300)
    privacy_document: str | None = Field(default=None, min_length=1, max_length=200)
    retention_years: int = Field(default=5, ge=1, le=75)

    @property
    def operator_name(self) -> str:
        return self.operator or self.name

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (e.g. Europe/Moscow)") from None
        return value


class SchoolConfig(BaseModel):
    """The whole file. Tables other engineers add (grading, summaries, courtesy, …) stay in `model_extra`."""

    model_config = ConfigDict(frozen=True, extra="allow")

    school: SchoolInfo
    areas: list[Area] = Field(min_length=1)
    specialists: list[Specialist] = Field(min_length=1)
    vacations: list[Vacation] = Field(default_factory=list)
    holidays: list[date] = Field(default_factory=list)
    helpdesk: HelpdeskSettings = Field(default_factory=HelpdeskSettings)
    class_teachers: list[ClassTeacher] = Field(default_factory=list)
    parents: ParentsSettings = Field(default_factory=ParentsSettings)
    grading: GradingSettings = Field(default_factory=GradingSettings)
    periods: list[Period] = Field(default_factory=list)
    staff: StaffSettings = Field(default_factory=StaffSettings)
    backup: BackupSettings = Field(default_factory=BackupSettings)
    records: RecordsSettings = Field(default_factory=RecordsSettings)
    reports: ReportsSettings = Field(default_factory=ReportsSettings)

    @model_validator(mode="after")
    def _references(self) -> SchoolConfig:
        problems: list[str] = []
        for i, admin in enumerate(self.school.administrators):
            if admin.id is None and admin.telegram_id is None:
                problems.append(f"school.administrators[{i}]: give an id (to invite them with /staff) or a telegram_id")
        problems.extend(_unique_people(self))
        ordered = sorted(self.periods, key=lambda p: p.start)
        for before, after in pairwise(ordered):
            if after.start <= before.end:
                problems.append(f"periods: {before.name!r} and {after.name!r} overlap")
        area_ids = [a.id for a in self.areas]
        for dup in {x for x in area_ids if area_ids.count(x) > 1}:
            problems.append(f"areas: duplicate id {dup!r}")
        spec_ids = [s.id for s in self.specialists]
        for i, spec in enumerate(self.specialists):
            where = f"specialists[{i}] (id={spec.id!r})"
            for area in spec.areas:
                if area not in area_ids:
                    problems.append(f"{where}.areas: unknown area {area!r} (known: {', '.join(area_ids)})")
            if spec.supervisor != "head" and spec.supervisor not in spec_ids:
                problems.append(f"{where}.supervisor: unknown {spec.supervisor!r} (use 'head' or a specialist id)")
            if spec.supervisor == spec.id:
                problems.append(f"{where}.supervisor: a specialist cannot supervise themselves")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.school.timezone)

    @cached_property
    def _areas(self) -> dict[str, Area]:
        return {a.id: a for a in self.areas}

    @cached_property
    def _specialists(self) -> dict[str, Specialist]:
        return {s.id: s for s in self.specialists}

    @cached_property
    def _by_telegram(self) -> dict[int, Specialist]:
        return {s.telegram_id: s for s in self.specialists if s.telegram_id is not None}

    @cached_property
    def _admin_ids(self) -> frozenset[int]:
        people = [self.school.head, *self.school.administrators]
        return frozenset(p.telegram_id for p in people if p.telegram_id is not None)

    @cached_property
    def people(self) -> tuple[StaffPerson, ...]:
        """Everyone who acts on requests, in the file's order: the head, the administrators,
        the specialists."""
        return tuple(_people(self))

    @cached_property
    def _people_by_id(self) -> dict[str, StaffPerson]:
        return {p.id: p for p in self.people}

    def person(self, person_id: str) -> StaffPerson | None:
        return self._people_by_id.get(person_id)

    def area(self, area_id: str) -> Area:
        try:
            return self._areas[area_id]
        except KeyError:
            raise KeyError(f"unknown area {area_id!r}") from None

    def specialist(self, spec_id: str) -> Specialist:
        try:
            return self._specialists[spec_id]
        except KeyError:
            raise KeyError(f"unknown specialist {spec_id!r}") from None

    def specialist_by_telegram_id(self, telegram_id: int) -> Specialist | None:
        return self._by_telegram.get(telegram_id)

    def is_admin(self, telegram_id: int) -> bool:
        """By the Telegram ids written in the file only; accounts joined by a link are known
        to `bot.services.people.Directory.is_admin`."""
        return telegram_id in self._admin_ids

    def classes_of_teacher(self, telegram_id: int) -> list[str]:
        return [c.class_name for c in self.class_teachers if c.telegram_id == telegram_id]

    def period_on(self, day: date) -> Period:
        """The marking period containing `day`; without periods in the file, the school year
        (1 September to 31 August)."""
        for period in self.periods:
            if period.start <= day <= period.end:
                return period
        year = day.year if day.month >= 9 else day.year - 1
        return Period(name=f"{year}/{year + 1}", start=date(year, 9, 1), end=date(year + 1, 8, 31))

    def class_teachers_of(self, class_name: str) -> list[ClassTeacher]:
        return [c for c in self.class_teachers if c.class_name == class_name]

    def section(self, name: str) -> dict[str, Any]:
        """A table another part of the product defines (e.g. 'grading'); {} when absent."""
        value = (self.model_extra or {}).get(name)
        return value if isinstance(value, dict) else {}

    @property
    def courtesy(self) -> dict[str, Any]:
        return self.section("courtesy")


HEAD_ID = "head"


def _people(config: SchoolConfig) -> list[StaffPerson]:
    head = config.school.head
    people = [StaffPerson(head.id or HEAD_ID, StaffRole.HEAD, head.name, head.position or "", head.telegram_id,
                          "school.head")]
    for i, admin in enumerate(config.school.administrators):
        people.append(StaffPerson(
            admin.id or f"admin-{admin.telegram_id or i + 1}", StaffRole.ADMIN, admin.name, admin.position or "",
            admin.telegram_id, f"school.administrators[{i}]" + (f" (id={admin.id!r})" if admin.id else ""),
        ))
    for i, spec in enumerate(config.specialists):
        people.append(StaffPerson(spec.id, StaffRole.SPECIALIST, spec.name, spec.position, spec.telegram_id,
                                  f"specialists[{i}] (id={spec.id!r})"))
    return people


def _unique_people(config: SchoolConfig) -> list[str]:
    """One entry per person: an id and a Telegram id name one person of the head, the
    administrators and the specialists (two entries with one account would make that
    account two people, and a /staff link for one id could be followed twice)."""
    problems: list[str] = []
    seen_ids: dict[str, str] = {}
    seen_accounts: dict[int, str] = {}
    for person in _people(config):
        if person.id in seen_ids:
            problems.append(f"{person.where}: duplicate id {person.id!r} (already used by {seen_ids[person.id]})")
        else:
            seen_ids[person.id] = person.where
        if person.telegram_id is None:
            continue
        if person.telegram_id in seen_accounts:
            problems.append(f"{person.where}: duplicate telegram_id {person.telegram_id} "
                            f"(already given to {seen_accounts[person.telegram_id]}); one account is one person")
        else:
            seen_accounts[person.telegram_id] = person.where
    return problems


def _where(data: dict[str, Any], loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    node: Any = data
    for item in loc:
        if isinstance(item, int):
            parts[-1] = f"{parts[-1]}[{item}]" if parts else f"[{item}]"
            if isinstance(node, list) and 0 <= item < len(node):
                node = node[item]
                if isinstance(node, dict) and "id" in node:
                    parts[-1] += f" (id={node['id']!r})"
            else:
                node = None
        else:
            parts.append(str(item))
            node = node.get(item) if isinstance(node, dict) else None
    return ".".join(parts) or "(top level)"


def load_school_config(path: str | Path) -> SchoolConfig:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SchoolConfigError(f"{path}: cannot read the file: {error.strerror or error}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SchoolConfigError(f"{path}: the file must be UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise SchoolConfigError(f"{path}: not valid TOML: {error}") from None
    try:
        return SchoolConfig.model_validate(data)
    except ValidationError as error:
        lines = [f"{path}: {error.error_count()} problem(s):"]
        for item in error.errors():
            message = item["msg"].removeprefix("Value error, ")
            if item["type"] == "missing":
                message = "is required but missing"
            elif item["type"] == "extra_forbidden":
                message = "is not a known key"
            lines.append(f"  {_where(data, tuple(item['loc']))}: {message}")
        raise SchoolConfigError("\n".join(lines)) from None
