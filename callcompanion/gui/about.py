"""The About box: the version, Qt's, and where the data and logs are."""

from __future__ import annotations

from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from callcompanion import __version__
from callcompanion.paths import AppPaths


def show_about(parent: QWidget, paths: AppPaths) -> None:
    QMessageBox.about(
        parent,
        "About callcompanion",
        f"<b>callcompanion {__version__}</b><br>"
        "The call timer, prompts and history beside your customer calls.<br><br>"
        f"Qt {qVersion()}<br>Data: {paths.data_dir}<br>Logs: {paths.log_dir}",
    )
