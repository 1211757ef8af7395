"""The Templates tab: edit a template, check it against a sample call, save or reset it."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QFontDatabase

from callcompanion.core.templates import TemplateError, TemplateLibrary
from callcompanion.gui.forms.ui_settings_dialog import Ui_SettingsDialog
from callcompanion.gui.palette import error_style
from callcompanion.services.template_files import (
    TemplateFileError,
    remove_template,
    save_template,
)


class TemplatesTab(QObject):
    """Shows the engineer's version of a template, or the shipped one.

    Files are written by :mod:`callcompanion.services.template_files`.
    """

    def __init__(
        self,
        form: Ui_SettingsDialog,
        templates: TemplateLibrary,
        sample_context: dict[str, object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._form = form
        self._templates = templates
        self._sample = sample_context
        form.templateEdit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        form.templateCombo.blockSignals(True)
        form.templateCombo.clear()
        for name in templates.names():
            form.templateCombo.addItem(name, name)
        form.templateCombo.blockSignals(False)
        self._show()
        form.templateCombo.currentIndexChanged.connect(lambda _i: self._show())
        form.checkTemplateButton.clicked.connect(self.check)
        form.saveTemplateButton.clicked.connect(self.save)
        form.resetTemplateButton.clicked.connect(self.reset)

    def check(self) -> bool:
        """Render the text being edited with a sample call; say whether it works."""
        name = self._current() or "template.md.j2"
        try:
            self._templates.render_text(
                self._form.templateEdit.toPlainText(), self._sample, name=name
            )
        except TemplateError as err:
            self._says(str(err), error=True)
            return False
        self._says("The template works with a sample call.", error=False)
        return True

    def save(self) -> None:
        """Save the text as the engineer's version (kept even when the check fails)."""
        name = self._current()
        folder = self._templates.user_dir
        if name is None or folder is None:
            return
        valid = self.check()
        try:
            path = save_template(folder, name, self._form.templateEdit.toPlainText())
        except TemplateFileError as err:
            self._says(str(err), error=True)
            return
        self._form.templateOrigin.setText("your version")
        self._form.resetTemplateButton.setEnabled(True)
        if valid:
            self._says(f"Saved to {path}.", error=False)

    def reset(self) -> None:
        """Remove the engineer's version: the shipped template is used again."""
        name = self._current()
        folder = self._templates.user_dir
        if name is None or folder is None:
            return
        try:
            remove_template(folder, name)
        except TemplateFileError as err:
            self._says(str(err), error=True)
            return
        self._show()
        self._says("Back to the shipped template.", error=False)

    def _current(self) -> str | None:
        data = self._form.templateCombo.currentData()
        return str(data) if data else None

    def _show(self) -> None:
        name = self._current()
        if name is None:
            return
        try:
            source = self._templates.source(name)
        except TemplateError as err:
            self._says(str(err), error=True)
            return
        self._form.templateEdit.setPlainText(source.text)
        self._form.templateOrigin.setText("shipped default" if source.built_in else "your version")
        self._form.resetTemplateButton.setEnabled(not source.built_in)
        self._says("", error=False)

    def _says(self, text: str, *, error: bool) -> None:
        self._form.templateProblem.setText(text)
        self._form.templateProblem.setStyleSheet(error_style() if error else "")
