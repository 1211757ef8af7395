"""The main window, one module per page (see :mod:`.window`)."""

from callcompanion.gui.main_window.common import label_text, open_url
from callcompanion.gui.main_window.window import CALL_PAGE, ENDED_PAGE, SETUP_PAGE, MainWindow

__all__ = ["CALL_PAGE", "ENDED_PAGE", "SETUP_PAGE", "MainWindow", "label_text", "open_url"]
