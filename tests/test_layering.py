"""The package's rooms and their doors, read from the source with ``ast``.

Layers, lowest first: ``core`` (no Qt, no network, no I/O services), ``services`` (no Qt),
``controllers`` (QtCore and QtNetwork only, no widgets), ``gui`` (widgets), and the composition
root (``app``, ``smoke``, ``__main__``). A module imports from its own layer or below, never
above. Every import counts, including ones inside functions (they load the module all the same)
and ones under ``if TYPE_CHECKING:`` for the direction rule (they still tie the code upward);
the Qt and network rules skip ``TYPE_CHECKING`` imports because those never load at run time.

And a size rule: no hand-written module over 600 lines, the composition root at most 450, so
each thing stays in a room the next engineer can read in one sitting.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "callcompanion"
GENERATED = PACKAGE / "gui" / "forms"  # pyside6-uic output, rebuilt from ui/*.ui

MAX_LINES = 600
MAX_LINES_APP = 450

LAYERS = ("core", "services", "controllers", "gui", "root")
ROOT_MODULES = {"app", "smoke", "__main__"}

QT = ("PySide6", "shiboken6")
NETWORK = (
    "httpx",
    "httpcore",
    "h11",
    "requests",
    "urllib3",
    "socket",
    "_socket",
    "ssl",
    "urllib.request",
    "http.client",
    "http.server",
    "socketserver",
    "keyring",
    # the single-instance channel: a local socket (QtNetwork) and OS locks
    "callcompanion.instance",
)
# What each layer must not load, besides the layers above it.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "core": QT + NETWORK + ("sqlite3",),
    "services": QT,
    "controllers": (
        "PySide6.QtWidgets",
        "PySide6.QtGui",
        "PySide6.QtSvgWidgets",
        "PySide6.QtPrintSupport",
        "PySide6.QtOpenGLWidgets",
    ),
}


@dataclass(frozen=True)
class Import:
    module: str  # dotted name as loaded (``from a import b`` gives both ``a`` and ``a.b``)
    line: int
    typing_only: bool


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> str | None:
    """The layer of a ``callcompanion`` module, or None for the shared base modules."""
    parts = module.split(".")
    if parts[0] != "callcompanion" or len(parts) < 2:
        return None
    if parts[1] in ("core", "services", "controllers", "gui"):
        return parts[1]
    if parts[1] in ROOT_MODULES:
        return "root"
    return None  # paths, log, instance, the package itself: plumbing everyone may use


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _resolve(node: ast.ImportFrom, importer: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    if not is_package:
        base = base[:-1]
    if node.level > 1:
        base = base[: -(node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def imports_of(source: str, importer: str, is_package: bool = False) -> list[Import]:
    """Every module *source* loads: import statements and literal ``import_module`` calls."""
    found: list[Import] = []

    def visit(node: ast.AST, typing_only: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for statement in node.body:
                visit(statement, True)
            for statement in node.orelse:
                visit(statement, typing_only)
            return
        if isinstance(node, ast.Import):
            found.extend(Import(alias.name, node.lineno, typing_only) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node, importer, is_package)
            found.append(Import(base, node.lineno, typing_only))
            found.extend(
                Import(f"{base}.{alias.name}", node.lineno, typing_only)
                for alias in node.names
                if alias.name != "*"
            )
        elif (
            isinstance(node, ast.Call)
            and (
                (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
                or (
                    isinstance(node.func, ast.Name)
                    and node.func.id in ("import_module", "__import__")
                )
            )
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append(Import(node.args[0].value, node.lineno, typing_only))
        for inner in ast.iter_child_nodes(node):
            visit(inner, typing_only)

    visit(ast.parse(source), False)
    return found


def matches(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def violations(importer: str, imports: list[Import]) -> Iterator[str]:
    """What *importer* loads that its layer must not, one sentence each."""
    layer = layer_of(importer)
    if layer is None:
        return
    said: set[tuple[int, str]] = set()  # one sentence per line and rule
    for imp in imports:
        target = layer_of(imp.module)
        if (
            target is not None
            and LAYERS.index(target) > LAYERS.index(layer)
            and (imp.line, target) not in said
        ):
            said.add((imp.line, target))
            yield f"{importer}:{imp.line} ({layer}) imports {imp.module} ({target}), a layer above"
        if imp.typing_only:
            continue
        banned = next((b for b in FORBIDDEN.get(layer, ()) if matches(imp.module, b)), None)
        if banned is not None and (imp.line, banned) not in said:
            said.add((imp.line, banned))
            yield f"{importer}:{imp.line} ({layer}) imports {imp.module}"


def package_modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def hand_written() -> list[Path]:
    return [path for path in package_modules() if GENERATED not in path.parents]


def test_the_scan_sees_the_whole_package() -> None:
    names = {module_name(path) for path in package_modules()}
    for expected in (
        "callcompanion.app",
        "callcompanion.core.call",
        "callcompanion.services.outbox",
        "callcompanion.controllers.call",
        "callcompanion.gui.main_window",
    ):
        assert any(matches(name, expected) for name in names), expected
    assert {layer_of(name) for name in names} >= set(LAYERS)


@pytest.mark.parametrize(
    ("importer", "source", "expected"),
    [
        ("callcompanion.core.x", "from PySide6.QtCore import QObject", "PySide6.QtCore"),
        ("callcompanion.core.x", "def f():\n    import httpx\n", "httpx"),
        ("callcompanion.core.x", "from urllib import request", "urllib.request"),
        ("callcompanion.core.x", "from ..services import storage", "callcompanion.services"),
        ("callcompanion.core.x", "import importlib\nimportlib.import_module('keyring')", "keyring"),
        ("callcompanion.services.x", "from PySide6 import QtCore", "PySide6"),
        ("callcompanion.services.x", "from callcompanion.gui import tray", "callcompanion.gui"),
        ("callcompanion.controllers.x", "from PySide6 import QtWidgets", "PySide6.QtWidgets"),
        ("callcompanion.controllers.x", "from PySide6.QtGui import QIcon", "PySide6.QtGui"),
        ("callcompanion.controllers.x", "from callcompanion.gui.banners import Level", ".gui."),
        ("callcompanion.gui.x", "from callcompanion import app", "callcompanion.app"),
    ],
)
def test_the_rules_catch_a_forbidden_import(importer: str, source: str, expected: str) -> None:
    found = list(violations(importer, imports_of(source, importer)))
    assert found
    assert any(expected in sentence for sentence in found), found


@pytest.mark.parametrize(
    ("importer", "source"),
    [
        ("callcompanion.core.x", "from urllib.parse import urlsplit"),
        (
            "callcompanion.core.x",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import jinja2\n",
        ),
        ("callcompanion.services.x", "import httpx\nfrom callcompanion.core.call import Call"),
        (
            "callcompanion.controllers.x",
            "from PySide6.QtCore import QObject\nfrom PySide6.QtNetwork import QLocalSocket",
        ),
        (
            "callcompanion.gui.x",
            "from PySide6.QtWidgets import QWidget\n"
            "from callcompanion.controllers.call import CallController",
        ),
    ],
)
def test_the_rules_allow_what_a_layer_may_use(importer: str, source: str) -> None:
    assert list(violations(importer, imports_of(source, importer))) == []


def test_every_module_imports_only_from_its_layer_or_below() -> None:
    problems = [
        problem
        for path in package_modules()
        for problem in violations(
            module_name(path),
            imports_of(
                path.read_text(encoding="utf-8"), module_name(path), path.name == "__init__.py"
            ),
        )
    ]
    assert problems == [], "\n".join(problems)


def test_no_hand_written_module_is_too_long() -> None:
    too_long = []
    for path in hand_written():
        limit = MAX_LINES_APP if path == PACKAGE / "app.py" else MAX_LINES
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > limit:
            too_long.append(f"{path.relative_to(ROOT)}: {lines} lines (at most {limit})")
    assert too_long == [], "split these into modules named for what they hold:\n" + "\n".join(
        too_long
    )


def test_starting_the_app_loads_no_network_or_keyring_library() -> None:
    """httpx and keyring cost tens of milliseconds to import: they load on a worker when first
    needed, never on the way to the first paint (the app module and everything it imports)."""
    import subprocess
    import sys

    code = (
        "import sys, callcompanion.bootstrap, callcompanion.app\n"
        "print(' '.join(sorted(m for m in ('httpx', 'keyring', 'httpcore') if m in sys.modules)))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout.strip()
    assert loaded == "", f"loaded at start: {loaded}"
