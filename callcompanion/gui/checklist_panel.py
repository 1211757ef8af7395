"""A checklist on screen: tick, skip with a reason, not applicable; choices, fields, copy."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QMouseEvent, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from callcompanion.core.checklists import ChecklistItem, ItemResult, ItemState
from callcompanion.gui.flow_layout import FlowLayout


def _muted(label: QLabel) -> QLabel:
    """Quieter text (the palette's placeholder colour), without a style sheet of its own.

    A style sheet per label would make each one slower to build and to show; a long
    checklist has hundreds of them.
    """
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class _WrappingLabel(QLabel):
    """A label that wraps to exactly the lines its width needs, no more and no fewer.

    A word-wrapped QLabel's minimum size is guessed for a width of its own choosing, so rows
    came out taller than their text (blank lines) or shorter (the last line cut off). Its
    minimum is one line here, and the layouts give it the height for its actual width
    (height-for-width) instead.
    """

    def __init__(self, text: str, parent: QWidget) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

    def minimumSizeHint(self) -> QSize:  # Qt override
        hint = super().minimumSizeHint()
        margins = self.contentsMargins()
        line = self.fontMetrics().height() + margins.top() + margins.bottom()
        return QSize(hint.width(), min(hint.height(), line))


class _TitleLabel(_WrappingLabel):
    """The item's title beside its check box: wraps instead of being cut off.

    A click on it toggles the box, like a check box's own text would.
    """

    def __init__(self, check: QCheckBox, text: str, parent: QWidget) -> None:
        super().__init__(text, parent)
        self._check = check
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # Qt override
        if event.button() is Qt.MouseButton.LeftButton and self._check.isEnabled():
            self._check.toggle()
        super().mouseReleaseEvent(event)


class _MoreButton(QToolButton):
    """The “⋯” button: the row's rarely used actions, in a menu made only when it opens.

    The actions sit on the button itself; Qt builds the menu from them when the button is
    pressed (by mouse, keyboard or assistive technology), so the hundreds of rows of a long
    checklist don't each carry a menu of their own.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setText("⋯")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)


class ChecklistRow(QFrame):
    """One item.

    Signals:
        changed: The engineer changed it; carries the new :class:`ItemResult`.
        section_requested: "Write it down" was pressed; carries the summary section.
    """

    changed = Signal(object)
    section_requested = Signal(str)

    def __init__(
        self,
        item: ChecklistItem,
        result: ItemResult,
        *,
        substitutions: Mapping[str, str],
        actions: Sequence[tuple[str, Callable[[ItemResult], None]]] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.item = item
        self.result = result
        self.setObjectName(f"checklist_{item.id}")
        # The box, the title and the buttons on one line, whatever the item has besides
        # (choice, fields, help) on lines under it. Each further layout or wrapper widget
        # would be laid out again on every pass over a long checklist.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(2)
        self._layout = layout
        top = QHBoxLayout()
        layout.addLayout(top)
        self.check = QCheckBox(self)
        self.check.setAccessibleName(item.title)
        self.check.setToolTip(item.help)
        self.title = _TitleLabel(self.check, item.title, self)
        self.title.setToolTip(item.help)
        # The box lines up with the title's first line, however many lines the title wraps to.
        top.addWidget(self.check, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.title, 1)
        if item.copy:
            text = item.copy.format_map(dict(substitutions))
            copy = QPushButton("Copy link", self)
            copy.setAccessibleName(f"Copy: {text}")
            copy.setToolTip(text)
            copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(text))
            top.addWidget(copy, 0, Qt.AlignmentFlag.AlignTop)
        if item.section:
            write = QPushButton("Write it down", self)
            write.setAccessibleName(f"Write “{item.title}” in the summary notes")
            write.setToolTip("Opens the call's summary notes at this section.")
            write.clicked.connect(lambda: self.section_requested.emit(item.section))
            top.addWidget(write, 0, Qt.AlignmentFlag.AlignTop)
        self.more = _MoreButton(self)
        self.more.setAccessibleName(f"More for “{item.title}”")
        skip = QAction("Skip, with a reason…", self.more)
        skip.triggered.connect(self._skip)
        not_applicable = QAction("Not applicable", self.more)
        not_applicable.triggered.connect(
            lambda: self._emit(replace(self.result, state=ItemState.NOT_APPLICABLE, reason=""))
        )
        reopen = QAction("Reopen", self.more)
        reopen.triggered.connect(
            lambda: self._emit(replace(self.result, state=ItemState.OPEN, reason=""))
        )
        self.more.addActions([skip, not_applicable, reopen])
        top.addWidget(self.more, 0, Qt.AlignmentFlag.AlignTop)
        self._note: QLabel | None = None  # made when there is something to say

        self.choice: QComboBox | None = None
        if item.choices:
            self.choice = QComboBox(self)
            self.choice.setAccessibleName(f"{item.title}: choice")
            self.choice.addItem("Choose what was agreed…", "")
            for choice in item.choices:
                self.choice.addItem(choice.label, choice.id)
            self.choice.currentIndexChanged.connect(self._chose)
            layout.addWidget(self.choice)
        self.fields: dict[str, QLineEdit | QComboBox] = {}
        if item.fields:
            form = QFormLayout()
            for spec in item.fields:
                widget: QLineEdit | QComboBox
                if spec.options:
                    widget = QComboBox(self)
                    widget.addItem("", "")
                    for option in spec.options:
                        widget.addItem(option, option)
                    widget.currentIndexChanged.connect(lambda _i: self._values_changed())
                else:
                    widget = QLineEdit(self)
                    widget.textChanged.connect(lambda _t: self._values_changed())
                widget.setAccessibleName(spec.label)
                form.addRow(spec.label, widget)
                self.fields[spec.id] = widget
            layout.addLayout(form)
            if actions:
                buttons = FlowLayout(right=False)
                for label, callback in actions:
                    button = QPushButton(label, self)
                    button.setAccessibleName(label)
                    button.clicked.connect(lambda _c=False, cb=callback: cb(self._with_values()))
                    buttons.addWidget(button)
                layout.addLayout(buttons)
        if item.help and (item.gate or item.nag or item.choices or item.fields):
            help_label = _WrappingLabel(item.help, self)
            _muted(help_label)
            layout.addWidget(help_label)
        self.check.toggled.connect(self._ticked)
        self.show_result(result)

    def show_result(self, result: ItemResult) -> None:
        self.result = result
        widgets = [self.check, *([self.choice] if self.choice else []), *self.fields.values()]
        for widget in widgets:
            widget.blockSignals(True)
        self.check.setChecked(result.state is ItemState.DONE)
        if self.choice is not None:
            self.choice.setCurrentIndex(max(0, self.choice.findData(result.choice)))
        for key, widget in self.fields.items():
            value = result.values.get(key, "")
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value)))
            elif widget.text() != value:
                widget.setText(value)
        for widget in widgets:
            widget.blockSignals(False)
        self.check.setEnabled(result.state in (ItemState.OPEN, ItemState.DONE))
        struck = result.state is ItemState.NOT_APPLICABLE
        if self.title.font().strikeOut() != struck:  # a new font lays the row out again
            font = self.title.font()
            font.setStrikeOut(struck)
            self.title.setFont(font)
        self.title.setEnabled(self.check.isEnabled())
        if result.state is ItemState.SKIPPED:
            note = f"Skipped: {result.reason}"
        elif result.state is ItemState.NOT_APPLICABLE:
            note = "Not applicable"
        else:
            note = ""
        if note or self._note is not None:
            self.note.setText(note)
            self.note.setVisible(bool(note))

    @property
    def note(self) -> QLabel:
        """The line under the title saying the step was skipped (and why) or not applicable."""
        if self._note is None:
            self._note = _muted(_WrappingLabel("", self))
            self._note.setAccessibleName(f"State of “{self.item.title}”")
            self._note.setVisible(False)
            self._layout.insertWidget(1, self._note)  # right under the title
        return self._note

    def _emit(self, result: ItemResult) -> None:
        self.show_result(result)
        self.changed.emit(result)

    def _ticked(self, checked: bool) -> None:
        self._emit(
            replace(
                self._with_values(),
                state=ItemState.DONE if checked else ItemState.OPEN,
                reason="",
            )
        )

    def _chose(self, _index: int) -> None:
        assert self.choice is not None
        choice = str(self.choice.currentData() or "")
        state = ItemState.DONE if choice else ItemState.OPEN
        self._emit(replace(self.result, state=state, choice=choice, reason=""))

    def _values_changed(self) -> None:
        self.result = self._with_values()
        self.changed.emit(self.result)

    def _with_values(self) -> ItemResult:
        if not self.fields:
            return self.result
        values = {}
        for key, widget in self.fields.items():
            value = widget.currentData() if isinstance(widget, QComboBox) else widget.text()
            if value:
                values[key] = str(value)
        return replace(self.result, values=values)

    def _skip(self) -> None:
        reason, ok = QInputDialog.getText(
            self, "Skip this step", f"Why is “{self.item.title}” skipped? (kept with the call)"
        )
        if ok and reason.strip():
            self._emit(replace(self.result, state=ItemState.SKIPPED, reason=reason.strip()))


class ChecklistPanel(QWidget):
    """Rows for a list of items.

    A new list is built in a page of its own while that page is hidden, then shown in one
    step: the rows are laid out once, not once per row added (which costs the square of the
    number of rows in a box on screen).

    Signals:
        changed: An item changed; carries the :class:`ItemResult`.
        section_requested: A wrap-up step asks for its summary section; carries its name.
    """

    changed = Signal(object)
    section_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Checklist")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._page: QWidget | None = None
        self.rows: dict[str, ChecklistRow] = {}
        self.headings: dict[str, QLabel] = {}

    def show_items(
        self,
        groups: Sequence[tuple[str, Sequence[ChecklistItem]]],
        results: Mapping[str, ItemResult],
        *,
        substitutions: Mapping[str, str],
        actions: Mapping[str, Sequence[tuple[str, Callable[[ItemResult], None]]]] | None = None,
    ) -> None:
        """Rebuild for *groups* of (heading, items); empty headings are left out."""
        page = QWidget()  # no parent yet: hidden, so adding rows lays nothing out
        page.setObjectName("checklist_page")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        rows: dict[str, ChecklistRow] = {}
        headings: dict[str, QLabel] = {}
        for heading, items in groups:
            if not items:
                continue
            if heading:
                label = QLabel(f"<b>{heading}</b>", page)
                label.setAccessibleName(heading)
                headings[heading] = label
                layout.addWidget(label)
            for item in items:
                row = ChecklistRow(
                    item,
                    results.get(item.id, ItemResult(item.id)),
                    substitutions=substitutions,
                    actions=(actions or {}).get(item.id, ()),
                    parent=page,
                )
                row.changed.connect(self.changed)
                row.section_requested.connect(self.section_requested)
                layout.addWidget(row)
                rows[item.id] = row
        layout.addStretch(1)  # room left over goes under the last row, not into the rows
        old, self._page, self.rows, self.headings = self._page, page, rows, headings
        if old is not None:
            old.hide()
            self._layout.removeWidget(old)
            old.deleteLater()
        self._layout.addWidget(page)  # shown with all its rows at once, laid out once

    def update_results(self, results: Mapping[str, ItemResult]) -> None:
        for item_id, row in self.rows.items():
            result = results.get(item_id, ItemResult(item_id))
            if result != row.result:
                row.show_result(result)

    def item_count(self) -> int:
        return len(self.rows)

    def bring_into_view(self, heading: str) -> None:
        """Scroll as little as it takes to show the group under *heading* whole.

        Its heading comes first if the group is taller than the window, and what sits above it
        (the timer) stays in sight wherever it can.

        Done on the next turn of the event loop, once a page just swapped in is laid out.
        """
        QTimer.singleShot(0, self, lambda: self._scroll_to(heading))

    def _scroll_to(self, heading: str) -> None:
        label = self.headings.get(heading)
        area = self._scroll_area()
        content = area.widget() if area is not None else None
        if label is None or area is None or content is None or self._page is None:
            return
        top = label.mapTo(content, label.rect().topLeft()).y()
        group = [row for row in self.rows.values() if row.y() >= label.y()]
        last = max(group, key=lambda row: row.y(), default=label)
        bottom = last.mapTo(content, last.rect().bottomLeft()).y()
        bar = area.verticalScrollBar()
        height = area.viewport().height()
        wanted = max(bar.value(), bottom + 8 - height)  # the group's end in sight…
        bar.setValue(max(0, min(wanted, top - 4, bar.maximum())))  # …but never past its top

    def _scroll_area(self) -> QScrollArea | None:
        parent = self.parentWidget()
        while parent is not None:
            if isinstance(parent, QScrollArea):
                return parent
            parent = parent.parentWidget()
        return None
