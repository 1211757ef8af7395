"""Message templates: jinja2 in a sandbox, so an edited template can never run code.

Templates are looked up in order in a list of folders (the profile's own ``templates/`` first,
then the defaults shipped in ``resources/templates``). A template that does not parse or render
raises :class:`TemplateError` naming the file and line, and the defaults stay usable.

Rendering is bounded, so a template with runaway loops or a huge expression ends with a
message instead of freezing the window or filling the memory:

* a template file is at most :data:`MAX_TEMPLATE_CHARS` characters;
* its output is at most :data:`MAX_OUTPUT` characters, counted while it renders (text written
  by loops and by ``{{ … }}`` counts, also inside macros and ``{% set %}`` blocks);
* no single value it builds (``'x' * n``, ``[…] * n``, ``~``, ``replace``, ``join``, ``center``,
  ``format``…) may be larger than that either: the size is checked *before* the work is done;
* ``range()`` gives at most :data:`MAX_RANGE` numbers, numbers stay below
  :data:`MAX_INT_BITS` bits, and lists, dicts and sets cannot be changed in place;
* rendering stops after :data:`TIME_BUDGET_SECONDS`, checked at each loop step, call,
  attribute lookup and piece of output.

The limits themselves live in :mod:`callcompanion.core.template_limits`. jinja2 is imported on
first use, never at start-up.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from callcompanion.core.template_limits import (
    MAX_INT_BITS,
    MAX_OUTPUT,
    MAX_RANGE,
    TIME_BUDGET_SECONDS,
    TOO_LONG,
    TOO_SLOW,
    LimitError,
    bound,
    bounded_environment,
    render_within_limits,
)

if TYPE_CHECKING:
    from jinja2.sandbox import ImmutableSandboxedEnvironment

__all__ = [
    "MAX_INT_BITS",
    "MAX_OUTPUT",
    "MAX_RANGE",
    "MAX_TEMPLATE_CHARS",
    "TEMPLATE_SUFFIX",
    "TIME_BUDGET_SECONDS",
    "TOO_LONG",
    "TOO_SLOW",
    "TemplateError",
    "TemplateLibrary",
    "TemplateSource",
]

TEMPLATE_SUFFIX = ".j2"
MAX_TEMPLATE_CHARS = 100_000


class TemplateError(Exception):
    """A template failed to load, parse or render.

    Attributes:
        name: The template's file name.
        line: The line the problem is on, when known.
        detail: What is wrong, in jinja2's words.
    """

    def __init__(self, name: str, line: int | None, detail: str) -> None:
        self.name = name
        self.line = line
        self.detail = detail
        where = f"{name}, line {line}" if line else name
        super().__init__(f"Template {where}: {detail}")


@dataclass(frozen=True)
class TemplateSource:
    name: str
    text: str
    path: Path
    built_in: bool


class TemplateLibrary:
    """The templates of one profile: the engineer's edits over the shipped defaults."""

    def __init__(self, user_dir: Path | None, default_dirs: Sequence[Path]) -> None:
        self._user_dir = user_dir
        self._default_dirs = list(default_dirs)
        self._env: ImmutableSandboxedEnvironment | None = None

    @property
    def user_dir(self) -> Path | None:
        return self._user_dir

    def names(self) -> list[str]:
        found: set[str] = set()
        for folder in self._folders():
            if folder.is_dir():
                found.update(p.name for p in folder.glob(f"*{TEMPLATE_SUFFIX}") if p.is_file())
        return sorted(found)

    def source(self, name: str) -> TemplateSource:
        _check_name(name)
        for folder in self._folders():
            path = folder / name
            if path.is_file():
                try:
                    with path.open("rb") as file:
                        # UTF-8 takes at most 4 bytes a character: read no more than can fit.
                        data = file.read(4 * MAX_TEMPLATE_CHARS + 1)
                    text = data.decode("utf-8")
                except (OSError, UnicodeDecodeError) as err:
                    raise TemplateError(name, None, f"cannot be read ({err})") from err
                _check_length(name, text)
                return TemplateSource(name, text, path, built_in=folder != self._user_dir)
        raise TemplateError(name, None, "no such template")

    def render(self, name: str, context: Mapping[str, Any]) -> str:
        return self.render_text(self.source(name).text, context, name=name)

    def render_text(self, text: str, context: Mapping[str, Any], *, name: str) -> str:
        """Render template *text* (e.g. from an editor) with *context*, within the limits."""
        from jinja2 import TemplateError as JinjaTemplateError
        from jinja2 import TemplateSyntaxError

        _check_length(name, text)
        env = self._environment()
        try:
            tree = env.parse(text)
            bound(tree)
            tree.set_environment(env)
            template = env.from_string(tree)
            template.name = name
            template.filename = name
        except TemplateSyntaxError as err:
            raise TemplateError(name, err.lineno, err.message or str(err)) from err
        except Exception as err:  # too deeply nested to parse or compile (RecursionError…)
            detail = f"cannot be read ({type(err).__name__}: {err})"
            raise TemplateError(name, None, detail) from err
        try:
            return render_within_limits(template, context)
        except LimitError as err:
            raise TemplateError(name, _template_line(err, name), str(err)) from None
        except JinjaTemplateError as err:
            raise TemplateError(name, _template_line(err, name), str(err)) from err
        except Exception as err:  # an edited template can fail in any way (1/0, bad filter args)
            detail = f"{type(err).__name__}: {err}"
            raise TemplateError(name, _template_line(err, name), detail) from err

    def check(self, name: str, context: Mapping[str, Any]) -> str | None:
        """The problem with template *name*, or ``None`` when it renders."""
        try:
            self.render(name, context)
        except TemplateError as problem:
            return str(problem)
        return None

    def _folders(self) -> list[Path]:
        return ([self._user_dir] if self._user_dir else []) + self._default_dirs

    def _environment(self) -> ImmutableSandboxedEnvironment:
        if self._env is None:
            self._env = bounded_environment()
        return self._env


def _check_name(name: str) -> None:
    if "/" in name or "\\" in name or name.startswith(".") or not name.endswith(TEMPLATE_SUFFIX):
        raise TemplateError(name, None, f"template names are plain *{TEMPLATE_SUFFIX} file names")


def _check_length(name: str, text: str) -> None:
    if len(text) > MAX_TEMPLATE_CHARS:
        raise TemplateError(
            name, None, f"the template is over {MAX_TEMPLATE_CHARS:,} characters long"
        )


def _template_line(err: BaseException, name: str) -> int | None:
    """Find the template line in a rendering traceback (jinja2 maps frames to the template)."""
    line = None
    tb = err.__traceback__ or sys.exc_info()[2]
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == name:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
