"""The *Start callcompanion when I log in* tick, switching the system's start-at-login at once.

Used on the first-run card, where there is no OK button: ticking it writes the login item (the
autostart entry, the Run value, the LaunchAgent) right away, and a refusal puts the tick back
and says why in its tooltip. Settings has the same tick, applied with OK.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QCheckBox, QWidget

from callcompanion.services.autostart import Autostart, AutostartError, switch

log = logging.getLogger(__name__)

LABEL = "Start callcompanion when I log in"
HINT = "It opens in the tray, without a window, ready for the next call."


class LoginTick(QCheckBox):
    """A tick that shows and switches *autostart* when it is clicked."""

    def __init__(self, autostart: Autostart, parent: QWidget | None = None) -> None:
        super().__init__(LABEL, parent)
        self._autostart = autostart
        self.setAccessibleName(LABEL)
        self.setToolTip(HINT)
        self.setChecked(autostart.enabled())
        self.toggled.connect(self._switch)

    def _switch(self, on: bool) -> None:
        try:
            switch(self._autostart, on)
        except AutostartError as err:
            log.warning("start at login: %s", err)
            self.blockSignals(True)
            self.setChecked(not on)
            self.blockSignals(False)
            self.setToolTip(str(err))
            return
        self.setToolTip(HINT)
