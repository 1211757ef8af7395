"""Before posting: credentials found in the text, and an explicit choice about them."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from enum import StrEnum

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from callcompanion.core.secrets_scan import RULES, Finding, pat_prefix_rules, redact, scan

log = logging.getLogger(__name__)


class SecretChoice(StrEnum):
    REDACT = "redact"  # replace each secret by its prefix and [REDACTED], then post
    INTERNAL = "internal"  # post as an internal note instead of a public reply
    AS_IS = "as_is"  # post unchanged (explicitly confirmed)
    CANCEL = "cancel"  # back to editing


class SecretReview(QDialog):
    """Lists the findings with their lines; nothing is posted as-is without a ticked box."""

    def __init__(
        self,
        findings: list[Finding],
        *,
        public: bool,
        where: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.choice = SecretChoice.CANCEL
        self.setWindowTitle("Possible secrets in the post")
        self.setAccessibleName("Possible secrets in the post")
        layout = QVBoxLayout(self)
        audience = (
            "a public reply: the customer and everyone on the ticket would read it"
            if public
            else "an internal note"
        )
        count = len(findings)
        intro = QLabel(
            f"The {where} looks like it holds {count} credential{'s' if count != 1 else ''} "
            f"(seen on a screen share?). It is about to be posted as {audience}.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget(self)
        self.list.setAccessibleName("What was found")
        self.list.setWordWrap(True)
        for finding in findings:
            self.list.addItem(f"Line {finding.line} · {finding.title}: {finding.excerpt}")
        layout.addWidget(self.list)
        self.confirm = QCheckBox("These are not real secrets: post the text unchanged", self)
        self.confirm.setAccessibleName("Confirm posting the text unchanged")
        layout.addWidget(self.confirm)

        buttons = QHBoxLayout()
        self.redact_button = QPushButton("&Redact and post", self)
        self.redact_button.setDefault(True)
        self.redact_button.setAccessibleName("Redact the secrets and post")
        self.internal_button = QPushButton("Post as &internal note", self)
        self.internal_button.setAccessibleName("Post as an internal note instead")
        self.internal_button.setVisible(public)
        self.as_is_button = QPushButton("Post &unchanged", self)
        self.as_is_button.setAccessibleName("Post the text unchanged")
        self.as_is_button.setEnabled(False)
        cancel = QPushButton("&Back to editing", self)
        cancel.setAccessibleName("Back to editing")
        for button in (cancel, self.as_is_button, self.internal_button, self.redact_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)

        self.confirm.toggled.connect(self.as_is_button.setEnabled)
        self.redact_button.clicked.connect(lambda: self._choose(SecretChoice.REDACT))
        self.internal_button.clicked.connect(lambda: self._choose(SecretChoice.INTERNAL))
        self.as_is_button.clicked.connect(lambda: self._choose(SecretChoice.AS_IS))
        cancel.clicked.connect(lambda: self._choose(SecretChoice.CANCEL))
        self.resize(560, 320)

    def _choose(self, choice: SecretChoice) -> None:
        if choice is SecretChoice.AS_IS and not self.confirm.isChecked():
            return
        self.choice = choice
        if choice is SecretChoice.CANCEL:
            self.reject()
        else:
            self.accept()


def review(
    parent: QWidget,
    text: str,
    *,
    public: bool,
    where: str,
    pat_prefixes: Sequence[str] = (),
) -> tuple[str, bool] | None:
    """Scan *text* (with the instance's own token prefixes too) and ask about any finding.

    Returns:
        The text to post (redacted if chosen) and its visibility, or ``None`` when the engineer
        goes back to editing.
    """
    if not text.strip():
        return text, public
    findings = scan(text, [*RULES, *pat_prefix_rules(pat_prefixes)])
    if not findings:
        return text, public
    log.info("%d possible secret(s) in the %s", len(findings), where)
    dialog = SecretReview(findings, public=public, where=where, parent=parent)
    dialog.exec()
    dialog.deleteLater()
    if dialog.choice is SecretChoice.REDACT:
        return redact(text, findings), public
    if dialog.choice is SecretChoice.INTERNAL:
        return text, False
    if dialog.choice is SecretChoice.AS_IS:
        return text, public
    return None
