"""A local fake of the ЭлЖур API (REQUIREMENTS, "The journal's data"), for the connector's tests.

It checks `devkey`, `vendor` and `auth_token` as the real API does, answers in the
`{"response": {"state", "error", "result"}}` envelope, and can:
- speak the other field names some versions use (`variant="v2"`: periods at the top, students
  as a list, `subjects`/`title`/`assessments`/`averageConvert`, dates as YYYYMMDD, `count` as
  "true"/"false", weights as strings, `mtype` as an object);
- make every issued token invalid (`expire_tokens()`), as when a token runs out;
- fail the next calls with a 5xx (`fail_next`) or answer slowly (`delay`);
- be stopped and started again on the same port, as an outage and a recovery.

Data is kept in the v3 shape: `periods` as the API writes them, and per student a title and
lessons (subject → marks as the API writes them). `calls` counts the calls per method and
`requests` keeps each call's method and query, to check what the client sends.
"""

from __future__ import annotations

import asyncio
import secrets
from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Any

from aiohttp import web

DEVKEY = "fake-devkey-5f1c2e"
VENDOR = "school1"
LOGIN = "bot-reader"
PASSWORD = "fake-pass-93b7d0"
MSK = timezone(timedelta(hours=3))

DEFAULT_PERIODS: list[dict[str, Any]] = [
    {"name": "I", "fullname": "1 четверть", "start": "20260901", "end": "20261025", "weeks": []},
    {"name": "II", "fullname": "2 четверть", "start": "20261105", "end": "20261227", "weeks": []},
    {"name": "Год", "fullname": "Учебный год", "start": "20260901", "end": "20270531", "weeks": []},
]


class EljurFake:
    """An aiohttp application answering `/apiv3/<method>` like ЭлЖур."""

    def __init__(
        self,
        *,
        variant: str = "v3",
        devkey: str = DEVKEY,
        vendor: str = VENDOR,
        login: str = LOGIN,
        password: str = PASSWORD,
        token_lifetime: timedelta = timedelta(days=90),
    ) -> None:
        self.variant = variant
        self.devkey, self.vendor, self.login, self.password = devkey, vendor, login, password
        self.token_lifetime = token_lifetime
        self.periods: list[dict[str, Any]] = [dict(p) for p in DEFAULT_PERIODS]
        self.students: dict[str, dict[str, Any]] = {}  # id → {"title": ..., "lessons": {subject: [mark]}}
        self.tokens: set[str] = set()  # valid now
        self.issued: list[str] = []  # every token ever given, to look for in logs
        self.calls: Counter[str] = Counter()
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.delay = 0.0  # seconds before each answer
        self._failures: list[int] = []
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.url = ""

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

    def add_student(self, student_id: str, title: str, lessons: dict[str, list[dict[str, Any]]]) -> None:
        self.students[student_id] = {"title": title, "lessons": lessons}

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
    def _answer(result: Any = None, *, state: int = 200, error: str | None = None) -> web.Response:
        return web.json_response({"response": {"state": state, "error": error, "result": result}})

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
        if request.method == "POST":
            if request.content_type == "application/json":
                body = await request.json()
                params.update({k: str(v) for k, v in body.items()} if isinstance(body, dict) else {})
            else:
                params.update({k: str(v) for k, v in (await request.post()).items()})
        if params.get("devkey") != self.devkey or params.get("vendor") != self.vendor:
            return self._answer(state=403, error="Неверный ключ разработчика (devkey) или vendor")
        if method == "auth":
            return self._auth(params)
        if params.get("auth_token") not in self.tokens:
            return self._answer(state=403, error="Неверный или устаревший auth_token")
        if method == "getperiods":
            return self._answer(self._periods())
        if method == "getmarks":
            return self._marks(params.get("student", ""), params.get("days", ""))
        return self._answer(state=404, error=f"Метод {method} не найден")

    def _auth(self, params: dict[str, str]) -> web.Response:
        if params.get("login") != self.login or params.get("password") != self.password:
            return self._answer(state=400, error="Неверный логин или пароль")
        token = secrets.token_hex(16)
        self.tokens.add(token)
        self.issued.append(token)
        expires = datetime.now(MSK).replace(tzinfo=None, microsecond=0) + self.token_lifetime
        return self._answer({"token": token, "expires": expires.strftime("%Y-%m-%d %H:%M:%S")})

    def _periods(self) -> dict[str, Any]:
        if self.variant == "v2":
            return {"periods": self.periods}
        return {"students": [{"name": sid, "title": s["title"], "periods": self.periods}
                             for sid, s in self.students.items()] or [{"periods": self.periods}]}

    def _marks(self, student_id: str, days: str) -> web.Response:
        first, _, last = days.partition("-")
        if len(first) != 8 or len(last) != 8:
            return self._answer(state=400, error="Неверный параметр days")
        student = self.students.get(student_id)
        if student is None:
            return self._answer(state=400, error="Нет доступа к ученику")
        lessons = []
        for subject, marks in student["lessons"].items():
            # Marks the fake cannot date are passed on as they are, to test the client on them.
            inside = [m for m in marks if not _dated(m) or first <= _ymd(m["date"]) <= last]
            if self.variant == "v2":
                lessons.append({"title": subject, "averageConvert": "4.50",
                                "assessments": [_v2_mark(m) for m in inside]})
            else:
                lessons.append({"name": subject, "average": "4.50", "average_convert": 4.5, "marks": inside})
        if self.variant == "v2":
            return self._answer({"students": [{"name": student_id, "title": student["title"], "subjects": lessons}]})
        entry = {"name": student_id, "title": student["title"], "lessons": lessons}
        return self._answer({"students": {student_id: entry}})


def _ymd(value: Any) -> str:
    return str(value or "").replace("-", "")[:8]


def _dated(mark: Any) -> bool:
    return isinstance(mark, dict) and _ymd(mark.get("date")).isdigit() and len(_ymd(mark.get("date"))) == 8


def _v2_mark(mark: Any) -> Any:
    """The same mark in the other version's spelling."""
    if not isinstance(mark, dict):
        return mark
    out = dict(mark)
    if "date" in out and isinstance(out["date"], str):
        out["date"] = _ymd(out["date"])
    if isinstance(out.get("count"), bool):
        out["count"] = "true" if out["count"] else "false"
    if isinstance(out.get("weight"), (int, float)):
        out["weight"] = str(out["weight"])
    if isinstance(out.get("mtype"), str):
        out["mtype"] = {"type": out["mtype"], "short": out["mtype"][:3]}
    return out
