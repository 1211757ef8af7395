"""The main window, one module per page (see :mod:`.window`).

``label_text`` and ``open_url`` are loaded on first use: importing the window for the first
paint should not load what the pages need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from callcompanion.gui.main_window.window import CALL_PAGE, ENDED_PAGE, SETUP_PAGE, MainWindow

if TYPE_CHECKING:
    from callcompanion.gui.main_window.common import label_text, open_url

__all__ = ["CALL_PAGE", "ENDED_PAGE", "SETUP_PAGE", "MainWindow", "label_text", "open_url"]


def __getattr__(name: str) -> Any:
    if name in ("label_text", "open_url"):
        from callcompanion.gui.main_window import common

        return getattr(common, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
