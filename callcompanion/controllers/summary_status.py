"""What the ended call's summary button says, following the call and its summary draft."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from callcompanion.controllers.call import CallController
from callcompanion.controllers.summary import SummaryController
from callcompanion.core.summary import SummaryState

BUTTON_LABELS = {
    SummaryState.DRAFT: "Write the &summary",
    SummaryState.QUEUED: "Summary waiting to post · &open",
    SummaryState.POSTED: "Summary posted ✓ · &open",
    SummaryState.DISMISSED: "No summary needed · &open",
}


def summary_button_label(state: SummaryState) -> str:
    """The button's text (with its shortcut letter) for a summary in *state*."""
    return BUTTON_LABELS[state]


class SummaryStatus(QObject):
    """Tells the window how the last ended call's summary stands, whenever that changes.

    Signals:
        label_changed: The summary button's text for the call that just ended.
    """

    label_changed = Signal(str)

    def __init__(
        self, calls: CallController, summaries: SummaryController, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._calls = calls
        self._summaries = summaries
        calls.call_changed.connect(self.refresh)
        summaries.changed.connect(self.refresh)

    def label(self) -> str | None:
        """The button's text, or ``None`` while a call runs or before any call ended."""
        ended = self._calls.last_ended
        if ended is None or self._calls.call is not None:
            return None
        return summary_button_label(self._summaries.draft(ended.id).state)

    def refresh(self) -> None:
        label = self.label()
        if label is not None:
            self.label_changed.emit(label)
