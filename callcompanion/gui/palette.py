"""Colours: the state colours, the light and dark palettes, and text colours for both.

The state colours fill badges (the tray icon, the state chip, the mini timer's strip) under
white text: each is dark enough for it (contrast ratio of at least 4.5:1) and distinct in hue;
the tray icon also varies its shape by state, so colour is never the only signal.

Text drawn in a colour on the window's own background (an error, a refusal, the overtime clock)
takes :func:`text_colour`, which picks a shade with at least 4.5:1 against the window in the
current scheme: the dark red that reads on a light window all but vanishes on a dark one.

The window follows the desktop's light or dark scheme (:func:`follow_color_scheme`): where the
platform already hands Qt a palette of that scheme nothing changes; where it only reports the
scheme (Fusion on some Linux desktops), the app sets the matching palette itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from callcompanion.core.call_state import CallState

if TYPE_CHECKING:
    from callcompanion.core.prompts import PromptKind

IDLE = "#4b5563"
ERROR = "#b91c1c"
WARNING = "#b45309"
INFO = "#1d4ed8"
STATE_COLOURS: dict[CallState, str] = {
    CallState.WAITING: WARNING,  # amber: the customer is not here yet
    CallState.IN_PROGRESS: "#15803d",  # green: on track
    CallState.WRAP_UP: INFO,  # blue: wind down
    CallState.OVERTIME: ERROR,  # red: past the planned length
    CallState.ENDED: IDLE,
}

# The same hues lightened for text on a dark window (each at least 4.5:1 on #1e1e1e… #2d2d2d).
_DARK_TEXT = {
    ERROR: "#f87171",
    WARNING: "#fbbf24",
    INFO: "#93c5fd",
    STATE_COLOURS[CallState.IN_PROGRESS]: "#4ade80",
    IDLE: "#d1d5db",
}


def state_colour(state: CallState | None) -> QColor:
    """The fill for a badge showing *state* (white text on it)."""
    return QColor(STATE_COLOURS.get(state, IDLE) if state else IDLE)


def chip_style(state: CallState | None) -> str:
    """A stylesheet for a rounded label showing *state*."""
    return (
        f"background-color: {state_colour(state).name()}; color: white; "
        "border-radius: 9px; padding: 2px 10px; font-weight: 600;"
    )


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether *palette* (default: the application's) has a dark window."""
    if palette is None:
        palette = QGuiApplication.palette()
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    return window.lightnessF() < text.lightnessF()


def text_colour(colour: str | QColor, palette: QPalette | None = None) -> QColor:
    """*colour* as text on the window: itself on a light window, a lighter shade on a dark one."""
    name = colour.name() if isinstance(colour, QColor) else colour
    if is_dark(palette):
        return QColor(_DARK_TEXT.get(name, name))
    return QColor(name)


def error_style() -> str:
    """A label's text colour for a problem to fix, readable in the current scheme."""
    return f"color: {text_colour(ERROR).name()};"


def warn_style() -> str:
    """A label's text colour for something to be aware of, readable in the current scheme."""
    return f"color: {text_colour(WARNING).name()};"


def contrast_ratio(foreground: QColor, background: QColor) -> float:
    """The WCAG contrast ratio between two colours (1 to 21)."""

    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(colour.redF())
            + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF())
        )

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def dark_palette() -> QPalette:
    """A dark palette with the roles Fusion draws with, empty check boxes and fields visible."""
    palette = QPalette()
    roles = QPalette.ColorRole
    colours = {
        # Fields and empty check boxes are lighter than the window (Fusion outlines them in
        # a darker shade of the window, which a darker field would swallow).
        roles.Window: "#202020",
        roles.WindowText: "#ececec",
        roles.Base: "#424242",
        roles.AlternateBase: "#2c2c2c",
        roles.ToolTipBase: "#3a3a3a",
        roles.ToolTipText: "#f2f2f2",
        roles.PlaceholderText: "#b4b4b4",
        roles.Text: "#ececec",
        roles.Button: "#363636",
        roles.ButtonText: "#ececec",
        roles.BrightText: "#ffffff",
        # Fusion draws frames and check-box outlines from these: light enough to see on #1b1b1b.
        roles.Light: "#5a5a5a",
        roles.Midlight: "#4a4a4a",
        roles.Mid: "#8a8a8a",
        roles.Dark: "#9a9a9a",
        roles.Shadow: "#0a0a0a",
        roles.Highlight: "#3b82f6",
        roles.HighlightedText: "#ffffff",
        roles.Link: "#93c5fd",
        roles.LinkVisited: "#c4b5fd",
        roles.Accent: "#3b82f6",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(disabled, role, QColor("#8a8a8a"))
    palette.setColor(disabled, roles.Base, QColor("#2a2a2a"))
    palette.setColor(disabled, roles.Button, QColor("#2e2e2e"))
    return palette


class _SchemeFollower:
    """Keeps the application's palette in step with the desktop's colour scheme."""

    def __init__(self, app: QGuiApplication) -> None:
        self._app = app
        self._platform_palette = QPalette(app.palette())
        self.applied: Qt.ColorScheme | None = None

    def apply(self, scheme: Qt.ColorScheme) -> None:
        platform_dark = is_dark(self._platform_palette)
        if scheme is Qt.ColorScheme.Dark and not platform_dark:
            self._app.setPalette(dark_palette())
        elif scheme is Qt.ColorScheme.Light and platform_dark:
            style = getattr(self._app, "style", None)
            self._app.setPalette(style().standardPalette() if style else QPalette())
        else:
            self._app.setPalette(self._platform_palette)
        self.applied = scheme


_follower: _SchemeFollower | None = None


def follow_color_scheme(
    app: QGuiApplication, scheme: Qt.ColorScheme | None = None
) -> Qt.ColorScheme:
    """Use the palette of the desktop's scheme now and whenever it changes.

    *scheme* forces one (the screenshots render both); the default is what the desktop reports.
    Returns the scheme applied.
    """
    global _follower
    if _follower is None or _follower._app is not app:
        _follower = _SchemeFollower(app)
        follower = _follower
        if scheme is None:
            app.styleHints().colorSchemeChanged.connect(follower.apply)
    wanted = app.styleHints().colorScheme() if scheme is None else scheme
    _follower.apply(wanted)
    return wanted


def prompt_accent(kind: PromptKind) -> str:
    """The accent of a prompt of *kind*, wherever it is shown (banner, card)."""
    from callcompanion.core.prompts import PromptKind  # not needed for the first paint

    return {
        PromptKind.NO_SHOW: WARNING,
        PromptKind.WRAP_UP: INFO,
        PromptKind.TIMES_UP: ERROR,
        PromptKind.RESPONSE: ERROR,
    }[kind]
