"""The stack of the Call tab's pages (setup, call, ended), as tall as the page in view.

``QStackedLayout`` takes the tallest of *all* its pages when a word-wrapped label asks for a
height for a width, even of pages out of view: after a long call checklist, "Before the call"
would keep the call page's height and push its buttons out of sight. This stack answers for
the current page only.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QStackedWidget


class PageStack(QStackedWidget):
    def hasHeightForWidth(self) -> bool:
        page = self.currentWidget()
        return page is not None and page.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:
        page = self.currentWidget()
        return page.heightForWidth(width) if page is not None else -1

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()
