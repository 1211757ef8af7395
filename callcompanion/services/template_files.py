"""The engineer's own versions of the templates: saved atomically, removed to use the default.

A saved template lives in the profile's template folder and wins over the shipped one of the
same name (:class:`callcompanion.core.templates.TemplateLibrary`). Errors are typed and say, in
a sentence, what happened and what was kept.
"""

from __future__ import annotations

from pathlib import Path

from callcompanion.core.templates import MAX_TEMPLATE_CHARS, TEMPLATE_SUFFIX
from callcompanion.services.atomic import write_atomic


class TemplateFileError(Exception):
    """Saving or removing a template failed; ``str(err)`` is a sentence for the engineer."""


class TemplateRejectedError(TemplateFileError):
    """The name or the text cannot be saved as a template (nothing was written)."""


class TemplateWriteError(TemplateFileError):
    """The file system refused; the file on disk is unchanged."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


def save_template(folder: Path, name: str, text: str) -> Path:
    """Write *text* as the engineer's version of template *name*; returns the file's path.

    The old file stays whole until the new one is complete (an atomic replace), so a crash or
    a full disk never leaves half a template.
    """
    _check_name(name)
    if len(text) > MAX_TEMPLATE_CHARS:
        raise TemplateRejectedError(
            f"The template was not saved: it is over {MAX_TEMPLATE_CHARS:,} characters long. "
            "Shorten it and save again."
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        raise TemplateRejectedError(
            f"The template was not saved: character {err.start + 1} cannot be stored as text. "
            "Delete it (it may have come from a paste) and save again."
        ) from None
    path = folder / name
    try:
        write_atomic(path, text)
    except OSError as err:
        raise TemplateWriteError(
            f"The template could not be saved ({_reason(err)}).", path
        ) from err
    return path


def remove_template(folder: Path, name: str) -> None:
    """Remove the engineer's version of *name*, so the shipped template is used again."""
    _check_name(name)
    path = folder / name
    try:
        path.unlink(missing_ok=True)
    except OSError as err:
        raise TemplateWriteError(
            f"Your version could not be removed ({_reason(err)}).", path
        ) from err


def _check_name(name: str) -> None:
    if (
        not name
        or "/" in name
        or "\\" in name
        or name.startswith(".")
        or not name.endswith(TEMPLATE_SUFFIX)
    ):
        raise TemplateRejectedError(
            f"“{name}” is not a template name: templates are plain *{TEMPLATE_SUFFIX} file names."
        )


def _reason(err: OSError) -> str:
    return err.strerror or str(err) or type(err).__name__
