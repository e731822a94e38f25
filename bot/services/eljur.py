"""The connector to the ЭлЖур API: which students the bot's account may read, the periods, and
those students' marks, pulled on a schedule and stored as `ImportRow`s, the same rows a marks
file gives (docs/marks-import.md). docs/eljur.md says which behaviour of the API is observed in
public clients and which is assumed.

The API is JSON over HTTPS (`https://<vendor>.eljur.ru/apiv3/<method>`), every call carries
`devkey`, `vendor`, `out_format=json` and an `auth_token` from `auth`. Answers are wrapped as
`{"response": {"state": 200, "error": null, "result": {...}}}`; an error comes with the HTTP
status equal to `state` and `result: {}`. The HTTP status and `state` are read together:
at `auth` 400 names the login, 500 the vendor, 403 the developer key. Those are configuration
errors (`EljurConfigError`): one message, and no pull until the setting is fixed and the bot
restarted. An outage (no answer, a timeout, a 5xx page that is not the API's answer) is
`EljurUnavailable`, reported once and retried on the schedule.

An account reads only the students it is related to (a parent's children, a student
themselves): `getrules` says which. A pull asks only for those, and stores a student's marks
only from that student's own entry in a clean answer: an absent, empty, unreadable or refused
entry changes nothing for that student and is counted, and such a pull is partial.

The devkey, the password and the token are secrets: they are kept in `SecretStr` or private
fields, masked in every URL that is logged, and never put into an exception message (a
network error's own text can carry the URL, so it is replaced by a short safe one).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
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
TOKEN_REFUSED = frozenset({401, 403})
MAX_ERROR_TEXT = 200
# The methods a relation's `rules` must allow for its marks to be read.
MARKS_RULES = frozenset({"getmarks", "marks"})

# The setting a configuration error names.
SETTING_LOGIN = "ELJUR_LOGIN"
SETTING_VENDOR = "ELJUR_VENDOR"
SETTING_DEVKEY = "ELJUR_DEVKEY"


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
    """The API answered with an error, or an answer could not be read. The message is safe
    to log and to show to administrators."""


class EljurUnavailable(EljurError):
    """The API could not be reached: network error, timeout, a 5xx that is not the API's
    own answer."""


class EljurGarbled(EljurError):
    """An answer came, but it could not be read whole."""


class EljurConfigError(EljurError):
    """A setting is wrong (`kind`: "login", "vendor" or "devkey"): retrying cannot help until
    it is fixed and the bot restarted."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


class EljurRefused(EljurError):
    """A call was refused (HTTP 4xx with the API's own answer) with a valid token: for
    `getmarks`, the account may not read that student."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


class _Answered(Exception):
    """An error the API answered itself (a JSON envelope): `code` is its HTTP status and
    `state` read together."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class Period:
    """A term as the journal defines it; `end` is inclusive."""

    name: str
    start: date
    end: date

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class Periods:
    """`getperiods` read: the usable terms, and how many were left out as `ambigious`
    (no dates of their own) or `disabled`."""

    periods: list[Period]
    ambiguous: int = 0
    disabled: int = 0


@dataclass(frozen=True, slots=True)
class RelatedStudent:
    journal_id: str
    title: str
    class_name: str
    readable: bool  # its `rules` allow reading marks


@dataclass(frozen=True, slots=True)
class AccountRules:
    """`getrules` read: the account's roles and the students it is related to."""

    roles: tuple[str, ...]
    students: tuple[RelatedStudent, ...]

    @property
    def role(self) -> str:
        return ", ".join(self.roles)

    @property
    def readable_ids(self) -> frozenset[str]:
        return frozenset(s.journal_id for s in self.students if s.readable)


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
        """One HTTP call; returns the `result` of the answer's envelope, raises `_Answered`
        for an error the API answered itself, `EljurUnavailable` for anything else."""
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
        return self._unwrap(method, status, text)

    def _unwrap(self, method: str, status: int, text: str) -> Any:
        try:
            body = json.loads(text)
        except ValueError:
            body = None
        envelope = body.get("response") if isinstance(body, dict) else None
        if not isinstance(envelope, dict):
            # Not the API's answer: a proxy's error page, a maintenance page served with 200.
            if status >= 500 or status == 200:
                raise EljurUnavailable(f"{method}: HTTP {status}, not the API's answer") from None
            raise EljurError(f"{method}: HTTP {status}, not the API's answer") from None
        state = _int(envelope.get("state"))
        error = envelope.get("error")
        if status == 200 and state in (None, 200) and not error:
            result = envelope.get("result")
            return result if result is not None else {}
        # The HTTP status and `state` are the same in an error; when they differ, the one that
        # is an error wins (a 200 page saying state 400 is a 400).
        code = status if status != 200 else (state if state not in (None, 200) else 400)
        message = self._scrub(str(error)) if error else "no details"
        raise _Answered(f"{method}: HTTP {code}: {message}", code)

    # --- the token -----------------------------------------------------------------------------

    def _token_valid(self) -> bool:
        if self._token is None:
            return False
        return self._expires is None or self._now() < self._expires - RENEW_MARGIN

    async def auth(self) -> None:
        """Gets a new token with the login and password (sent in the body, not the URL).
        400 is the login or password, 500 the vendor, 403 the developer key."""
        password = self._settings.password.get_secret_value() if self._settings.password else ""
        try:
            form = {"login": self._settings.login, "password": password}
            result = await self._request("auth", self._common(), form)
        except _Answered as exc:
            if exc.code == 400:
                raise EljurConfigError(f"sign-in refused: {exc}", "login") from None
            if exc.code == 500:
                raise EljurConfigError(f"sign-in refused: {exc}", "vendor") from None
            if exc.code in TOKEN_REFUSED:
                raise EljurConfigError(f"sign-in refused: {exc}", "devkey") from None
            if exc.code > 500:
                raise EljurUnavailable(str(exc)) from None
            raise EljurError(f"sign-in refused: {exc}") from None
        token = result.get("token") if isinstance(result, dict) else None
        if not isinstance(token, str) or not token:
            raise EljurGarbled("auth: the answer has no token")
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

    async def _signed(self, method: str, token: str, params: Mapping[str, str]) -> Any:
        try:
            return await self._request(method, {**self._common(), "auth_token": token, **params})
        except _Answered as exc:
            if exc.code >= 500:
                raise EljurUnavailable(str(exc)) from None
            raise

    async def call(self, method: str, **params: str) -> Any:
        """A signed-in call; on a refused token signs in again and retries once. A call
        refused with a fresh token is `EljurRefused`."""
        token = await self._ensure_token()
        try:
            return await self._signed(method, token, params)
        except _Answered as exc:
            if exc.code not in TOKEN_REFUSED:
                raise EljurRefused(str(exc), exc.code) from None
            log.info("ЭлЖур refused the token (%s); signing in again", exc)
        token = await self._ensure_token(refused=token)
        try:
            return await self._signed(method, token, params)
        except _Answered as exc:
            raise EljurRefused(str(exc), exc.code) from None

    # --- the data ------------------------------------------------------------------------------

    async def rules(self) -> AccountRules:
        """The account's roles and related students. A fresh token refused here means the
        developer key does not allow the API's reading methods."""
        try:
            return parse_rules(await self.call("getrules"))
        except EljurRefused as exc:
            if exc.code in TOKEN_REFUSED:
                raise EljurConfigError(str(exc), "devkey") from None
            raise

    async def periods(self) -> Periods:
        """The school's terms, sorted by start."""
        try:
            return parse_periods(await self.call("getperiods"))
        except EljurRefused as exc:
            if exc.code in TOKEN_REFUSED:
                raise EljurConfigError(str(exc), "devkey") from None
            raise

    async def entry(self, student_id: str, start: date, end: date, *, student_name: str,
                    class_name: str) -> Entry:
        """One student's marks and absences from `start` to `end` inclusive, from that
        student's own entry of the answer."""
        result = await self.call("getmarks", student=student_id, days=f"{start:%Y%m%d}-{end:%Y%m%d}")
        return read_entry(result, student_id=student_id, student_name=student_name, class_name=class_name)


# --- reading the answers ----------------------------------------------------------------------

def _items(value: Any) -> list[Any]:
    """A list as the API gives it: a list, or an object keyed by id, or nothing."""
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
    """"YYYY-MM-DD" (marks) or "YYYYMMDD" (periods), with or without a time after it."""
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        return None
    text = str(value).strip().split(" ")[0].split("T")[0]
    digits = text.replace("-", "")
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
    if text in {"true", "1"}:
        return True
    if text in {"false", "0"}:
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


def parse_rules(result: Any) -> AccountRules:
    """`getrules`: `roles` and `relations.students` (an object keyed by id, or a list), each
    related student with the methods its `rules` allow. A relation without `rules` is taken
    as readable (docs/eljur.md: an assumption)."""
    if not isinstance(result, dict):
        raise EljurGarbled("getrules: the answer is not an object")
    roles = tuple(r for r in (_text(x) for x in _items(result.get("roles"))) if r)
    relations = result.get("relations")
    students: list[RelatedStudent] = []
    for item in _items(relations.get("students") if isinstance(relations, dict) else None):
        if not isinstance(item, dict):
            continue
        journal_id = _text(item.get("name"))
        if journal_id is None:
            continue
        rules = item.get("rules")
        allowed = {str(r).strip().lower() for r in rules} if isinstance(rules, list) else None
        readable = allowed is None or bool(allowed & MARKS_RULES)
        students.append(RelatedStudent(journal_id, _text(item.get("title")) or journal_id,
                                       _text(item.get("class")) or "", readable))
    return AccountRules(roles, tuple(students))


def parse_periods(result: Any) -> Periods:
    """Terms from `getperiods`, under `students[].periods` (each related student's terms;
    terms shared by several students are listed once). `ambigious` terms have no dates of
    their own and `disabled` ones are not used: both are left out and counted."""
    if not isinstance(result, dict):
        raise EljurGarbled("getperiods: the answer is not an object")
    found: dict[tuple[date, date], Period] = {}
    ambiguous: set[str] = set()
    disabled: set[str] = set()
    for student in _items(result.get("students")):
        if not isinstance(student, dict):
            continue
        for item in _items(student.get("periods")):
            if not isinstance(item, dict):
                continue
            name = _text(item.get("fullname")) or _text(item.get("name")) or "?"
            if _parse_bool(item.get("disabled")):
                disabled.add(name)
                continue
            if _parse_bool(item.get("ambigious")) or _parse_bool(item.get("ambiguous")):
                ambiguous.add(name)
                continue
            start, end = _parse_day(item.get("start")), _parse_day(item.get("end"))
            if start is None or end is None or end < start:
                ambiguous.add(name)
                continue
            found.setdefault((start, end), Period(name, start, end))
    return Periods(sorted(found.values(), key=lambda p: (p.start, p.end)), len(ambiguous), len(disabled))


def _kind_of_work(value: Any) -> str | None:
    if isinstance(value, dict):
        return _text(value.get("type")) or _text(value.get("short"))
    return _text(value)


PHANTOM = object()  # a mark without a value: a lesson the journal lists with no mark in it


def parse_mark(
    mark: Any, *, subject: str, student_id: str, student_name: str, class_name: str
) -> ImportRow | object | None:
    """One mark of `getmarks` as an `ImportRow`; `PHANTOM` for a mark with an empty value;
    None when it cannot be read."""
    if not isinstance(mark, dict):
        return None
    raw = mark.get("value")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return PHANTOM
    written = _text(raw)
    day = _parse_day(mark.get("date"))
    if written is None or day is None:
        return None
    counts = _parse_bool(mark.get("count"))
    weight = _parse_weight(mark.get("weight_float"))
    if weight is None:
        weight = _parse_weight(mark.get("weight"))
    if weight is not None and not 0 < weight <= 10:
        if weight == 0:
            counts = False  # a zero weight is the journal's way to keep a mark out of the average
        else:
            log.warning("ЭлЖур: ignored weight %r (student %s, %s, %s)", weight, student_id, subject, day)
        weight = None
    if written.strip().lower() in ABSENCE_CODES:
        counts = False  # an absence never counts, whatever the flag says
    return ImportRow(
        student_name=student_name,
        class_name=class_name,
        subject=subject,
        day=day,
        written=written,
        weight=weight,
        counts=counts,
        kind_of_work=_kind_of_work(mark.get("mtype")),
        comment=_text(mark.get("comment")),
        journal_id=student_id,
        lesson_comment=_text(mark.get("lesson_comment")),
    )


# What became of one student in a pull.
STORED = "stored"  # a clean entry with marks: they replace the student's range
EMPTY = "empty"  # the student's entry has no marks: nothing changes
ABSENT = "absent"  # the answer has no entry for the student: nothing changes
GARBLED = "garbled"  # the entry could not be read whole: nothing changes
REFUSED = "refused"  # the API refused the student: nothing changes
GAPS = (ABSENT, EMPTY, GARBLED, REFUSED)


@dataclass(frozen=True, slots=True)
class Entry:
    """One student's part of a `getmarks` answer, read."""

    kind: str
    rows: list[ImportRow] = field(default_factory=list)
    phantoms: int = 0
    problem: str | None = None


def _own_entry(result: Any, student_id: str) -> tuple[str, dict[str, Any] | None]:
    """(kind, entry): the student's own entry of `getmarks` (`students` keyed by id, or a list
    whose items name the student), never another student's."""
    if isinstance(result, list) and not result:
        return ABSENT, None  # PHP's empty array
    if not isinstance(result, dict):
        return GARBLED, None
    students = result.get("students")
    if students is None or students == []:
        return ABSENT, None
    if isinstance(students, dict):
        entry = students.get(student_id)
        if entry is None:
            return ABSENT, None
        return (STORED, entry) if isinstance(entry, dict) else (GARBLED, None)
    if isinstance(students, list):
        for entry in students:
            if isinstance(entry, dict) and _text(entry.get("name")) == student_id:
                return STORED, entry
        return ABSENT, None
    return GARBLED, None


def read_entry(result: Any, *, student_id: str, student_name: str, class_name: str) -> Entry:
    """The student's marks from their own entry; anything unreadable in it makes the entry
    GARBLED (its marks are not stored, the student's stored marks stay)."""
    kind, entry = _own_entry(result, student_id)
    if entry is None:
        return Entry(kind, problem=None if kind == ABSENT else "the answer is not an object")
    lessons = entry.get("lessons")
    if lessons is not None and not isinstance(lessons, (list, dict)):
        return Entry(GARBLED, problem="the subjects are not a list")
    rows: list[ImportRow] = []
    phantoms = 0
    for lesson in _items(lessons):
        subject = _text(lesson.get("name")) if isinstance(lesson, dict) else None
        if subject is None:
            return Entry(GARBLED, problem="a subject without a name")
        marks = lesson.get("marks")
        if marks is not None and not isinstance(marks, (list, dict)):
            return Entry(GARBLED, problem=f"the marks of {subject} are not a list")
        for mark in _items(marks):
            row = parse_mark(mark, subject=subject, student_id=student_id, student_name=student_name,
                             class_name=class_name)
            if row is PHANTOM:
                phantoms += 1
            elif isinstance(row, ImportRow):
                rows.append(row)
            else:
                return Entry(GARBLED, problem=f"an unreadable mark in {subject}")
    return Entry(STORED if rows else EMPTY, rows, phantoms)


# --- what the account can read ----------------------------------------------------------------

Student = tuple[str, str, str]  # (journal id, full name, class), as the school's list has them


@dataclass(frozen=True, slots=True)
class Access:
    """The account's rules matched against the school's students with a journal id."""

    roles: tuple[str, ...]
    readable: list[Student]  # the school's students the account can read
    unreadable: list[Student]  # the school's students it cannot: they stay on the file import
    elsewhere: int  # related students the school's list does not have

    @property
    def role(self) -> str:
        return ", ".join(self.roles)

    def unreadable_by_class(self) -> dict[str, list[str]]:
        classes: dict[str, list[str]] = {}
        for _, name, class_name in self.unreadable:
            classes.setdefault(class_name, []).append(name)
        return classes


def match_access(rules: AccountRules, students: Iterable[Student]) -> Access:
    readable_ids = rules.readable_ids
    school = [(str(j).strip(), n, c) for j, n, c in students if str(j or "").strip()]
    known = {j for j, _, _ in school}
    return Access(
        roles=rules.roles,
        readable=[s for s in school if s[0] in readable_ids],
        unreadable=[s for s in school if s[0] not in readable_ids],
        elsewhere=len(readable_ids - known),
    )


# --- pulling and storing ----------------------------------------------------------------------

class MarksSource(Protocol):
    async def entry(self, student_id: str, start: date, end: date, *, student_name: str,
                    class_name: str) -> Entry: ...


@dataclass(frozen=True, slots=True)
class PullOutcome:
    """What a pull read: the rows of the students with a clean entry, and the gaps."""

    rows: list[ImportRow]
    stored: list[str]  # journal ids whose range the rows replace
    gaps: dict[str, list[str]]  # kind → journal ids (nothing changes for them)
    phantoms: int = 0
    problems: list[str] = field(default_factory=list)  # "<journal id>: <what>", for the log

    @property
    def partial(self) -> bool:
        return any(self.gaps.values())

    def gap_count(self) -> int:
        return sum(len(ids) for ids in self.gaps.values())


async def pull(client: MarksSource, students: list[Student], start: date, end: date, *,
               concurrency: int = 4) -> PullOutcome:
    """Every student's own entry, in the students' order. An outage fails the whole pull
    (nothing is stored); a student's absent, empty, unreadable or refused entry is a gap."""
    entries: list[Entry | None] = [None for _ in students]
    gate = asyncio.Semaphore(max(1, concurrency))

    async def one(index: int, journal_id: str, name: str, class_name: str) -> None:
        async with gate:
            try:
                entries[index] = await client.entry(journal_id, start, end, student_name=name,
                                                    class_name=class_name)
            except EljurRefused as exc:
                entries[index] = Entry(REFUSED, problem=str(exc))
            except EljurGarbled as exc:
                entries[index] = Entry(GARBLED, problem=str(exc))
            except EljurConfigError:
                raise
            except EljurError as exc:  # say whose marks, so a wrong journal id can be found
                raise type(exc)(f"{exc} (student {journal_id})") from None  # type: ignore[call-arg]

    try:
        async with asyncio.TaskGroup() as group:
            for index, (journal_id, name, class_name) in enumerate(students):
                group.create_task(one(index, str(journal_id).strip(), name, class_name))
    except BaseExceptionGroup as group_error:
        raise group_error.exceptions[0] from None
    rows: list[ImportRow] = []
    stored: list[str] = []
    gaps: dict[str, list[str]] = {kind: [] for kind in GAPS}
    problems: list[str] = []
    phantoms = 0
    for (journal_id, _, _), entry in zip(students, entries, strict=True):
        assert entry is not None
        journal_id = str(journal_id).strip()
        phantoms += entry.phantoms
        if entry.kind == STORED:
            stored.append(journal_id)
            rows.extend(r if r.journal_id else replace(r, journal_id=journal_id) for r in entry.rows)
        else:
            gaps[entry.kind].append(journal_id)
            if entry.problem:
                problems.append(f"{journal_id}: {entry.problem}")
    return PullOutcome(rows, stored, gaps, phantoms, problems)


@dataclass(frozen=True, slots=True)
class SyncResult:
    ok: bool
    start: date | None = None
    end: date | None = None
    period: str | None = None  # the journal's name of the pulled term; None: the last 30 days
    students: int = 0  # asked for
    rows: int = 0  # read from the API
    new: int = 0  # of those, not stored before
    stored: int = 0  # students whose marks were replaced
    gaps: dict[str, int] = field(default_factory=dict)  # kind → students for whom nothing changed
    unreadable: int = 0  # the school's students the account cannot read (not asked for)
    phantoms: int = 0
    ambiguous: int = 0
    error: str | None = None
    config: str | None = None  # the kind of a configuration error: "login", "vendor", "devkey"

    @property
    def partial(self) -> bool:
        return any(self.gaps.values())


# --- what the connector tells ------------------------------------------------------------------
# Told to the administrators (`JournalUnreadableClass`: to the class's teachers), worded in
# bot/views/summaries.py. `topic` names each in the outbox's dedupe keys.


@dataclass(frozen=True, slots=True)
class JournalNews:
    @property
    def topic(self) -> str:
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class JournalConfigWrong(JournalNews):
    """A setting is wrong (`kind`: "login", "vendor", "devkey"): no pull until a restart."""

    kind: str
    error: str

    @property
    def topic(self) -> str:
        return CONFIG_TOPICS[self.kind]


# The text of a setting the journal refused, by the kind of the error (`EljurConfigError`).
CONFIG_TOPICS = {"login": "eljur-config-login", "vendor": "eljur-config-vendor", "devkey": "eljur-config-devkey"}


@dataclass(frozen=True, slots=True)
class JournalUnavailable(JournalNews):
    """An outage began: the stored marks stay as they were."""

    error: str

    @property
    def topic(self) -> str:
        return "eljur-unavailable"


@dataclass(frozen=True, slots=True)
class JournalBack(JournalNews):
    """The outage is over."""

    @property
    def topic(self) -> str:
        return "eljur-back"


@dataclass(frozen=True, slots=True)
class JournalPartial(JournalNews):
    """A pull read only some students: `stored` of them; `gaps` unchanged, by kind."""

    stored: int
    gaps: int
    absent: int
    empty: int
    garbled: int
    refused: int

    @property
    def topic(self) -> str:
        return "eljur-partial"


@dataclass(frozen=True, slots=True)
class JournalWhole(JournalNews):
    """A pull is whole again after a partial one."""

    @property
    def topic(self) -> str:
        return "eljur-whole"


@dataclass(frozen=True, slots=True)
class JournalReadsNothing(JournalNews):
    """The account reads no student's marks (`role`: its first role, or "none")."""

    role: str

    @property
    def topic(self) -> str:
        return "eljur-reads-nothing"


@dataclass(frozen=True, slots=True)
class JournalUnreadableClass(JournalNews):
    """To a class's teachers: the students (sorted) the account cannot read; they stay on the file import."""

    class_name: str
    names: tuple[str, ...]

    @property
    def topic(self) -> str:
        return "eljur-unreadable-class"


@dataclass(frozen=True, slots=True)
class JournalStatus:
    """For /status: the account's access asked now (or why it could not be: `config`, the kind
    of a configuration error, with `error`; or `error` alone), and the last whole-range pull."""

    config: str | None = None
    error: str | None = None
    roles: tuple[str, ...] = ()
    readable: int = 0
    total: int = 0
    unreadable: tuple[tuple[str, int], ...] = ()  # (class, students), by class
    last: SyncResult | None = None


StudentsProvider = Callable[[], Awaitable[list[Student]]]
# (rows, start, end, journal ids) → how many rows were new. The rows replace the range of
# exactly those students (bot/services/summaries/journal.py `store_pulled`); nobody else's changes.
Store = Callable[[list[ImportRow], date, date, list[str]], Awaitable[int]]
NotifyAdmins = Callable[[JournalNews], Awaitable[Any]]
# A notice to the class's teachers.
NotifyTeachers = Callable[[JournalUnreadableClass], Awaitable[Any]]


def current_period(periods: Iterable[Period], today: date) -> Period | None:
    """The shortest term containing today: a quarter rather than the half-year or year that
    also contains it, so a pull reads what the current period mark is made of."""
    containing = [p for p in periods if p.contains(today)]
    return min(containing, key=lambda p: (p.end - p.start, p.start), default=None)


class EljurSync:
    """The scheduled pull, and what the administrators and class teachers are told.

    The first run (at start) reads the account's rules: an account that reads no marks is
    one message to the administrators, and each class teacher gets the list of their
    students the account cannot read (they stay on the file import). An outage is reported
    once when it starts (`JournalUnavailable`) and once when it ends (`JournalBack`); a partial
    pull once when gaps appear (`JournalPartial`) and once when a pull is whole again. A
    configuration error is one message, and no pull runs after it until a restart. These
    states live in memory: after a restart an ongoing one is reported again."""

    def __init__(
        self, client: EljurClient, students_provider: StudentsProvider, store: Store, notify_admins: NotifyAdmins,
        notify_teachers: NotifyTeachers | None = None,
    ) -> None:
        self._client = client
        self._students = students_provider
        self._store = store
        self._notify = notify_admins
        self._notify_teachers = notify_teachers
        self._down = False
        self._partial = False
        self._started = False
        self.config_error: EljurConfigError | None = None
        self.last: SyncResult | None = None
        self.access: Access | None = None
        self._lock = asyncio.Lock()

    @property
    def down(self) -> bool:
        return self._down

    async def check_access(self) -> Access:
        """`getrules` now, matched against the school's students (for /status too)."""
        access = match_access(await self._client.rules(), await self._students())
        self.access = access
        return access

    async def run(self, today: date) -> SyncResult:
        async with self._lock:  # a slow run and the next tick must not pull twice at once
            result = await self._run(today)
            self.last = result
            return result

    async def _run(self, today: date) -> SyncResult:
        if self.config_error is not None:  # told once; fixing a setting needs a restart
            return SyncResult(ok=False, error=str(self.config_error)[:MAX_ERROR_TEXT], config=self.config_error.kind)
        try:
            access = await self.check_access()
            if not self._started:
                await self._at_start(access)
            if not access.readable:
                return SyncResult(ok=True, unreadable=len(access.unreadable))
            periods = await self._client.periods()
            period = current_period(periods.periods, today)
            if period is not None:
                start, end, name = period.start, period.end, period.name
            else:
                start, end, name = today - timedelta(days=FALLBACK_DAYS), today, None
            outcome = await pull(self._client, access.readable, start, end)
        except EljurConfigError as exc:
            error = str(exc)[:MAX_ERROR_TEXT]
            log.error("ЭлЖур: a setting is wrong (%s); no pulls until it is fixed and the bot restarted: %s",
                      exc.kind, error)
            if await self._tell(JournalConfigWrong(exc.kind, error)):
                self.config_error = exc
            return SyncResult(ok=False, error=error, config=exc.kind)
        except EljurError as exc:
            error = str(exc)[:MAX_ERROR_TEXT]
            log.warning("ЭлЖур pull failed, the stored marks stay as they were: %s", error)
            if not self._down and await self._tell(JournalUnavailable(error)):
                self._down = True
            return SyncResult(ok=False, error=error)
        new = await self._store(outcome.rows, start, end, outcome.stored) if outcome.stored else 0
        result = SyncResult(
            ok=True, start=start, end=end, period=name, students=len(access.readable), rows=len(outcome.rows),
            new=new, stored=len(outcome.stored), gaps={k: len(v) for k, v in outcome.gaps.items() if v},
            unreadable=len(access.unreadable), phantoms=outcome.phantoms, ambiguous=periods.ambiguous,
        )
        self._log(result, outcome)
        if self._down and await self._tell(JournalBack()):
            self._down = False
        if outcome.partial and not self._partial:
            if await self._tell(JournalPartial(stored=result.stored, gaps=outcome.gap_count(),
                                               absent=result.gaps.get(ABSENT, 0), empty=result.gaps.get(EMPTY, 0),
                                               garbled=result.gaps.get(GARBLED, 0),
                                               refused=result.gaps.get(REFUSED, 0))):
                self._partial = True
        elif not outcome.partial and self._partial and await self._tell(JournalWhole()):
            self._partial = False
        return result

    @staticmethod
    def _log(result: SyncResult, outcome: PullOutcome) -> None:
        """One line per pull: what was stored, what was left as it was, what was skipped."""
        gaps = ", ".join(f"{kind} {count}" for kind, count in result.gaps.items()) or "none"
        log.info(
            "ЭлЖур pull %s–%s: %d of %d students stored, %d rows, %d new; unchanged: %s; "
            "not readable by the account: %d; skipped: %d phantom marks, %d ambiguous periods%s",
            result.start, result.end, result.stored, result.students, result.rows, result.new, gaps,
            result.unreadable, result.phantoms, result.ambiguous,
            ("; " + "; ".join(outcome.problems[:5])) if outcome.problems else "",
        )

    async def _at_start(self, access: Access) -> None:
        """What the start tells: an account that reads nothing, or per class the students it
        cannot read."""
        self._started = True
        log.info("ЭлЖур: the account is %s; it reads %d of the school's %d students with a journal id "
                 "(%d related students are not in the school's list)", access.role or "without a role",
                 len(access.readable), len(access.readable) + len(access.unreadable), access.elsewhere)
        if not access.readable:
            log.warning("ЭлЖур: the account reads no student's marks; marks come from the file import only")
            await self._tell(JournalReadsNothing(access.roles[0] if access.roles else "none"))
            return
        if self._notify_teachers is None:
            return
        for class_name, names in sorted(access.unreadable_by_class().items()):
            try:
                await self._notify_teachers(JournalUnreadableClass(class_name, tuple(sorted(names))))
            except Exception:
                log.exception("could not tell the class teachers of %s which students stay on the file import",
                              class_name)

    async def describe(self, *, timeout: float = 10.0) -> JournalStatus:
        """For /status: what the account is and can read (asked now), and the last pull."""
        try:
            if self.config_error is not None:
                raise self.config_error
            access = await asyncio.wait_for(self.check_access(), timeout)
        except EljurConfigError as exc:
            status = JournalStatus(config=exc.kind, error=str(exc)[:MAX_ERROR_TEXT])
        except (EljurError, TimeoutError) as exc:
            status = JournalStatus(error=str(exc)[:MAX_ERROR_TEXT] or type(exc).__name__)
        else:
            classes = access.unreadable_by_class()
            status = JournalStatus(
                roles=access.roles, readable=len(access.readable), total=len(access.readable) + len(access.unreadable),
                unreadable=tuple((name, len(names)) for name, names in sorted(classes.items())),
            )
        last = self.last
        return replace(status, last=last) if last is not None and last.ok and last.start is not None else status

    async def _tell(self, news: JournalNews) -> bool:
        """False when the message could not be queued, so the next run tries again."""
        try:
            await self._notify(news)
        except Exception:
            log.exception("could not tell the administrators %s", news.topic)
            return False
        return True
