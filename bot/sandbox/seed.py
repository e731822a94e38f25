"""The sandbox's demo data, made by the bot's own services and repositories (never a
committed database): people who agreed to the terms and chose their roles, two classes with
students, a parent linked and opted out of the web diary, four weeks of marks (imported as a
marks file is), last week's summary, and a few requests in different states.

Everything the services queue for people (cards, the summary) sits in the outbox and goes
out once the bot starts, as it would after a restart.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from bot.domain.people import Role
from bot.domain.requests import RequestKind, Topic
from bot.domain.school import SchoolConfig
from bot.domain.timetable import Timetable
from bot.i18n import I18n
from bot.sandbox import cast
from bot.services.helpdesk import HelpDesk
from bot.services.marks_import import parse_table, read_table
from bot.services.people import Directory
from bot.services.summaries import WEEKLY, Summaries
from bot.views.present import Views
from storage.db import Database
from storage.requests import NewRequest
from storage.sandbox import drop_queued
from storage.uow import repositories_of

CLASSES = {
    "5А": ("Петров Иван", "Сидорова Мария", "Кузнецова Анна", "Морозов Артём"),
    "9Б": ("Смирнов Олег", "Волкова Дарья", "Орлов Максим", "Лебедева Полина"),
}
SUBJECTS = {
    "5А": ("Математика", "Русский язык", "История"),
    "9Б": ("Алгебра", "Физика", "Русский язык"),
}
KINDS = ("Ответ на уроке", "Самостоятельная работа", "Контрольная работа", "Домашняя работа")
ROLES = {cast.PARENT.telegram_id: Role.PARENT, cast.STUDENT.telegram_id: Role.STUDENT,
         cast.TEACHER.telegram_id: Role.TEACHER, 700002: Role.PARENT}


class SeedClock:
    """The seed's own clock: each step happens at the moment the demo history says."""

    def __init__(self, value: datetime) -> None:
        self.value = value

    def now(self) -> datetime:
        return self.value


@dataclass
class Seeded:
    marks: int
    students: int
    requests: list[str]


def marks_table(start: date, end: date, timetable: Timetable) -> bytes:
    """Four weeks of marks as a class teacher's file would give them (a fixed random seed:
    the same data after every reset). The sample file's days (16–20 November) are left to it."""
    rng = random.Random(2026)
    rows = ["ФИО ученика;Класс;Предмет;Дата;Отметка;Вес;Вид работы;Урок"]
    day = start
    while day <= end:
        if day.weekday() < 5 and timetable.is_school_day(day):
            for klass, students in CLASSES.items():
                for lesson, subject in enumerate(SUBJECTS[klass], start=1):
                    for name in students:
                        if rng.random() < 0.35:
                            kind = rng.choices(KINDS, weights=(6, 2, 1, 2))[0]
                            mark = rng.choices(("5", "4", "4-", "3", "2", "н"), weights=(5, 6, 2, 3, 1, 1))[0]
                            rows.append(f"{name};{klass};{subject};{day:%d.%m.%Y};{mark};;"
                                        f"{kind if mark != 'н' else ''};{lesson}")
        day += timedelta(days=1)
    return "\n".join(rows).encode()


def _request(key: str, person: cast.Person, name: str, role: Role, klass: str | None, area: str, text: str,
             kind: RequestKind = RequestKind.QUESTION) -> NewRequest:
    return NewRequest(submission_key=f"sandbox-{key}", requester_id=person.telegram_id, requester_name=name,
                      requester_role=role.value, requester_class=klass, login=None, language="ru", kind=kind,
                      topic=Topic.GENERAL, area=area, text=text)


async def seed(database: Path, school: SchoolConfig, now: datetime) -> Seeded:
    """Fill an empty database; `now` is the school's clock at the start of the sandbox."""
    db = await Database(database).connect()
    try:
        return await _seed(db, school, now)
    finally:
        await db.close()


async def _seed(db: Database, school: SchoolConfig, now: datetime) -> Seeded:
    tz = school.tz
    now = now.astimezone(tz)  # the history's hours are the school's
    clock = SeedClock(cast.days_before(now, 35, 9))
    i18n = I18n(default=school.school.default_language)
    directory = Directory(school, i18n, db)
    helpdesk = HelpDesk(db, school, clock, directory, views=Views(directory))
    await helpdesk.reload_substitutions()
    summaries = Summaries(db, school, clock, views=helpdesk.views, directory=directory)
    users = directory.users
    links = repositories_of(db).links

    # People who opened the bot, agreed to the terms and chose their role (staff are known by the file).
    for person in cast.CAST:
        await users.give_consent(person.telegram_id, person.language_code, clock.now())
        role = ROLES.get(person.telegram_id)
        if role is not None:
            await users.set_role(person.telegram_id, role, clock.now())
    await users.set_profiles([(cast.PARENT.telegram_id, "Петрова Елена Сергеевна", "5А"),
                              (cast.STUDENT.telegram_id, "Петров Иван", "5А"),
                              (cast.TEACHER.telegram_id, "Учителева Татьяна Петровна", None)], at=clock.now())

    # Four weeks of marks before the sandbox's Tuesday, imported as a file is.
    today = now.astimezone(tz).date()
    monday = today - timedelta(days=today.weekday())
    parsed = parse_table(read_table(marks_table(monday - timedelta(days=35), monday - timedelta(days=1),
                                                Timetable(school)), "sandbox-marks.csv"), summaries.rules)
    assert not parsed.errors, parsed.errors[:3]
    stored = await summaries.store_file(parsed)

    # Parents linked to their children by the class teachers' invitations; both families
    # declined the web diary (the register R5.1), so they get the Saturday summary here.
    clock.value = cast.days_before(now, 30, 10)
    for parent_id, child, klass, teacher, mother in (
        (cast.PARENT.telegram_id, "Петров Иван", "5А", 300001, "Петрова Елена Сергеевна"),
        (700002, "Смирнов Олег", "9Б", 300002, "Смирнова Ольга Ивановна"),
    ):
        student = await links.student(child, klass, clock.now())
        code = await links.issue(student, "parent", teacher, clock.now(), days=school.parents.invitation_days)
        await links.redeem(code, parent_id, clock.now())
        await repositories_of(db).optouts.record(student, mother, date(2026, 9, 1), "telegram", teacher, clock.now())
    student = await links.student("Петров Иван", "5А", clock.now())
    code = await links.issue(student, "student", 300001, clock.now(), days=school.parents.invitation_days)
    await links.redeem(code, cast.STUDENT.telegram_id, clock.now())
    # A family that declined the web diary on paper: in the register, without the bot.
    paper = await links.student("Сидорова Мария", "5А", clock.now())
    await repositories_of(db).optouts.record(paper, "Сидоров Павел Андреевич", date(2026, 9, 3), "paper", 300001, clock.now())

    # Requests in different states.
    numbers: list[str] = []
    spec_a, spec_e = school.specialist_by_telegram_id(200001), school.specialist_by_telegram_id(200005)
    assert spec_a is not None and spec_e is not None
    # 1. Resolved last week: Thursday 08:20, Specialists A and E on duty; A took and resolved it.
    clock.value = cast.days_before(now, 5, 8, 20)
    filed = await helpdesk.file(_request("1", cast.TEACHER, "Учителева Татьяна Петровна", Role.TEACHER, None,
                                         "technical", "Не сохраняются отметки за самостоятельную работу в 7Б."),
                                [], chat_id=cast.TEACHER.telegram_id)
    holder = filed.request.assignee_id or spec_a.id
    clock.value += timedelta(minutes=5)
    await helpdesk.take(filed.request.id, holder)
    clock.value += timedelta(minutes=20)
    await helpdesk.resolve(filed.request.id, holder)
    numbers.append(filed.request.number)
    # 2. In progress: yesterday 15:00 (Specialist D. D. on duty on Mondays), taken, not yet resolved.
    clock.value = cast.days_before(now, 1, 15)
    filed = await helpdesk.file(_request("2", cast.CLASS_TEACHER, "Классный руководитель 5А", Role.CLASS_TEACHER,
                                         None, "technical", "Как выгрузить отчёт об успеваемости класса за четверть?"),
                                [], chat_id=cast.CLASS_TEACHER.telegram_id)
    clock.value += timedelta(minutes=3)
    await helpdesk.take(filed.request.id, filed.request.assignee_id or spec_e.id)
    numbers.append(filed.request.number)
    # That history is settled: its cards and notices are not sent now.
    await drop_queued(db)

    # Last Saturday's summary went out (at start, the bot sends what is queued).
    clock.value = now
    last_week = summaries.due_weekly(now)
    if last_week is not None:
        await summaries.run(WEEKLY, last_week)

    # 3. Filed this morning, outside every slot: it waits for Specialist A's slot at 14:30 and
    #    reaches the card at the bot's first tick.
    clock.value = now - timedelta(hours=2)
    filed = await helpdesk.file(_request("3", cast.STUDENT, "Петров Иван", Role.STUDENT, "5А", "planning",
                                         "Где посмотреть график контрольных работ на декабрь?",
                                         RequestKind.QUESTION), [], chat_id=cast.STUDENT.telegram_id)
    numbers.append(filed.request.number)
    # 4. Just delivered to Specialist A, on duty now: the card waits for «Взять».
    clock.value = now - timedelta(minutes=5)
    filed = await helpdesk.file(_request("4", cast.PARENT, "Петрова Елена Сергеевна", Role.PARENT, "5А",
                                         "technical", "Не приходит код для входа в электронный дневник."),
                                [], chat_id=cast.PARENT.telegram_id)
    numbers.append(filed.request.number)
    # Receipts are held for the handler that files (the form's last step); the seed has none.
    await drop_queued(db, held_only=True)
    return Seeded(stored.marks_added, sum(len(v) for v in CLASSES.values()), numbers)
