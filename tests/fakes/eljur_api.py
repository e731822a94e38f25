"""A local fake of the ЭлЖур API for the connector's tests, shaped after what public clients of
the API read and send (docs/eljur.md says which parts are observed and which are assumed).

What it does as the real service does, by the public clients:
- every call carries `devkey`, `vendor`, `out_format=json`; `auth` takes `login`/`password`
  as a GET query, a POST form or a JSON POST, and answers `token` and `expires` (Moscow time,
  no offset);
- answers are `{"response": {"state", "error", "result"}}`; an error has the HTTP status equal
  to `state` and `result: {}`: an unknown vendor 500, a wrong devkey 403, a wrong login or
  password 400 (at `auth`), a refused token 403;
- an account has `roles` and relations: `getrules` answers them (`relations.students` keyed
  by id, each with its `rules`), `getperiods` and `getmarks` answer only the related students;
- marks carry `value` as a string, `weight`/`weight_float`, `count` as a bool, `date` as
  YYYY-MM-DD, `comment`, `lesson_comment` and `mtype` as `{id, short, type}`; periods carry
  `start`/`end` as YYYYMMDD and may be `ambigious` or `disabled`; `students` is an object keyed
  by id, or a list (`students_as="list"`).

What is assumed (the real behaviour is not public), as switches:
- `unrelated`: what `getmarks` does for a student the account is not related to: "error"
  (HTTP 400, state 400) or "empty" (the student's entry with no lessons).

Faults for the tests: `expire_tokens()`, `fail_next()` (an HTML page with a 5xx, as a proxy
in front of the service gives), `delay`, `raw_marks` (the `result` to answer for a student,
as it is), stopping and starting again on the same port. `calls` counts the calls per method
and `requests` keeps each call's method and query.
"""

from __future__ import annotations

import asyncio
import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from aiohttp import web

DEVKEY = "fake-devkey-5f1c2e"
VENDOR = "school1"
LOGIN = "bot-reader"
PASSWORD = "fake-pass-93b7d0"
MSK = timezone(timedelta(hours=3))
READ_RULES = ["getdiary", "getmarks", "getschedule", "getperiods"]

DEFAULT_PERIODS: list[dict[str, Any]] = [
    {"name": "I", "fullname": "1 четверть", "start": "20260901", "end": "20261025", "disabled": False,
     "ambigious": False, "weeks": []},
    {"name": "II", "fullname": "2 четверть", "start": "20261105", "end": "20261227", "disabled": False,
     "ambigious": False, "weeks": []},
    {"name": "I-II", "fullname": "1 полугодие", "start": "20260901", "end": "20261227", "disabled": False,
     "ambigious": True, "weeks": []},
    {"name": "Год", "fullname": "Учебный год", "start": "20260901", "end": "20270531", "disabled": False,
     "ambigious": False, "weeks": []},
]


def mark(value: str, day: str, *, weight: int | float | None = 1, count: bool = True, mtype: str = "Ответ на уроке",
         comment: str = "", lesson_comment: str = "", **extra: Any) -> dict[str, Any]:
    """A mark as `getmarks` writes it ("" for `value` is a phantom: a lesson without a mark)."""
    short = "".join(word[0] for word in mtype.split()).upper()
    return {
        "value": value, "countas": value, "count": count, "convert": 0,
        "weight": None if weight is None else int(weight), "weight_float": None if weight is None else float(weight), "nm": "1", "lesson_id": "0", "date": day, "comment": comment,
        "lesson_comment": lesson_comment, "color_hex": None, "max_mark": None,
        "mtype": {"id": 1, "short": short, "type": mtype}, **extra,
    }


@dataclass
class Account:
    login: str
    password: str
    roles: list[str]
    students: list[str] = field(default_factory=list)  # related students' ids
    rules: dict[str, list[str]] = field(default_factory=dict)  # per student, when not READ_RULES


class EljurFake:
    """An aiohttp application answering `/apiv3/<method>` like ЭлЖур."""

    def __init__(
        self,
        *,
        devkey: str = DEVKEY,
        vendor: str = VENDOR,
        login: str = LOGIN,
        password: str = PASSWORD,
        roles: tuple[str, ...] = ("parent",),
        token_lifetime: timedelta = timedelta(days=90),
        unrelated: str = "error",
        students_as: str = "object",
    ) -> None:
        self.devkey, self.vendor = devkey, vendor
        self.login = login
        self.accounts: dict[str, Account] = {login: Account(login, password, list(roles))}
        self.token_lifetime = token_lifetime
        self.unrelated = unrelated
        self.students_as = students_as
        self.periods: list[dict[str, Any]] = [dict(p) for p in DEFAULT_PERIODS]
        self.students: dict[str, dict[str, Any]] = {}  # id → {"title", "class", "lessons": {subject: [mark]}}
        self.raw_marks: dict[str, Any] = {}  # id → the `result` answered for that student, as it is
        self.tokens: dict[str, str] = {}  # valid now: token → login
        self.issued: list[str] = []  # every token ever given, to look for in logs
        self.calls: Counter[str] = Counter()
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.auth_ways: list[str] = []  # "query" | "form" | "json", per `auth`
        self.delay = 0.0  # seconds before each answer
        self._failures: list[int] = []
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.url = ""

    @property
    def account(self) -> Account:
        """The account the bot is set up with."""
        return self.accounts[self.login]

    # --- life cycle ----------------------------------------------------------------------------

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/apiv3/{method}", self._handle)
        return app

    async def start(self, port: int | None = None) -> str:
        """Listens on 127.0.0.1 (`port` None: the previous port, or any free one); returns the API's root URL."""
        # No access log: it would print the query with the devkey, as a real server's does.
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port if port is None else port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{self.port}/apiv3/"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # --- data and faults -----------------------------------------------------------------------

    def add_student(self, student_id: str, title: str, lessons: dict[str, list[Any]], *, class_name: str = "5А",
                    related: bool = True) -> None:
        """A student of the school; `related`: the bot's account is related to them (a parent's child)."""
        self.students[student_id] = {"title": title, "class": class_name, "lessons": lessons}
        if related and student_id not in self.account.students:
            self.account.students.append(student_id)

    def add_account(self, login: str, password: str, roles: list[str], students: list[str] = ()) -> Account:  # type: ignore[assignment]
        self.accounts[login] = Account(login, password, list(roles), list(students))
        return self.accounts[login]

    def expire_tokens(self) -> None:
        """Every token given so far is refused from now on."""
        self.tokens.clear()

    def fail_next(self, n: int = 1, status: int = 503) -> None:
        """The next `n` calls (any method) answer `status` with an HTML page."""
        self._failures.extend([status] * n)

    def clear_failures(self) -> None:
        self._failures.clear()

    # --- the API -------------------------------------------------------------------------------

    @staticmethod
    def _answer(result: Any) -> web.Response:
        return web.json_response({"response": {"state": 200, "error": None, "result": result}})

    @staticmethod
    def _error(state: int, error: str) -> web.Response:
        return web.json_response({"response": {"state": state, "error": error, "result": {}}}, status=state)

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        self.calls[method] += 1
        query = dict(request.query)
        self.requests.append((method, query))
        if self.delay:
            await asyncio.sleep(self.delay)
        if self._failures:
            status = self._failures.pop(0)
            return web.Response(status=status, text="<html><body>Service Unavailable</body></html>",
                                content_type="text/html")
        params = dict(query)
        way = "query"
        if request.method == "POST":
            if request.content_type == "application/json":
                body = await request.json()
                params.update({k: str(v) for k, v in body.items()} if isinstance(body, dict) else {})
                way = "json"
            else:
                params.update({k: str(v) for k, v in (await request.post()).items()})
                way = "form"
        if params.get("vendor") != self.vendor:
            return self._error(500, "Internal Server Error")
        if params.get("devkey") != self.devkey:
            return self._error(403, "Доступ к API запрещён")
        if method == "auth":
            self.auth_ways.append(way)
            return self._auth(params)
        login = self.tokens.get(params.get("auth_token", ""))
        if login is None:
            return self._error(403, "Неверный или устаревший auth_token")
        account = self.accounts[login]
        if method == "getrules":
            return self._answer(self._rules(account))
        if method == "getperiods":
            return self._answer(self._periods(account))
        if method == "getmarks":
            return self._marks(account, params.get("student", ""), params.get("days", ""))
        return self._error(404, f"Метод {method} не найден")

    def _auth(self, params: dict[str, str]) -> web.Response:
        account = self.accounts.get(params.get("login", ""))
        if account is None or params.get("password") != account.password:
            return self._error(400, "Неверный логин или пароль")
        token = secrets.token_hex(16)
        self.tokens[token] = account.login
        self.issued.append(token)
        expires = datetime.now(MSK).replace(tzinfo=None, microsecond=0) + self.token_lifetime
        return self._answer({"token": token, "expires": expires.strftime("%Y-%m-%d %H:%M:%S")})

    def _keyed(self, entries: list[dict[str, Any]]) -> Any:
        return entries if self.students_as == "list" else {str(e["name"]): e for e in entries}

    def _rules(self, account: Account) -> dict[str, Any]:
        related = []
        for sid in account.students:
            student = self.students.get(sid, {"title": sid, "class": ""})
            last, _, first = student["title"].partition(" ")
            related.append({"name": sid, "title": student["title"], "lastname": last, "firstname": first,
                            "class": student["class"], "parallel": 5, "gender": "", "city": "",
                            "rel": "child" if "parent" in account.roles else "self",
                            "rules": account.rules.get(sid, READ_RULES)})
        return {"name": f"u{abs(hash(account.login)) % 10000}", "title": account.login, "roles": account.roles,
                "vendor": self.vendor, "relations": {"students": self._keyed(related), "groups": {}, "schools": []}}

    def _periods(self, account: Account) -> dict[str, Any]:
        return {"students": [{"name": sid, "title": self.students.get(sid, {}).get("title", sid),
                              "periods": self.periods} for sid in account.students]}

    def _marks(self, account: Account, student_id: str, days: str) -> web.Response:
        first, _, last = days.partition("-")
        if len(first) != 8 or len(last) != 8:
            return self._error(400, "Неверный параметр days")
        student = self.students.get(student_id)
        if student_id not in account.students or student is None:
            if self.unrelated == "error" or student is None:
                return self._error(400, "Нет доступа к ученику")
            entry = {"name": student_id, "title": student["title"], "lessons": []}
            return self._answer({"students": self._keyed([entry])})
        if student_id in self.raw_marks:
            return self._answer(self.raw_marks[student_id])
        lessons = []
        for subject, marks in student["lessons"].items():
            # Marks the fake cannot date are passed on as they are, to test the client on them.
            inside = [m for m in marks if not _dated(m) or first <= _ymd(m["date"]) <= last]
            if inside:
                lessons.append({"name": subject, "lesson_id": "0", "average": "4.50", "averageConvert": 5,
                                "marks": inside})
        entry = {"name": student_id, "title": student["title"], "lessons": lessons}
        return self._answer({"students": self._keyed([entry])})


def _ymd(value: Any) -> str:
    return str(value or "").replace("-", "")[:8]


def _dated(mark: Any) -> bool:
    return isinstance(mark, dict) and _ymd(mark.get("date")).isdigit() and len(_ymd(mark.get("date"))) == 8
