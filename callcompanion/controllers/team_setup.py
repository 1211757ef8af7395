"""The team's files at start: its checklists, and its instances and defaults in the settings.

The team's ``checklists.toml`` replaces the shipped checklists when it is valid. The team file
(``team.toml`` beside it) is read once at start, after the window is painted. What it adds is
saved with the settings once; reading the same file again changes nothing. A file that cannot
be used is named in a notice and leaves the settings untouched. The
:class:`~callcompanion.core.team.TeamSetup` is kept for Settings, which offers the team's
API-token instances and a switch to signing in with Zendesk.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from callcompanion.controllers.settings import SettingsModel
from callcompanion.core.checklists import ChecklistError, Checklists, load_checklists
from callcompanion.paths import resource_dir

if TYPE_CHECKING:
    from callcompanion.core.team import TeamSetup

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TeamStart:
    """What applying the team file at start did.

    Attributes:
        setup: The team's set-up (``None``: no usable team file).
        problems: Why the file is not used (a sentence each).
        added: A sentence for what the file added to the settings now (``None``: nothing).
    """

    setup: TeamSetup | None = None
    problems: tuple[str, ...] = ()
    added: str | None = None


def apply_team_file(settings: SettingsModel, config_dir: Path) -> TeamStart:
    """Read the team file in *config_dir* and save what it adds to *settings*; never raises."""
    # Loaded here, not at import: most engineers start without a team file.
    from callcompanion.core.team import apply_team
    from callcompanion.services.team_file import load_team, team_file_path

    loaded = load_team(team_file_path(config_dir))
    if loaded.notices:
        return TeamStart(problems=loaded.notices)
    if loaded.team.empty:
        return TeamStart()
    setup = apply_team(settings.value, loaded.team)
    if setup.settings == settings.value:
        return TeamStart(setup)
    settings.set(setup.settings)
    log.info("team file: added %s", ", ".join(setup.added) or "nothing to mention")
    added = f"From your team's set-up: {_listed(setup.added)}." if setup.added else None
    return TeamStart(setup, added=added)


def _listed(phrases: tuple[str, ...]) -> str:
    if len(phrases) == 1:
        return phrases[0]
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]


def load_team_checklists(config_dir: Path, notices: list[str], problems: list[str]) -> Checklists:
    """The team's checklists (``checklists.toml`` in *config_dir*), else the shipped ones.

    Why the team's file is not used goes to *notices*; shipped checklists that cannot be read
    (a broken install) to *problems*, and there are none.
    """
    try:
        checklists, found = load_checklists(
            resource_dir() / "checklists.toml", config_dir / "checklists.toml"
        )
    except (ChecklistError, OSError, FileNotFoundError) as err:
        problems.append(f"the default checklists cannot be read: {err}")
        return Checklists([])
    notices += found
    return checklists
