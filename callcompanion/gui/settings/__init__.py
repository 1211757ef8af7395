"""The settings dialog (:mod:`.dialog`) and one class per tab, each over the one Designer form.

Tabs read and write only their own widgets; network goes through controllers
(:mod:`callcompanion.controllers.calendly_setup`, :mod:`callcompanion.controllers.connection_check`)
and files through services (:mod:`callcompanion.services.template_files`).
"""

from callcompanion.gui.settings.dialog import SettingsDialog

__all__ = ["SettingsDialog"]
