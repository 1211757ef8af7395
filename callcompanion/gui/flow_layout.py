"""A layout that places widgets in a row and wraps them onto new lines when space runs out.

Prompt answers use it so that "Customer joined · Wait 5 more minutes · Customer didn't show"
stays readable in a narrow window parked beside the meeting.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    """Left-to-right (or right-aligned) rows that wrap; height follows the width."""

    def __init__(
        self, parent: QWidget | None = None, *, spacing: int = 6, right: bool = True
    ) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._right = right
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        rows: list[list[tuple[QLayoutItem, QSize]]] = [[]]
        row_width = 0
        for item in self._items:
            hint = item.sizeHint()
            needed = hint.width() if not rows[-1] else row_width + self._spacing + hint.width()
            if rows[-1] and needed > area.width():
                rows.append([])
                needed = hint.width()
            rows[-1].append((item, hint))
            row_width = needed
        y = area.y()
        for row in rows:
            if not row:
                continue
            height = max(h.height() for _, h in row)
            width = sum(h.width() for _, h in row) + self._spacing * (len(row) - 1)
            x = area.x() + (max(0, area.width() - width) if self._right else 0)
            for item, hint in row:
                if apply:
                    item.setGeometry(QRect(QPoint(x, y), hint.boundedTo(area.size())))
                x += hint.width() + self._spacing
            y += height + self._spacing
        return y - self._spacing - rect.y() + margins.bottom()
