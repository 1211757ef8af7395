"""The call's remote in a menu: the due prompt's answers under its title, then the next steps.

The tray's menu and the mini timer's list the same items, in the same order, from here.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from callcompanion.controllers.call_actions import CallActions


def add_call_actions(menu: QMenu, actions: CallActions, *, heading_as_section: bool) -> None:
    """Add the due prompt's title, its answers, a separator, then the call's next steps.

    The items are :meth:`CallActions.all` (the answers, then the steps that repeat none). With
    *heading_as_section* the title is a menu section, which a menu Qt draws itself shows (the
    mini timer's); otherwise a disabled bold item, which a menu the desktop draws also shows
    (the tray's, on macOS and in Linux panels, may drop a section's text).
    """
    prompt = actions.prompt()
    answers = actions.answers()
    if prompt is not None and answers:
        if heading_as_section:
            menu.addSection(prompt.title)
        else:
            heading = QAction(prompt.title, menu)
            heading.setEnabled(False)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            menu.addAction(heading)
    for index, action in enumerate(actions.all()):
        if answers and index == len(answers):
            menu.addSeparator()
        item = QAction(action.label, menu)
        item.triggered.connect(lambda _=False, key=action.key: actions.trigger(key))
        menu.addAction(item)
