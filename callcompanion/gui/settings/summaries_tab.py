"""The Summaries tab: status and tags after posting, reminders, token prefixes, time and outcomes.

Time and outcomes: what every ended call's post puts on its ticket (the call's time in the Time
Tracking fields, the tag of its outcome).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject

from callcompanion.core.settings import Settings
from callcompanion.core.summary import STATUS_CHOICES, parse_tags
from callcompanion.gui.forms.ui_settings_dialog import Ui_SettingsDialog


class SummariesTab(QObject):
    """What posting a summary (or the no-show reply) does, and when to be reminded of one."""

    def __init__(self, form: Ui_SettingsDialog, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._form = form
        for value, label in STATUS_CHOICES:
            form.summaryStatusCombo.addItem(label, value)
            form.noShowStatusCombo.addItem(label, value)

    def load(self, settings: Settings) -> None:
        form = self._form
        form.noShowStatusCombo.setCurrentIndex(
            max(0, form.noShowStatusCombo.findData(settings.no_show_status))
        )
        form.summaryStatusCombo.setCurrentIndex(
            max(0, form.summaryStatusCombo.findData(settings.summary_status))
        )
        form.summaryTagsEdit.setText(" ".join(settings.summary_tags))
        form.reminderSpin.setValue(settings.reminder_minutes)
        form.reminderRepeatSpin.setValue(settings.reminder_repeat_minutes)
        form.prefixesEdit.setText(" ".join(settings.pat_prefixes))
        form.trackTimeCheck.setChecked(settings.track_time)
        form.heldTagEdit.setText(settings.outcome_tag_held)
        form.noShowTagEdit.setText(settings.outcome_tag_no_show)
        form.emergencyTagEdit.setText(settings.outcome_tag_emergency)

    def apply(self, settings: Settings) -> Settings:
        form = self._form
        return replace(
            settings,
            no_show_status=form.noShowStatusCombo.currentData(),
            summary_status=form.summaryStatusCombo.currentData(),
            summary_tags=parse_tags(form.summaryTagsEdit.text()),
            reminder_minutes=form.reminderSpin.value(),
            reminder_repeat_minutes=form.reminderRepeatSpin.value(),
            pat_prefixes=tuple(form.prefixesEdit.text().split()),
            track_time=form.trackTimeCheck.isChecked(),
            outcome_tag_held=one_tag(form.heldTagEdit.text()),
            outcome_tag_no_show=one_tag(form.noShowTagEdit.text()),
            outcome_tag_emergency=one_tag(form.emergencyTagEdit.text()),
        )


def one_tag(text: str) -> str:
    """What was typed as one tag: ``Call held`` → ``call_held`` (Zendesk splits on spaces)."""
    return "_".join(parse_tags(text))
