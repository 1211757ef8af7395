"""Limits on the hand-edited files the app reads at start-up (settings, the team's checklists).

A file that is too large, or nested so deeply that a parser would run out of stack, is refused
*before* it is parsed, with a sentence saying so; the caller names the file and uses defaults.
Both checks are cheap and never recurse.
"""

from __future__ import annotations

import re
from pathlib import Path

MAX_FILE_BYTES = 1_000_000
MAX_NESTING = 64

# Strings and comments (whose brackets do not count), then the brackets themselves.
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_TOML_TOKENS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}]'
)


class FileLimitError(ValueError):
    """A file is over a limit; ``str(err)`` says which, in a sentence fragment."""


def read_limited(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The UTF-8 text of *path*, refusing files over *max_bytes* without reading them whole.

    Raises ``OSError``/``UnicodeDecodeError`` as reading does, and :class:`FileLimitError`.
    """
    with path.open("rb") as file:
        data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileLimitError(f"it is larger than {_size(max_bytes)}")
    return data.decode("utf-8")


def check_nesting(text: str, *, toml: bool = False, limit: int = MAX_NESTING) -> None:
    """Refuse *text* whose lists and tables nest deeper than *limit* (JSON, or TOML)."""
    depth = 0
    for match in (_TOML_TOKENS if toml else _JSON_TOKENS).finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                raise FileLimitError(f"its lists and tables are nested more than {limit} deep")
        elif token in "]}":
            depth = max(depth - 1, 0)


def _size(size: int) -> str:
    return f"{size // 1_000_000} MB" if size >= 1_000_000 else f"{size // 1000} KB"
