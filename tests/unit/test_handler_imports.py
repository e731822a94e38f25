"""Handler modules are leaves: none imports another (shared steps live in bot/dialogs, shared
texts in bot/views), so a change to one conversation cannot break another's import."""

from __future__ import annotations

import ast
from pathlib import Path

HANDLERS = Path(__file__).resolve().parents[2] / "bot" / "handlers"


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):  # lazy imports inside functions too
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_no_handler_module_imports_another():
    modules = sorted(p for p in HANDLERS.glob("*.py") if p.name != "__init__.py")
    assert len(modules) > 10
    names = {f"bot.handlers.{p.stem}" for p in modules}
    offenders = {p.name: sorted(imported_modules(p) & names) for p in modules}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_check_sees_a_lazy_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from bot.handlers.parents import redeem\n", encoding="utf-8")
    assert "bot.handlers.parents" in imported_modules(sample)
