"""The connector to the ЭлЖур API: periods and marks of the school's students, pulled on a
schedule and stored as `ImportRow`s, the same rows a marks file gives (docs/marks-import.md).

The API is JSON over HTTPS (`https://<vendor>.eljur.ru/apiv3/<method>`), every call carries
`devkey`, `vendor`, `out_format=json` and an `auth_token` from `auth`. Answers are wrapped as
`{"response": {"state": 200, "error": null, "result": {...}}}`. Field names differ between
versions of the API (`lessons`/`subjects`, `marks`/`assessments`, `name`/`title`, …), so the
answers are read defensively: a missing field is a default, a malformed mark is skipped and
logged, never a crash of the whole pull.

The devkey, the password and the token are secrets: they are kept in `SecretStr` or private
fields, masked in every URL that is logged, and never put into an exception message (a
network error's own text can carry the URL, so it is replaced by a short safe one).

A pull is all or nothing: if the API fails for any student, or any student's answer cannot
be read whole (`EljurGarbled`: a missing or misshapen part, a mark without value or date),
nothing is stored for anybody and the last good data stays, because a pull replaces each
student's marks in its range; the administrators are told once per outage (`EljurSync`).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, Protocol

import aiohttp
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict
from yarl import URL

from bot.domain.marks import ABSENCE_CODES, ImportRow

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 20.0  # seconds for one call, connection included
FALLBACK_DAYS = 30  # pulled when no period of the journal contains today
# Token lifetimes are months; renewing a little early avoids a call failing on the boundary.
RENEW_MARGIN = timedelta(minutes=5)
# ЭлЖур writes `expires` in Moscow time without an offset.
ELJUR_TZ = timezone(timedelta(hours=3))
SECRET_PARAMS = frozenset({"devkey", "password", "auth_token", "token"})
AUTH_STATES = frozenset({401, 403})
AUTH_WORDS = ("token", "auth", "токен", "авториз")
MAX_ERROR_TEXT = 200


class EljurSettings(BaseSettings):
    """`ELJUR_*` environment variables (and `.env`); the connector is off unless all four
    credentials are set, so a school without API access simply imports files."""

    model_config = SettingsConfigDict(
        env_prefix="ELJUR_", env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    vendor: str = Field(default="", description="The school's name in ЭлЖур: <vendor>.eljur.ru")
    devkey: SecretStr | None = Field(default=None, description="Developer key issued by ЭлЖур support.")
    login: str = Field(default="", description="The account the bot reads the journal with.")
    password: SecretStr | None = None
    api_url: str | None = Field(default=None, description="Default https://{vendor}.eljur.ru/apiv3/")
    pull_minutes: int = Field(default=60, ge=1, description="How often marks are pulled.")

    @property
    def enabled(self) -> bool:
        return bool(
            self.vendor.strip() and self.login.strip()
            and self.devkey is not None and self.devkey.get_secret_value().strip()
            and self.password is not None and self.password.get_secret_value()
        )

    @property
    def base_url(self) -> str:
        """The API's root, always ending with "/" so methods can be appended."""
        url = (self.api_url or "").strip() or f"https://{self.vendor.strip()}.eljur.ru/apiv3/"
        return url if url.endswith("/") else url + "/"


class EljurError(Exception):
    """The API answered with an error (wrong credentials, a refused call, an unreadable answer).
    The message is safe to log and to show to administrators."""


class EljurUnavailable(EljurError):
    """The API could not be reached: network error, timeout, a 5xx answer."""


class EljurGarbled(EljurError):
    """An answer came, but part of it could not be read: storing the rest would replace the
    unreadable student's (or mark's) stored data with nothing."""


class _AuthRejected(EljurError):
    """The API refused the token (or the devkey); the call may succeed after a new `auth`."""


@dataclass(frozen=True, slots=True)
class Period:
    """A term as the journal defines it; `end` is inclusive."""

    name: str
    start: date
    end: date

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def mask_url(url: str | URL) -> str:
    """The URL with the values of secret query parameters replaced, for logs."""
    parsed = URL(str(url))
    if not parsed.query:
        return str(parsed)
    query = [(k, "***" if k.lower() in SECRET_PARAMS else v) for k, v in parsed.query.items()]
    return str(parsed.with_query(query))


class EljurClient:
    """One account's session with the API. The token is fetched on first use and renewed
    when it expires or the API refuses it; a refused call is retried once after that."""

    def __init__(
        self,
        settings: EljurSettings,
        session: aiohttp.ClientSession | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self._settings = settings
        self._base = URL(settings.base_url)
        self._session = session
        self._own_session = session is None
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._now = now or (lambda: datetime.now(UTC))
        self._token: str | None = None
        self._expires: datetime | None = None
        self._auth_lock = asyncio.Lock()

    # --- plumbing ------------------------------------------------------------------------------

    def _secrets(self) -> list[str]:
        values = [self._token or ""]
        for secret in (self._settings.devkey, self._settings.password):
            if secret is not None:
                values.append(secret.get_secret_value())
        return [v for v in values if len(v) >= 4]

    def _scrub(self, text: str) -> str:
        """Any secret value that found its way into a text (an API's error echoing the
        request, say) is replaced, and the text is kept short."""
        for secret in self._secrets():
            text = text.replace(secret, "***")
        text = " ".join(text.split())
        return text[:MAX_ERROR_TEXT]

    def _common(self) -> dict[str, str]:
        devkey = self._settings.devkey.get_secret_value() if self._settings.devkey else ""
        return {"devkey": devkey, "vendor": self._settings.vendor.strip(), "out_format": "json"}

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
            self._own_session = True
        return self._session

    async def close(self) -> None:
        """Closes the HTTP session if this client opened it (a given one is the caller's)."""
        if self._own_session and self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def _request(self, method: str, params: Mapping[str, str], form: Mapping[str, str] | None = None) -> Any:
        """One HTTP call; returns the `result` of the answer's envelope."""
        url = self._base.join(URL(method)).with_query(dict(params))
        log.debug("ЭлЖур → %s", mask_url(url))
        try:
            http = self._http()
            if form is None:
                call = http.get(url, timeout=self._timeout)
            else:
                call = http.post(url, data=dict(form), timeout=self._timeout)
            async with call as response:
                status = response.status
                text = await response.text(errors="replace")
        except TimeoutError:
            raise EljurUnavailable(f"{method}: no answer in {self._timeout.total:g} s") from None
        except aiohttp.ClientError as exc:
            # The exception's own text may carry the URL with its query: name the kind only.
            raise EljurUnavailable(f"{method}: network error ({type(exc).__name__})") from None
        log.debug("ЭлЖур ← %s HTTP %s, %d bytes", method, status, len(text))
        if status >= 500:
            raise EljurUnavailable(f"{method}: HTTP {status}")
        return self._unwrap(method, status, text)

    def _unwrap(self, method: str, status: int, text: str) -> Any:
        try:
            body = json.loads(text)
        except ValueError:
            if status in AUTH_STATES:
                raise _AuthRejected(f"{method}: HTTP {status}") from None
            if status >= 400:
                raise EljurError(f"{method}: HTTP {status}") from None
            # A maintenance page served with 200 is an outage, not a change of format.
            raise EljurUnavailable(f"{method}: the answer is not JSON (HTTP {status})") from None
        envelope = body.get("response", body) if isinstance(body, dict) else None
        if not isinstance(envelope, dict):
            raise EljurError(f"{method}: unexpected answer (HTTP {status})")
        state = _int(envelope.get("state"))
        error = envelope.get("error")
        if state is None:
            state = status if status != 200 or error else 200
        if state == 200 and not error:
            result = envelope.get("result")
            return result if result is not None else {}
        message = self._scrub(str(error)) if error else "no details"
        text_error = f"{method}: state {state}: {message}"
        if state in AUTH_STATES or any(word in message.lower() for word in AUTH_WORDS):
            raise _AuthRejected(text_error)
        if state >= 500:
            raise EljurUnavailable(text_error)
        raise EljurError(text_error)

    # --- the token -----------------------------------------------------------------------------

    def _token_valid(self) -> bool:
        if self._token is None:
            return False
        return self._expires is None or self._now() < self._expires - RENEW_MARGIN

    async def auth(self) -> None:
        """Gets a new token with the login and password (sent in the body, not the URL)."""
        password = self._settings.password.get_secret_value() if self._settings.password else ""
        try:
            form = {"login": self._settings.login, "password": password}
            result = await self._request("auth", self._common(), form)
        except _AuthRejected as exc:
            raise EljurError(f"sign-in refused: {exc}") from None
        token = result.get("token") if isinstance(result, dict) else None
        if not isinstance(token, str) or not token:
            raise EljurError("auth: the answer has no token")
        self._token = token
        self._expires = _parse_expires(result.get("expires"))
        log.info("ЭлЖур: signed in as %s, token until %s", self._settings.login, self._expires or "unknown")

    async def _ensure_token(self, refused: str | None = None) -> str:
        """A usable token; `refused` is the token the API just refused, so that concurrent
        calls refused together sign in once."""
        async with self._auth_lock:
            if self._token_valid() and self._token != refused:
                assert self._token is not None
                return self._token
            await self.auth()
            assert self._token is not None
            return self._token

    async def call(self, method: str, **params: str) -> Any:
        """A signed-in call; on a refused token signs in again and retries once."""
        token = await self._ensure_token()
        try:
            return await self._request(method, {**self._common(), "auth_token": token, **params})
        except _AuthRejected as exc:
            log.info("ЭлЖур refused the token (%s); signing in again", exc)
        token = await self._ensure_token(refused=token)
        try:
            return await self._request(method, {**self._common(), "auth_token": token, **params})
        except _AuthRejected as exc:
            raise EljurError(str(exc)) from None

    # --- the data ------------------------------------------------------------------------------

    async def periods(self) -> list[Period]:
        """The school's terms, sorted by start."""
        return parse_periods(await self.call("getperiods"))

    async def marks(
        self, student_id: str, start: date, end: date, *, student_name: str, class_name: str, strict: bool = False
    ) -> list[ImportRow]:
        """One student's marks and absences from `start` to `end` inclusive. `strict`: an answer
        with anything unreadable raises `EljurGarbled` instead of giving the readable rest."""
        result = await self.call("getmarks", student=student_id, days=f"{start:%Y%m%d}-{end:%Y%m%d}")
        return parse_marks(result, student_id=student_id, student_name=student_name, class_name=class_name,
                           strict=strict)


# --- reading the answers ----------------------------------------------------------------------

def _first(data: Mapping[str, Any], *keys: str) -> Any:
    for key in keys:
        value = data.get(key)
        if value is not None and value != "":
            return value
    return None


def _items(value: Any) -> list[Any]:
    """A list as the API gives it: a list, or a dict keyed by id, or nothing."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return list(value.values())
    return []


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _parse_day(value: Any) -> date | None:
    """"YYYY-MM-DD", "YYYYMMDD", "YYYY.MM.DD", with or without a time after it."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, (str, int)):
        return None
    text = str(value).strip().split(" ")[0].split("T")[0]
    digits = text.replace("-", "").replace(".", "")
    if len(digits) != 8 or not digits.isdigit():
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def _parse_expires(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        log.warning("ЭлЖур: unreadable token expiry %r; renewing only when refused", value)
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=ELJUR_TZ)


def _parse_bool(value: Any) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    text = str(value).strip().lower()
    if text in {"true", "1", "yes", "да", "y"}:
        return True
    if text in {"false", "0", "no", "нет", "n"}:
        return False
    return None


def _parse_weight(value: Any) -> float | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return float(str(value).strip().replace(",", "."))
    except ValueError:
        return None


def _text(value: Any) -> str | None:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = " ".join(str(value).split())
        return text or None
    return None


def parse_periods(result: Any) -> list[Period]:
    """Terms from `getperiods`: under `students[].periods` (a student's terms) or, in some
    versions, `periods` at the top. Terms shared by several students are listed once."""
    if not isinstance(result, dict):
        return []
    raw: list[Any] = list(_items(result.get("periods")))
    for student in _items(result.get("students")):
        if isinstance(student, dict):
            raw.extend(_items(student.get("periods")))
    found: dict[tuple[date, date], Period] = {}
    for item in raw:
        if not isinstance(item, dict):
            continue
        start, end = _parse_day(item.get("start")), _parse_day(item.get("end"))
        if start is None or end is None or end < start:
            log.warning("ЭлЖур: skipped a period without readable dates: %r", _text(item.get("name")))
            continue
        name = _text(_first(item, "fullname", "name", "title")) or f"{start}–{end}"
        found.setdefault((start, end), Period(name, start, end))
    return sorted(found.values(), key=lambda p: (p.start, p.end))


def _student_entry(result: Any, student_id: str) -> dict[str, Any] | None:
    """The student's part of `getmarks`: `students` keyed by id, or a list whose items name
    the student (`name` is the id in ЭлЖур, `title` the full name)."""
    if not isinstance(result, dict):
        return None
    students = result.get("students")
    if isinstance(students, dict):
        entry = students.get(student_id)
        if isinstance(entry, dict):
            return entry
    entries = [s for s in _items(students) if isinstance(s, dict)]
    for entry in entries:
        if any(str(entry.get(key, "")) == student_id for key in ("id", "student_id", "name")):
            return entry
    if len(entries) == 1:
        return entries[0]
    if students is None and isinstance(_first(result, "lessons", "subjects"), (list, dict)):
        return result  # one student's lessons at the top
    return None


def _kind_of_work(value: Any) -> str | None:
    if isinstance(value, dict):
        value = _first(value, "type", "name", "title", "short")
    return _text(value)


def parse_mark(
    mark: Any, *, subject: str, student_id: str, student_name: str, class_name: str
) -> ImportRow | None:
    """One mark of `getmarks` as an `ImportRow`, or None (logged) when it cannot be read."""
    if not isinstance(mark, dict):
        log.warning("ЭлЖур: skipped a mark that is not an object (student %s, %s)", student_id, subject)
        return None
    written = _text(_first(mark, "value", "mark", "written"))
    day = _parse_day(_first(mark, "date", "day", "lesson_date"))
    if written is None or day is None:
        log.warning(
            "ЭлЖур: skipped a mark without value or date (student %s, %s, value %r, date %r)",
            student_id, subject, mark.get("value"), mark.get("date"),
        )
        return None
    counts = _parse_bool(_first(mark, "count", "counts", "is_count"))
    weight = _parse_weight(_first(mark, "weight", "weight_float", "coefficient"))
    if weight is not None and not 0 < weight <= 10:
        if weight == 0:
            counts = False  # a zero weight is the journal's way to keep a mark out of the average
        else:
            log.warning("ЭлЖур: ignored weight %r (student %s, %s, %s)", weight, student_id, subject, day)
        weight = None
    if written.strip().lower() in ABSENCE_CODES:
        counts = False  # an absence never counts, whatever the flag says
    lesson = _int(_first(mark, "lesson_num", "lesson_number", "lessonNumber", "num"))
    return ImportRow(
        student_name=student_name,
        class_name=class_name,
        subject=subject,
        day=day,
        written=written,
        weight=weight,
        counts=counts,
        kind_of_work=_kind_of_work(_first(mark, "mtype", "type", "work_type")),
        comment=_text(mark.get("comment")),
        lesson=lesson if lesson is not None and 1 <= lesson <= 12 else None,
        journal_id=student_id,
    )


def _collection(value: Any) -> bool:
    """A list or a dict keyed by id, or nothing at all (no items): what a list may be."""
    return value is None or isinstance(value, (list, dict))


def parse_marks(
    result: Any, *, student_id: str, student_name: str, class_name: str, strict: bool = False
) -> list[ImportRow]:
    """All readable marks of one student in a `getmarks` answer, in the answer's order.
    `strict`: anything unreadable (the student's part missing or another student's, a list
    that is not one, a subject without a name, a mark without value or date) raises
    `EljurGarbled`, since a pull replaces the student's stored marks with what it read."""
    problems: list[str] = []
    entry = _student_entry(result, student_id)
    if entry is None:
        problems.append("no readable part for this student")
    elif strict and _names_another_student(entry, student_id):
        problems.append("the answer is about another student")
    rows: list[ImportRow] = []
    if entry is not None:
        name = student_name or _text(_first(entry, "title", "fullname")) or student_id
        lessons = _first(entry, "lessons", "subjects")
        if not _collection(lessons):
            problems.append("the subjects are not a list")
        for lesson in _items(lessons):
            if not isinstance(lesson, dict):
                problems.append("a subject that is not an object")
                continue
            subject = _text(_first(lesson, "name", "title", "subject"))
            if subject is None:
                log.warning("ЭлЖур: skipped a subject without a name (student %s)", student_id)
                problems.append("a subject without a name")
                continue
            marks = _first(lesson, "marks", "assessments")
            if not _collection(marks):
                problems.append(f"the marks of {subject} are not a list")
            for mark in _items(marks):
                row = parse_mark(mark, subject=subject, student_id=student_id, student_name=name,
                                 class_name=class_name)
                if row is None:
                    problems.append(f"an unreadable mark in {subject}")
                else:
                    rows.append(row)
    if strict and problems:
        more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
        raise EljurGarbled(f"getmarks: the answer is garbled: {problems[0]}{more}")
    return rows


def _names_another_student(entry: dict[str, Any], student_id: str) -> bool:
    ids = [str(entry[key]) for key in ("id", "student_id", "name") if entry.get(key) not in (None, "")]
    return bool(ids) and student_id not in ids


# --- pulling and storing ----------------------------------------------------------------------

class MarksSource(Protocol):
    async def marks(
        self, student_id: str, start: date, end: date, *, student_name: str, class_name: str, strict: bool = False
    ) -> list[ImportRow]: ...


async def pull(
    client: MarksSource, students: list[tuple[str, str, str]], start: date, end: date, *, concurrency: int = 4
) -> list[ImportRow]:
    """Marks of all `students` ((journal_id, full_name, class_name)), in their order. Any
    failure fails the whole pull, so a half-read journal is never stored as if complete."""
    results: list[list[ImportRow]] = [[] for _ in students]
    gate = asyncio.Semaphore(max(1, concurrency))

    async def one(index: int, journal_id: str, name: str, class_name: str) -> None:
        async with gate:
            try:
                rows = await client.marks(journal_id, start, end, student_name=name, class_name=class_name,
                                          strict=True)
            except EljurError as exc:  # say whose marks, so a wrong journal id can be found
                raise type(exc)(f"{exc} (student {journal_id})") from None
        results[index] = [r if r.journal_id else replace(r, journal_id=journal_id) for r in rows]

    try:
        async with asyncio.TaskGroup() as group:
            for index, (journal_id, name, class_name) in enumerate(students):
                if not str(journal_id).strip():
                    log.warning("ЭлЖур: student no. %d of the list (class %s) has no journal id; skipped",
                                index + 1, class_name)
                    continue
                group.create_task(one(index, str(journal_id).strip(), name, class_name))
    except BaseExceptionGroup as group_error:
        raise group_error.exceptions[0] from None
    return [row for rows in results for row in rows]


@dataclass(frozen=True, slots=True)
class SyncResult:
    ok: bool
    start: date | None = None
    end: date | None = None
    period: str | None = None  # the journal's name of the pulled term; None: the last 30 days
    students: int = 0
    rows: int = 0  # read from the API
    new: int = 0  # of those, not stored before
    error: str | None = None


StudentsProvider = Callable[[], Awaitable[list[tuple[str, str, str]]]]
# (rows, start, end) → how many rows were new. The range is passed because a pull is the
# journal's whole picture of it (bot/services/summaries.py `store_pulled` replaces it).
Store = Callable[[list[ImportRow], date, date], Awaitable[int]]
NotifyAdmins = Callable[..., Awaitable[Any]]


def current_period(periods: Iterable[Period], today: date) -> Period | None:
    """The shortest term containing today: a quarter rather than the half-year or year that
    also contains it, so a pull reads what the current period mark is made of."""
    containing = [p for p in periods if p.contains(today)]
    return min(containing, key=lambda p: (p.end - p.start, p.start), default=None)


class EljurSync:
    """One scheduled pull. An outage is reported to the administrators once, when it starts
    ("eljur-unavailable"), and once when it ends ("eljur-back"); runs in between stay quiet.
    The outage state lives in memory: after a restart an ongoing outage is reported again."""

    def __init__(
        self, client: EljurClient, students_provider: StudentsProvider, store: Store, notify_admins: NotifyAdmins
    ) -> None:
        self._client = client
        self._students = students_provider
        self._store = store
        self._notify = notify_admins
        self._down = False
        self._lock = asyncio.Lock()

    @property
    def down(self) -> bool:
        return self._down

    async def run(self, today: date) -> SyncResult:
        async with self._lock:  # a slow run and the next tick must not pull twice at once
            try:
                period = current_period(await self._client.periods(), today)
                if period is not None:
                    start, end, name = period.start, period.end, period.name
                else:
                    start, end, name = today - timedelta(days=FALLBACK_DAYS), today, None
                students = await self._students()
                rows = await pull(self._client, students, start, end)
            except EljurError as exc:
                error = str(exc)[:MAX_ERROR_TEXT]
                log.warning("ЭлЖур pull failed, the stored marks stay as they were: %s", error)
                key = "eljur-garbled" if isinstance(exc, EljurGarbled) else "eljur-unavailable"
                if not self._down and await self._tell(key, error=error):
                    self._down = True
                return SyncResult(ok=False, error=error)
            # An empty pull stores nothing: with a replacing store it would wipe the range, and
            # "no marks at all" is likelier an unreadable answer than an empty journal.
            new = await self._store(rows, start, end) if rows else 0
            log.info("ЭлЖур pull %s–%s: %d students, %d rows, %d new", start, end, len(students), len(rows), new)
            if self._down and await self._tell("eljur-back"):
                self._down = False
            return SyncResult(ok=True, start=start, end=end, period=name, students=len(students),
                              rows=len(rows), new=new)

    async def _tell(self, key: str, **args: Any) -> bool:
        """False when the message could not be queued, so the next run tries again."""
        try:
            await self._notify(key, **args)
        except Exception:
            log.exception("could not tell the administrators %s", key)
            return False
        return True
