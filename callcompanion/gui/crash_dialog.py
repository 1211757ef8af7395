"""The error report dialog (loaded only when something went wrong)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class CrashDialog(QDialog):
    """Shows what went wrong, with the report ready to copy."""

    def __init__(self, log_file: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("callcompanion hit a problem")
        self.setAccessibleName("Error report")
        layout = QVBoxLayout(self)
        where = f" The log is at {log_file}." if log_file else ""
        intro = QLabel(
            "Something went wrong inside callcompanion. Your call keeps running and nothing you "
            f"entered was lost. Please send this report to the maintainers.{where}",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.report = QPlainTextEdit(self)
        self.report.setReadOnly(True)
        self.report.setAccessibleName("Report text")
        self.report.setMinimumSize(520, 240)
        layout.addWidget(self.report)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = buttons.addButton("Copy report", QDialogButtonBox.ButtonRole.ActionRole)
        copy.setAccessibleName("Copy the report")
        copy.clicked.connect(self.copy_report)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)

    def add_report(self, text: str) -> None:
        current = self.report.toPlainText()
        self.report.setPlainText(f"{current}\n\n{'-' * 60}\n\n{text}" if current else text)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report.toPlainText())
