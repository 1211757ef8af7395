"""XDG autostart: a desktop entry in ``$XDG_CONFIG_HOME/autostart`` (Linux, BSD desktops).

The entry is the menu entry ``packaging/linux/install.sh`` installs, with ``Exec`` running
this copy with ``--tray``; ``install.sh --autostart`` writes the same text (a test compares
them). A desktop that turned the entry off (``Hidden=true``, or GNOME's
``X-GNOME-Autostart-enabled=false``) counts as off, and so does an entry whose ``Exec`` starts
another copy (another profile, a moved install).
"""

from __future__ import annotations

import re
from pathlib import Path

from callcompanion.services.autostart import FileAutostart

FILE_NAME = "callcompanion.desktop"

# The menu entry shipped in packaging/linux/callcompanion.desktop; {exec} is the command.
DESKTOP_ENTRY = """\
[Desktop Entry]
Type=Application
Name=callcompanion
GenericName=Call timer
Comment=Call timer, checklists and Zendesk summaries beside customer calls
Exec={exec}
Icon=callcompanion
Terminal=false
Categories=Office;Utility;
Keywords=call;timer;zendesk;support;
StartupNotify=false
SingleMainWindow=true
"""

_RESERVED = re.compile(r"""[\s"'\\><~|&;$*?#()`]""")


def exec_line(command: list[str]) -> str:
    """*command* as a desktop entry's ``Exec`` value.

    The program is always quoted (a home folder may have a space); other arguments only when
    they need it. Inside quotes ``"``, backquotes, ``$`` and backslashes are escaped, then
    backslashes once more as the entry's string rules ask, and ``%`` is doubled (field codes).
    """

    def quoted(arg: str) -> str:
        inner = re.sub(r'(["`$\\])', r"\\\1", arg)
        return f'"{inner}"'

    parts = [quoted(command[0])]
    parts += [quoted(arg) if _RESERVED.search(arg) or not arg else arg for arg in command[1:]]
    return " ".join(parts).replace("\\", "\\\\").replace("%", "%%")


_STRING_ESCAPES = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}


def exec_args(value: str) -> list[str] | None:
    """The command an ``Exec`` value runs (the reverse of :func:`exec_line`).

    ``None`` when the value cannot be read (an unclosed quote); field codes other than ``%%``
    are kept as they are.
    """
    text = re.sub(r"\\(.)", lambda m: _STRING_ESCAPES.get(m[1], m[0]), value.strip())
    args: list[str] = []
    current: list[str] = []
    in_arg = quoted = False
    chars = iter(text)
    for char in chars:
        if quoted:
            if char == "\\":
                following = next(chars, "")
                current.append(following if following in '"`$\\' else char + following)
            elif char == '"':
                quoted = False
            else:
                current.append(char)
        elif char == " ":
            if in_arg:
                args.append("".join(current))
                current, in_arg = [], False
        else:
            in_arg = True
            if char == '"':
                quoted = True
            else:
                current.append(char)
    if quoted:
        return None
    if in_arg:
        args.append("".join(current))
    return [arg.replace("%%", "%") for arg in args]


def desktop_entry(command: list[str]) -> str:
    return DESKTOP_ENTRY.format(exec=exec_line(command))


class XdgAutostart(FileAutostart):
    """``callcompanion.desktop`` in the autostart folder *folder* (``~/.config/autostart``)."""

    def __init__(self, command: list[str], folder: Path) -> None:
        self.command = command
        self.path = folder / FILE_NAME

    def enabled(self) -> bool:
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False
        keys = dict(
            line.split("=", 1) for line in text.splitlines() if "=" in line and line[0] != "#"
        )
        return (
            keys.get("Hidden", "").strip().lower() != "true"
            and keys.get("X-GNOME-Autostart-enabled", "").strip().lower() != "false"
            and exec_args(keys.get("Exec", "")) == self.command
        )

    def content(self) -> str:
        return desktop_entry(self.command)

    def describe(self) -> str:
        return f"the autostart entry {self.path}"
