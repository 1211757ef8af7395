"""The tray icon: the elapsed minutes drawn on a badge whose colour and shape show the state.

Shapes carry the state even without colour (macOS menu-bar mask icons are monochrome): a circle
while waiting for the customer, a rounded square in progress, one corner cut deep at wrap-up (deep
enough to see at 16 px), all four cut (a stop sign) in overtime. Icons are cached by what they
show, so the icon is rebuilt once a minute at most.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QIcon,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)

from callcompanion.core.call_state import CallState
from callcompanion.gui.palette import state_colour

ICON_SIZES = (16, 20, 22, 24, 32, 48, 64)
APP_COLOUR = "#0f766e"


@dataclass(frozen=True)
class IconFace:
    """What the tray icon shows; equal faces draw identical icons.

    Attributes:
        state: The call's state, ``None`` when no call is running.
        label: The text on the badge (minutes), empty when idle.
        mask: Draw a monochrome template image (macOS menu bar).
    """

    state: CallState | None
    label: str
    mask: bool = False


MAX_LABEL = 2  # characters: three would be about 4 px tall on a 16 px icon


def minutes_label(elapsed_seconds: float) -> str:
    """What the badge says, two characters at most so it stays legible at 16 px.

    ``0``–``99`` minutes, then whole hours (``1h``–``9h``), then ``9+`` (nine hours or more:
    a call that long is a timer left running; the tooltip has the exact time).
    """
    minutes = max(0, int(elapsed_seconds // 60))
    if minutes < 100:
        return str(minutes)
    hours = minutes // 60
    return f"{hours}h" if hours < 10 else "9+"


def face_for(state: CallState | None, elapsed_seconds: float, *, mask: bool) -> IconFace:
    if state is None or state is CallState.ENDED:
        return IconFace(None, "", mask)
    return IconFace(state, minutes_label(elapsed_seconds), mask)


def _badge_path(state: CallState | None, rect: QRectF) -> QPainterPath:
    path = QPainterPath()
    side = rect.width()
    if state is CallState.WAITING:
        path.addEllipse(rect)
        return path
    cut = side * 0.30
    x0, y0, x1, y1 = rect.left(), rect.top(), rect.right(), rect.bottom()
    if state is CallState.OVERTIME:
        points = [
            (x0 + cut, y0),
            (x1 - cut, y0),
            (x1, y0 + cut),
            (x1, y1 - cut),
            (x1 - cut, y1),
            (x0 + cut, y1),
            (x0, y1 - cut),
            (x0, y0 + cut),
        ]
        path.moveTo(*points[0])
        for point in points[1:]:
            path.lineTo(*point)
        path.closeSubpath()
        return path
    radius = side * 0.22
    if state is CallState.WRAP_UP:
        cut = side * 0.42  # clear of the text, and still a visible notch at 16 px
        path.moveTo(x0 + radius, y0)
        path.lineTo(x1 - cut, y0)
        path.lineTo(x1, y0 + cut)
        path.lineTo(x1, y1 - radius)
        path.quadTo(x1, y1, x1 - radius, y1)
        path.lineTo(x0 + radius, y1)
        path.quadTo(x0, y1, x0, y1 - radius)
        path.lineTo(x0, y0 + radius)
        path.quadTo(x0, y0, x0 + radius, y0)
        path.closeSubpath()
        return path
    path.addRoundedRect(rect, radius, radius)
    return path


def _fit_font(text: str, box: float) -> QFont:
    font = QFont()
    font.setBold(True)
    font.setPixelSize(max(6, int(box * 0.72)))
    while font.pixelSize() > 6:
        metrics = QFontMetricsF(font)
        if metrics.horizontalAdvance(text) <= box * 0.84 and metrics.capHeight() <= box * 0.62:
            break
        font.setPixelSize(font.pixelSize() - 1)
    return font


def _draw_idle(painter: QPainter, rect: QRectF, mask: bool) -> None:
    """The app mark: a clock face on a rounded square."""
    side = rect.width()
    ink = QColor("black") if mask else QColor(APP_COLOUR)
    path = QPainterPath()
    path.addRoundedRect(rect, side * 0.22, side * 0.22)
    painter.fillPath(path, ink)
    centre = rect.center()
    radius = side * 0.30
    face = QColor(0, 0, 0, 0) if mask else QColor("white")
    pen = QPen(face, max(1.0, side * 0.09))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    if mask:
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(centre, radius, radius)
    painter.drawLine(centre, QPointF(centre.x(), centre.y() - radius * 0.62))
    painter.drawLine(centre, QPointF(centre.x() + radius * 0.5, centre.y()))
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)


def render_face(face: IconFace, size: int) -> QPixmap:
    """Draw *face* at *size* × *size* device pixels."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    margin = max(0.5, size * 0.03)
    rect = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    if face.state is None:
        _draw_idle(painter, rect, face.mask)
        painter.end()
        return pixmap
    path = _badge_path(face.state, rect)
    hollow = face.mask and face.state is CallState.WAITING
    ink = QColor("black") if face.mask else state_colour(face.state)
    if hollow:
        stroke = max(1.0, size * 0.09)
        inner = rect.adjusted(stroke / 2, stroke / 2, -stroke / 2, -stroke / 2)
        painter.setPen(QPen(ink, stroke))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(_badge_path(face.state, inner))
    else:
        painter.fillPath(path, ink)
        if not face.mask:  # a darker rim keeps the badge crisp on light panels
            painter.setPen(QPen(ink.darker(150), max(0.75, size / 24)))
            painter.drawPath(path)
    font = _fit_font(face.label, rect.width())
    painter.setFont(font)
    if face.mask and not hollow:
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
        painter.setPen(QColor("black"))
    else:
        painter.setPen(ink if hollow else QColor("white"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, face.label)
    painter.end()
    return pixmap


def make_icon(face: IconFace) -> QIcon:
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addPixmap(render_face(face, size))
    if face.mask:
        icon.setIsMask(True)
    return icon


def app_icon() -> QIcon:
    """The application's own icon (window, task switcher): the idle face in colour."""
    return make_icon(IconFace(None, ""))


class IconCache:
    """Keeps the last icon, so asking again for the same face costs nothing."""

    def __init__(self) -> None:
        self._face: IconFace | None = None
        self._icon: QIcon | None = None
        self.renders = 0

    def icon_for(self, face: IconFace) -> tuple[QIcon, bool]:
        """The icon for *face* and whether it differs from the previous one."""
        if face == self._face and self._icon is not None:
            return self._icon, False
        self._face = face
        self._icon = make_icon(face)
        self.renders += 1
        return self._icon, True
