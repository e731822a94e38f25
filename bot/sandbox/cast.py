"""Who is in the sandbox: the example school's people, one chat pane each.

Staff ids are the ones `schools/example.toml` gives them; the parent, the student and the
teacher are people the school file does not list (they declare their role in the bot).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

# The school's clock when the sandbox starts (or is reset): Tuesday 17 November 2026,
# 14:45, during Specialist A's consultation slot (Tue 14:30–16:00).
START_LOCAL = "2026-11-17T14:45:00"


@dataclass(frozen=True)
class Person:
    telegram_id: int
    first_name: str
    last_name: str
    role: str          # what the pane's header says
    pane: bool = True  # shown on the page at start
    language_code: str = "ru"

    def as_json(self) -> dict[str, object]:
        return asdict(self)


PARENT = Person(700001, "Елена", "Петрова", "Родитель (мама Петрова Ивана, 5А)")
STUDENT = Person(700101, "Иван", "Петров", "Ученик 5А")
TEACHER = Person(400001, "Татьяна", "Учителева", "Учитель")
CLASS_TEACHER = Person(300001, "Классный", "руководитель 5А", "Классный руководитель 5А")
SPECIALIST_A = Person(200001, "Специалист", "А. А.", "Специалист А (техническая поддержка)")
SPECIALIST_B = Person(200002, "Специалист", "Б. Б.", "Специалист Б (методическая помощь)")
ADMINISTRATOR = Person(100002, "Администратор", "ЭлЖур", "Администратор ЭлЖур")
HEAD = Person(100001, "Директор", "Д. Д.", "Директор")
# In the school file or linked by the seed, without a pane at start (one can be added).
OTHERS = (
    Person(300002, "Классный", "руководитель 9Б", "Классный руководитель 9Б", pane=False),
    Person(200003, "Специалист", "В. В.", "Специалист В", pane=False),
    Person(200004, "Специалист", "Г. Г.", "Специалист Г", pane=False),
    Person(200005, "Специалист", "Д. Д.", "Специалист Д", pane=False),
    Person(200006, "Специалист", "Е. Е.", "Специалист Е", pane=False),
    Person(700002, "Ольга", "Смирнова", "Родитель (мама Смирнова Олега, 9Б)", pane=False),
)
CAST = (PARENT, STUDENT, TEACHER, CLASS_TEACHER, SPECIALIST_A, SPECIALIST_B, ADMINISTRATOR, HEAD, *OTHERS)
NEW_PEOPLE_FROM = 710001  # ids of people added on the page


def start_moment(tz: ZoneInfo) -> datetime:
    return datetime.fromisoformat(START_LOCAL).replace(tzinfo=tz)


def days_before(moment: datetime, days: int, hour: int, minute: int = 0) -> datetime:
    return (moment - timedelta(days=days)).replace(hour=hour, minute=minute, second=0, microsecond=0)
