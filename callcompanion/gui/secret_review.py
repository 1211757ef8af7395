"""Before posting: credentials found in the text, and an explicit choice about them.

Every text that leaves for Zendesk goes through :func:`review`: the summary's reply and its
internal note, the no-show apology and the other messages, a post edited in the outbox and the
upgrade information from the call preparation. Big texts (a pasted log) are scanned on a
worker thread while the window keeps painting.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from enum import StrEnum

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from callcompanion.controllers.workers import run_in_pool
from callcompanion.core.secrets_scan import RULES, Finding, pat_prefix_rules, redact, scan

log = logging.getLogger(__name__)

# Texts longer than this are scanned on a worker thread (a few milliseconds' work below it).
BIG_TEXT = 100_000


class SecretChoice(StrEnum):
    REDACT = "redact"  # replace each secret by its prefix and [REDACTED], then post
    INTERNAL = "internal"  # post as an internal note instead of a public reply
    AS_IS = "as_is"  # post unchanged (explicitly confirmed)
    CANCEL = "cancel"  # back to editing


def describe(finding: Finding, where: str) -> str:
    """``Line 2 · GitLab personal access token in the reply``."""
    return f"Line {finding.line} · {finding.title} in the {where}"


class SecretReview(QDialog):
    """Lists what was found, in words and where; nothing goes as-is without a ticked box."""

    def __init__(
        self,
        findings: list[Finding],
        *,
        public: bool,
        where: str,
        allow_internal: bool = True,
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
            else "an internal note, which every agent can read"
        )
        count = len(findings)
        intro = QLabel(
            f"The {where} looks like it holds {count} password{'s' if count != 1 else ''} or "
            f"token{'s' if count != 1 else ''} (seen on a screen share?). It is about to be "
            f"posted as {audience}. Redact replaces each one, keeping only the start that "
            "says what kind it was; the rest of the text stays as it is.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget(self)
        self.list.setAccessibleName("What was found, and where")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        for finding in findings:
            item = QListWidgetItem(f"{describe(finding, where)}\n{finding.excerpt}")
            item.setToolTip(f"{finding.title} (rule {finding.rule.id})")
            self.list.addItem(item)
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
        self.internal_button.setVisible(public and allow_internal)
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
        self.resize(640, 360)

    def _choose(self, choice: SecretChoice) -> None:
        if choice is SecretChoice.AS_IS and not self.confirm.isChecked():
            return
        self.choice = choice
        if choice is SecretChoice.CANCEL:
            self.reject()
        else:
            self.accept()


def find_secrets(
    parent: QWidget, text: str, *, where: str, pat_prefixes: Sequence[str] = ()
) -> list[Finding]:
    """Scan *text*; a big one on a worker thread while the window keeps painting."""
    rules = [*RULES, *pat_prefix_rules(pat_prefixes)]
    if len(text) <= BIG_TEXT:
        return scan(text, rules)
    loop = QEventLoop()
    outcome: dict[str, object] = {}

    def done(key: str, value: object) -> None:
        outcome[key] = value
        loop.quit()

    progress = QProgressDialog(f"Checking the {where} for passwords and tokens…", "", 0, 0, parent)
    progress.setCancelButton(None)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(400)
    progress.setAccessibleName("Checking for passwords and tokens")
    run_in_pool(
        scan,
        text,
        rules,
        on_result=lambda value: done("result", value),
        on_error=lambda err: done("error", err),
    )
    if not outcome:
        loop.exec()
    progress.reset()
    progress.deleteLater()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    result = outcome["result"]
    assert isinstance(result, list)
    return result


def review(
    parent: QWidget,
    text: str,
    *,
    public: bool,
    where: str,
    pat_prefixes: Sequence[str] = (),
    allow_internal: bool = True,
) -> tuple[str, bool] | None:
    """Scan *text* (with the instance's own token prefixes too) and ask about any finding.

    Args:
        parent: The window the review belongs to.
        text: What is about to be posted.
        public: Whether it goes as a public reply.
        where: Which field or message this is, as the engineer knows it (``reply``,
            ``internal note``, ``no-show reply``…).
        pat_prefixes: The instance's own token prefixes (Settings).
        allow_internal: Offer to post a public text as an internal note instead.

    Returns:
        The text to post (redacted if chosen) and its visibility, or ``None`` when the engineer
        goes back to editing.
    """
    if not text.strip():
        return text, public
    findings = find_secrets(parent, text, where=where, pat_prefixes=pat_prefixes)
    if not findings:
        return text, public
    log.info(
        "%d possible secret(s) in the %s: %s",
        len(findings),
        where,
        ", ".join(sorted({f.rule.id for f in findings})),
    )
    dialog = SecretReview(
        findings, public=public, where=where, allow_internal=allow_internal, parent=parent
    )
    dialog.exec()
    dialog.deleteLater()
    if dialog.choice is SecretChoice.REDACT:
        return redact(text, findings), public
    if dialog.choice is SecretChoice.INTERNAL:
        return text, False
    if dialog.choice is SecretChoice.AS_IS:
        return text, public
    return None
