"""The layers, checked over the modules' source (docs/architecture.md):

- SQL lives in storage/ only: nothing in bot/ imports the database engine (aiosqlite,
  sqlite3), holds a SQL statement, calls the database's statement methods (execute, fetch_…)
  or opens a raw transaction; services use the repositories through a unit of work
  (storage/uow.py).
- Handlers (and the dialogs they share) reach data through services: they import no
  repository, unit of work or database from storage/, only the data classes it returns.
- storage/ and bot/domain/ know nothing of Telegram: no aiogram import.
- storage/ builds on the domain and nothing above it; the domain on nothing of the project.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

ENGINES = {"aiosqlite", "sqlite3"}
STATEMENT_METHODS = {"execute", "executemany", "executescript", "execute_fetchall", "fetch_one", "fetch_all",
                     "fetch_value"}
SQL = re.compile(
    r"^\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|WITH|CREATE|DROP|ALTER|PRAGMA|BEGIN|COMMIT|ROLLBACK)\b"
    r"|\bSELECT\b.+\bFROM\b|\bINSERT\s+(OR\s+\w+\s+)?INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b"
    r"|\bON\s+CONFLICT\b",
    re.DOTALL,
)


def modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@functools.cache
def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def imported(module: ast.Module) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of every import, those inside functions included."""
    for node in ast.walk(module):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def docstrings(module: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(module):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def strings(module: ast.Module) -> Iterator[tuple[int, str]]:
    """(line, text) of every string constant but docstrings; an f-string's literal parts joined."""
    skip = docstrings(module)
    inside_f: set[int] = set()
    for node in ast.walk(module):
        if isinstance(node, ast.JoinedStr):
            parts = [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
            inside_f.update(id(v) for v in node.values)
            yield node.lineno, " ? ".join(parts)
    for node in ast.walk(module):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
                and id(node) not in inside_f):
            yield node.lineno, node.value


def sql_in(module: ast.Module) -> list[str]:
    return [f"{line}: {text[:60]!r}" for line, text in strings(module) if SQL.search(text)]


def statement_calls(module: ast.Module) -> list[str]:
    """Calls of the database's statement methods, and raw transactions (`….db.transaction()`)."""
    found = []
    for node in ast.walk(module):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name, receiver = node.func.attr, node.func.value
        receiver_name = receiver.attr if isinstance(receiver, ast.Attribute) else getattr(receiver, "id", "")
        if name in STATEMENT_METHODS or (name == "transaction" and receiver_name in {"db", "_db"}):
            found.append(f"{node.lineno}: .{name}()")
    return found


BOT = modules("bot")


def offenders(paths: list[Path], check: Callable[[ast.Module], list[str]]) -> dict[str, list[str]]:
    """Each module's findings, the modules without any left out (one test per rule: a test per
    module would cost the suite a second for nothing)."""
    found = {rel(p): check(tree(p)) for p in paths}
    return {name: items for name, items in found.items() if items}


def engine_imports(module: ast.Module) -> list[str]:
    return [f"{line}: {name}" for line, name in imported(module) if name.split(".")[0] in ENGINES]


def test_nothing_above_storage_imports_the_database_engine() -> None:
    assert offenders(BOT, engine_imports) == {}, "the database engine is storage's: use its repositories"


def test_nothing_above_storage_writes_sql() -> None:
    found = offenders(BOT, lambda module: sql_in(module) + statement_calls(module))
    assert found == {}, "SQL and the database's statement methods belong in storage/ repositories"


# What gives access to the data (the database, a repository, a unit of work), as opposed to the
# data classes storage/ returns (User, Request, Student, …), which handlers may name.
ACCESS = re.compile(r"Repository$|^(Database|UnitOfWork|Repositories|AuditLog|PersonalData|CourtesyMarks|FormRows)$")


def data_access_imports(module: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(module):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == "storage":
            found += [f"{node.lineno}: {a.name}" for a in node.names if ACCESS.search(a.name)]
        elif isinstance(node, ast.Import):
            found += [f"{node.lineno}: {a.name}" for a in node.names if a.name.split(".")[0] == "storage"]
    return found


def test_handlers_reach_data_through_services_only() -> None:
    found = offenders(modules("bot/handlers") + modules("bot/dialogs"), data_access_imports)
    assert found == {}, "handlers reach data through services (give a service the method)"


def aiogram_imports(module: ast.Module) -> list[str]:
    return [f"{line}: {name}" for line, name in imported(module) if name.split(".")[0] == "aiogram"]


def test_storage_and_the_domain_know_nothing_of_telegram() -> None:
    assert offenders(modules("storage") + modules("bot/domain"), aiogram_imports) == {}


def test_storage_builds_on_the_domain_only() -> None:
    def above(module: ast.Module) -> list[str]:
        return [f"{line}: {name}" for line, name in imported(module)
                if name.split(".")[0] == "bot" and not name.startswith("bot.domain")]

    assert offenders(modules("storage"), above) == {}


def test_the_domain_builds_on_nothing_of_the_project() -> None:
    def other_layers(module: ast.Module) -> list[str]:
        return [f"{line}: {name}" for line, name in imported(module)
                if name.split(".")[0] in {"bot", "storage", "tg_standin"} and not name.startswith("bot.domain")]

    assert offenders(modules("bot/domain"), other_layers) == {}


def test_the_checks_see_what_they_look_for() -> None:
    """The detectors find a statement, an engine import, a raw transaction and aiogram."""
    sample = ast.parse(
        "import sqlite3\n"
        "from aiogram import Bot\n"
        "async def f(self, conn, table):\n"
        "    '''SELECT in a docstring is prose.'''\n"
        "    await self.db.fetch_all(\n"
        "        'SELECT id FROM requests '\n"
        "        'WHERE status = ?', ('new',))\n"
        "    await conn.execute(f'UPDATE {table} SET x = 1')\n"
        "    async with self.db.transaction() as c:\n"
        "        pass\n"
        "    return 'Выбрать (SELECT) обращение'\n"
    )
    assert [line for line, _ in imported(sample)] == [1, 2]
    assert [s.split(":")[0] for s in sql_in(sample)] == ["8", "6"]
    assert [s.split(":")[0] for s in statement_calls(sample)] == ["5", "8", "9"]
    handler = ast.parse("from storage.users import User, UserRepository\nfrom storage.db import Database\n"
                        "from storage.requests import Request\nimport storage.links\n")
    assert data_access_imports(handler) == ["1: UserRepository", "2: Database", "4: storage.links"]


# --- the presentation boundary: services decide, bot/views words --------------------------

SERVICES = modules("bot/services")
# Who is who (bot/services/people.py) carries the running texts for the views that word notices.
HOLDS_THE_TEXTS = {"bot/services/people.py"}


@functools.cache
def message_ids() -> frozenset[str]:
    """Every Fluent message id of the texts (locales/ru/*.ftl)."""
    found = set()
    for path in (ROOT / "locales" / "ru").glob("*.ftl"):
        found.update(re.findall(r"^([a-z][a-z0-9-]*)\s*=", path.read_text(encoding="utf-8"), re.MULTILINE))
    return frozenset(found)


def wording(module: ast.Module) -> list[str]:
    """What words a text for people: a translator (`t(…)`, `….i18n`, `translator_for`), a text's
    id put together in an f-string, the texts' or Telegram's modules. A whole text id may stand
    as the code of an outcome (a refusal, an import error) that the handler's view words."""
    ids = message_ids()
    found = []
    for node in ast.walk(module):
        if isinstance(node, ast.Attribute) and node.attr in {"i18n", "translator_for"}:
            found.append(f"{node.lineno}: .{node.attr}")
        if isinstance(node, ast.JoinedStr) and node.values:
            head = node.values[0]
            if (isinstance(head, ast.Constant) and isinstance(head.value, str) and head.value.endswith("-")
                    and any(i.startswith(head.value) for i in ids)):
                found.append(f"{node.lineno}: f'{head.value}…'")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t":
            found.append(f"{node.lineno}: t(…)")
    for line, name in imported(module):
        if name.split(".")[0] == "aiogram" or name.startswith(("bot.views", "bot.i18n")):
            found.append(f"{line}: import {name}")
    return found


def test_services_say_what_happens_and_the_views_word_it() -> None:
    found = offenders([p for p in SERVICES if rel(p) not in HOLDS_THE_TEXTS], wording)
    assert found == {}, "services build notices (bot/services/outgoing.py); their wording goes in bot/views/"


def test_the_wording_check_sees_what_it_looks_for() -> None:
    sample = ast.parse(
        "from aiogram.types import BufferedInputFile\n"
        "from bot.views.render import card_text\n"
        "def f(t, r, kind):\n"
        "    key = f'moved:{r.id}'\n"
        "    a = t('card-title', number=1)\n"
        "    b = f'status-{kind}'\n"
        "    return self.directory.i18n.get('ru')('help-everyone')\n"
    )
    assert sorted(wording(sample)) == [
        "1: import aiogram.types", "2: import bot.views.render", "5: t(…)", "6: f'status-…'", "7: .i18n"]


def module_file(name: str) -> Path | None:
    """The project's file of a dotted module name, or None (the standard library, a package)."""
    base = ROOT.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def reaches_aiogram(start: Path) -> list[str]:
    """The chain of imports from `start` to aiogram, through the project's modules, or []."""
    paths: dict[Path, list[str]] = {start: [rel(start)]}
    todo = [start]
    while todo:
        path = todo.pop()
        for _, name in imported(tree(path)):
            if name.split(".")[0] == "aiogram":
                return [*paths[path], name]
            found = module_file(name)
            if found is not None and found not in paths:
                paths[found] = [*paths[path], rel(found)]
                todo.append(found)
    return []


def test_services_know_nothing_of_telegram_even_through_another_module() -> None:
    """No service reaches aiogram through what it imports (the outbox's worker, the sending
    path, a handler): they see the worker as a `Courier` and Telegram as a `Messenger`."""
    found = {rel(p): chain for p in SERVICES if (chain := reaches_aiogram(p))}
    assert found == {}, "give the service a protocol of bot/services/outgoing.py instead"
    assert reaches_aiogram(ROOT / "bot" / "messenger.py")[-1].startswith("aiogram")  # the check sees it
