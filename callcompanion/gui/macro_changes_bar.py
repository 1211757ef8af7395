"""The summary editor's line for an applied macro's changes to the ticket, with Remove.

Kept apart from the macro dialog, which talks to Zendesk: the editor shows this line without
loading the network client.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QWidget


class MacroChangesBar(QFrame):
    """The summary editor's line for a macro's changes: what goes with the post, and Remove.

    Signals:
        removed: The engineer took the macro's changes off the post.
    """

    removed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("macroChangesBar")
        self.setStyleSheet(
            "#macroChangesBar { background: #eef4ff; border-left: 3px solid #2563eb; }"
        )
        layout = QGridLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        self.label = QLabel("", self)
        self.label.setWordWrap(True)
        self.notApplied = QLabel("", self)
        self.notApplied.setWordWrap(True)
        self.notApplied.setStyleSheet("color: #92400e;")
        self.removeButton = QPushButton("Remove", self)
        self.removeButton.setToolTip("Post without the macro's changes to the ticket")
        self.removeButton.setAccessibleName("Remove the macro's changes from the post")
        self.removeButton.clicked.connect(self.removed)
        layout.addWidget(self.label, 0, 0)
        layout.addWidget(self.removeButton, 0, 1, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.notApplied, 1, 0, 1, 2)
        layout.setColumnStretch(0, 1)
        self.hide()

    def show_changes(self, line: str, not_applied: tuple[str, ...]) -> None:
        self.label.setText(f"With the post: {line}" if line else "The macro changes nothing else.")
        self.label.setAccessibleName(self.label.text())
        text = "Not applied by callcompanion: " + " ".join(not_applied)
        self.notApplied.setText(text)
        self.notApplied.setAccessibleName(text)
        self.notApplied.setVisible(bool(not_applied))
        self.show()
