#!/usr/bin/env python3
"""Draw the app icon files the installers need, from the same painter as the window icon.

    python packaging/make_icons.py        # writes packaging/icons/callcompanion.{ico,icns,png}

The files are committed; rerun this after changing the idle face in gui/tray_icon.py. The ICO
and ICNS containers hold PNG images (Windows Vista+, macOS 10.7+), written here directly, so
no image library beyond Qt is needed.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QPainter, QPixmap  # noqa: E402

from callcompanion.gui.tray_icon import IconFace, render_face  # noqa: E402

OUT = ROOT / "packaging" / "icons"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 96, 128, 256)
# ICNS element types holding PNG data, by pixel size (the @2x types share sizes).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)
# Apple's icon grid leaves about 10 % around the rounded square; Windows icons fill the tile.
MAC_INSET = 100 / 1024


def png_bytes(pixmap: QPixmap) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not pixmap.save(buffer, "PNG"):
        raise RuntimeError("Qt could not encode a PNG")
    buffer.close()
    return bytes(data.data())


def face(size: int, *, inset: float = 0.0) -> QPixmap:
    if not inset:
        return render_face(IconFace(None, ""), size)
    inner = round(size * (1 - 2 * inset))
    canvas = QPixmap(size, size)
    canvas.fill(Qt.GlobalColor.transparent)
    painter = QPainter(canvas)
    offset = (size - inner) / 2
    painter.drawPixmap(QRectF(offset, offset, inner, inner), render_face(IconFace(None, ""), inner),
                       QRectF(0, 0, inner, inner))  # fmt: skip
    painter.end()
    return canvas


def ico(sizes: tuple[int, ...]) -> bytes:
    images = [png_bytes(face(size)) for size in sizes]
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries = b""
    for size, image in zip(sizes, images, strict=True):
        dimension = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", dimension, dimension, 0, 0, 1, 32, len(image), offset)
        offset += len(image)
    return header + entries + b"".join(images)


def icns() -> bytes:
    cache: dict[int, bytes] = {}
    body = b""
    for kind, size in ICNS_TYPES:
        if size not in cache:
            cache[size] = png_bytes(face(size, inset=MAC_INSET))
        body += kind + struct.pack(">I", 8 + len(cache[size])) + cache[size]
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "callcompanion.ico").write_bytes(ico(ICO_SIZES))
    (OUT / "callcompanion.icns").write_bytes(icns())
    (OUT / "callcompanion.png").write_bytes(png_bytes(face(256)))
    del app
    for name in ("callcompanion.ico", "callcompanion.icns", "callcompanion.png"):
        print(f"wrote {OUT / name} ({(OUT / name).stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
