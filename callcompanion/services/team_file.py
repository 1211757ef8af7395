"""The team file on disk: ``team.toml`` beside the team's ``checklists.toml``, read with limits.

A missing file is the usual case (no team set-up); one that cannot be used is named with the
problem in a notice and left alone (the engineer's settings are not touched), like the
checklists.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from callcompanion.core.filelimits import MAX_FILE_BYTES, FileLimitError, read_limited
from callcompanion.core.team import TEAM_FILE_NAME, Team, TeamFileError, parse_team

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadedTeam:
    """The team file's content (empty when there is none or it is not usable) and notices."""

    team: Team = field(default_factory=Team)
    notices: tuple[str, ...] = ()


def team_file_path(config_dir: Path) -> Path:
    return config_dir / TEAM_FILE_NAME


def load_team(path: Path) -> LoadedTeam:
    """Read the team file at *path*; never raises."""
    ignored = "Its team set-up is not used until the file is fixed."
    try:
        text = read_limited(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        return LoadedTeam()
    except FileLimitError as err:
        problem = f"The team file {path} cannot be read: {err}."
    except (OSError, UnicodeDecodeError) as err:
        problem = f"The team file {path} cannot be read ({err})."
    else:
        try:
            return LoadedTeam(parse_team(text, str(path)))
        except TeamFileError as err:
            problem = str(err)
    log.warning("%s", problem)
    return LoadedTeam(Team(), (f"{problem} {ignored}",))
