"""The daily look for a new version, and when its notice may be shown.

At most once a day (the time of the last answer is kept in the settings), only while the
engineer's *Check for updates once a day* is on and the team file does not turn checks off,
and never on the GUI thread. A newer version is announced once no call is running: a result
that arrives during a call waits for the call to end. A version whose notice was closed is not
announced again. *Check now* in Settings asks at once and hears the outcome, whatever it is.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from callcompanion.controllers.call import CallController
from callcompanion.controllers.settings import SettingsModel
from callcompanion.controllers.workers import run_in_pool
from callcompanion.core.clock import Clock
from callcompanion.core.team import TeamUpdates
from callcompanion.paths import AppPaths
from callcompanion.services.team_file import load_team, team_file_path
from callcompanion.services.update_check import (
    RELEASES_URL,
    Release,
    UpdateCheckError,
    fetch_latest,
    is_newer,
)

log = logging.getLogger(__name__)

CHECK_EVERY = timedelta(days=1)
# After a failed attempt (offline), the next one waits this long: not a retry storm.
RETRY_AFTER = timedelta(hours=1)
# The first look waits until the app has settled after start (and after login).
FIRST_CHECK_MS = 60_000
# How often the controller wakes to see whether a day has passed (the app runs for weeks).
WAKE_MS = 60 * 60 * 1000


@dataclass(frozen=True)
class UpdateOutcome:
    """What one check found.

    Attributes:
        release: The latest release, or ``None`` when there was no answer.
        newer: It is newer than this version.
        problem: Why there was no answer, in a sentence (``None`` when there was one).
    """

    release: Release | None = None
    newer: bool = False
    problem: str | None = None


def team_updates(team_file: Path) -> TeamUpdates:
    """The team file's ``[updates]`` (the defaults when there is no usable file)."""
    return load_team(team_file).team.updates


class UpdateCheck(QObject):
    """Looks for a new version once a day and says when one may be shown.

    Signals:
        available: ``Release``: a newer version, to be shown now (no call is running).
        finished: ``UpdateOutcome``: a check ended (for *Check now*).
    """

    available = Signal(object)
    finished = Signal(object)

    def __init__(
        self,
        calls: CallController,
        settings: SettingsModel,
        paths: AppPaths,
        clock: Clock,
        parent: QObject | None = None,
    ) -> None:
        """The first check a minute after start, then hourly looks whether one is due.

        *paths* say where the team file is, *clock* what time it is.
        """
        super().__init__(parent)
        self._calls = calls
        self._settings = settings
        self._team_file = team_file_path(paths.config_dir)
        self._now = clock.now
        self._running = False
        self._failed_at: datetime | None = None
        self._held: Release | None = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check_if_due)
        calls.call_changed.connect(self._show_held)
        QTimer.singleShot(FIRST_CHECK_MS, self, self.check_if_due)
        self._timer.start(WAKE_MS)

    @property
    def busy(self) -> bool:
        """A check is under way."""
        return self._running

    def policy(self) -> TeamUpdates:
        """What the team file says about update checks (read now)."""
        return team_updates(self._team_file)

    def due(self) -> bool:
        """Whether the daily check should run now."""
        if not self._settings.value.check_updates:
            return False
        now = self._now()
        if self._failed_at is not None and now - self._failed_at < RETRY_AFTER:
            return False
        last = _parse_time(self._settings.value.last_update_check)
        return last is None or not (timedelta(0) <= now - last < CHECK_EVERY)

    def check_if_due(self) -> None:
        """The daily check, if it is due and the team allows it."""
        if self._running or not self.due():
            return
        policy = self.policy()
        if not policy.check:
            log.info("update check: turned off by the team file")
            return
        self._begin(policy)

    def check_now(self) -> bool:
        """Ask at once (*Check now*); ``False`` when the team turned checks off."""
        policy = self.policy()
        if not policy.check:
            return False
        if not self._running:
            self._begin(policy)
        return True

    def dismiss(self, release: Release) -> None:
        """The engineer closed the notice: this version is not announced again."""
        if self._settings.value.dismissed_update != release.version:
            self._settings.update(dismissed_update=release.version)

    def _begin(self, policy: TeamUpdates) -> None:
        self._running = True
        url = policy.url or RELEASES_URL
        log.info("update check: asking %s", url)
        run_in_pool(_fetch, url, on_result=self._done, owner=self)

    def _done(self, got: Release | UpdateCheckError) -> None:
        self._running = False
        if isinstance(got, UpdateCheckError):
            self._failed(got)
        else:
            self._answered(got)

    def _answered(self, release: Release) -> None:
        self._failed_at = None
        self._settings.update(last_update_check=self._now().isoformat())
        newer = is_newer(release.version)
        log.info(
            "update check: latest release %s (%s)",
            release.version,
            "newer" if newer else "this version or older",
        )
        self.finished.emit(UpdateOutcome(release, newer))
        if newer and release.version != self._settings.value.dismissed_update:
            self._held = release
            self._show_held()

    def _failed(self, err: UpdateCheckError) -> None:
        self._failed_at = self._now()
        problem = str(err)
        # Quiet: being offline is normal; the notice area is for things that need the engineer.
        log.info("update check: no answer: %s", problem)
        self.finished.emit(UpdateOutcome(problem=problem))

    def _show_held(self) -> None:
        if self._held is None or self._calls.call is not None:
            return
        release, self._held = self._held, None
        self.available.emit(release)


def _fetch(url: str) -> Release | UpdateCheckError:
    """On the worker: the release, or the reason there is none (as a value: no error log)."""
    try:
        return fetch_latest(url)
    except UpdateCheckError as err:
        return err
    except Exception as err:  # anything else is still only "no answer today"
        return UpdateCheckError(f"The check for a new version failed ({err}).")


def _parse_time(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
