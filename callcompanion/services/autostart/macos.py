"""macOS: a LaunchAgent in ``~/Library/LaunchAgents`` that opens callcompanion at login.

launchd loads it at the next login and starts the command once (``RunAtLoad``, never kept
alive: quitting stays quit). macOS 13 and later list it in System Settings → General → Login
Items under *Allow in the Background*, under the app's name and icon
(``AssociatedBundleIdentifiers``), where it can be switched off.

Why a LaunchAgent and not ``SMAppService``: that API needs PyObjC (a dependency the app does
not have) and only works from a signed app bundle, while a LaunchAgent is a file this code
writes the same way for the built app and a from-source install.
"""

from __future__ import annotations

import plistlib
from pathlib import Path

from callcompanion.services.autostart import FileAutostart

# The bundle identifier in callcompanion.spec.
BUNDLE_ID = "com.callcompanion.app"
LABEL = BUNDLE_ID


def launch_agent(command: list[str]) -> bytes:
    """The LaunchAgent's plist (XML) starting *command* once per login, in the GUI session."""
    return plistlib.dumps(
        {
            "Label": LABEL,
            "ProgramArguments": list(command),
            "RunAtLoad": True,
            "KeepAlive": False,
            "ProcessType": "Interactive",
            "LimitLoadToSessionType": "Aqua",
            "AssociatedBundleIdentifiers": [BUNDLE_ID],
        },
        fmt=plistlib.FMT_XML,
    )


class MacAutostart(FileAutostart):
    """``com.callcompanion.app.plist`` in *folder* (``~/Library/LaunchAgents``)."""

    verb = "open"

    def __init__(self, command: list[str], folder: Path) -> None:
        self.command = command
        self.path = folder / f"{LABEL}.plist"

    def enabled(self) -> bool:
        try:
            with self.path.open("rb") as handle:
                agent = plistlib.load(handle)
        except (OSError, plistlib.InvalidFileException, ValueError):
            return False
        return (
            isinstance(agent, dict)
            and agent.get("Disabled") is not True
            and agent.get("ProgramArguments") == self.command  # not another copy's agent
        )

    def content(self) -> str:
        return launch_agent(self.command).decode("utf-8")

    def describe(self) -> str:
        return "System Settings → General → Login Items"
