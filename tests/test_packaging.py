"""The installers' inputs: what the frozen build keeps, the icon files, the smoke-test checks."""

from __future__ import annotations

import argparse
import struct
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packaging"))

import pyinstaller_trim as trim  # noqa: E402
import smoke  # noqa: E402

QT = "PySide6/Qt"


@pytest.mark.parametrize(
    "destination",
    [
        f"{QT}/plugins/platforms/libqxcb.so",
        f"{QT}/plugins/platforms/libqoffscreen.so",
        f"{QT}/plugins/platforms/libqcocoa.dylib",
        "PySide6/plugins/platforms/qwindows.dll",
        f"{QT}/plugins/imageformats/libqsvg.so",
        "PySide6/plugins/imageformats/qico.dll",
        f"{QT}/plugins/iconengines/libqsvgicon.so",
        f"{QT}/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
        f"{QT}/plugins/styles/libqmacstyle.dylib",
        f"{QT}/lib/libQt6DBus.so.6",
        f"{QT}/lib/libQt6Svg.so.6",
        f"{QT}/lib/libQt6Network.so.6",
        "libicudata.so.73",
        "resources/templates/no_show.md.j2",
    ],
)
def test_the_build_keeps_what_the_app_loads(destination: str) -> None:
    assert trim.keep(destination)


@pytest.mark.parametrize(
    "destination",
    [
        f"{QT}/translations/qtbase_de.qm",
        f"{QT}/plugins/platforms/libqwayland.so",
        f"{QT}/plugins/platforms/libqminimalegl.so",
        "PySide6/plugins/platforms/qdirect2d.dll",
        f"{QT}/plugins/platformthemes/libqgtk3.so",
        f"{QT}/plugins/imageformats/libqpdf.so",
        f"{QT}/plugins/imageformats/libqjpeg.so",
        f"{QT}/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        f"{QT}/plugins/tls/libqopensslbackend.so",
        f"{QT}/lib/libQt6Quick.so.6",
        f"{QT}/lib/libQt6Pdf.so.6",
        "PySide6/Qt6Qml.dll",
        "libgtk-3.so.0",
        "libcairo.so.2",
    ],
)
def test_the_build_leaves_out_what_it_never_loads(destination: str) -> None:
    assert not trim.keep(destination)


def test_trim_filters_a_toc() -> None:
    toc = [
        (f"{QT}/plugins/platforms/libqxcb.so", "/src/a", "BINARY"),
        (f"{QT}/plugins/platforms/libqvnc.so", "/src/b", "BINARY"),
    ]
    assert trim.trim(toc) == toc[:1]


def test_modules_left_out_are_not_imported_by_the_app() -> None:
    # Every excluded module is one the app's own code never imports.
    sources = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "callcompanion").rglob("*.py")
    )
    for module in trim.EXCLUDES:
        assert f"import {module}\n" not in sources
        assert f"from {module} import" not in sources


def ico_sizes(data: bytes) -> list[int]:
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = []
    for index in range(count):
        width, _h, _c, _r, _p, _b, length, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * index
        )
        assert data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + length <= len(data)
        sizes.append(width or 256)
    return sizes


def test_the_windows_icon_has_the_sizes_windows_asks_for() -> None:
    sizes = ico_sizes((ROOT / "packaging/icons/callcompanion.ico").read_bytes())
    assert {16, 24, 32, 48, 256} <= set(sizes)


def test_the_mac_icon_is_a_valid_icns_up_to_1024() -> None:
    data = (ROOT / "packaging/icons/callcompanion.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    kinds, offset = [], 8
    while offset < len(data):
        kind, length = (
            data[offset : offset + 4],
            struct.unpack(">I", data[offset + 4 : offset + 8])[0],
        )
        assert data[offset + 8 : offset + 16] == b"\x89PNG\r\n\x1a\n"
        kinds.append(kind)
        offset += length
    assert offset == len(data)
    assert {b"icp4", b"ic07", b"ic10"} <= set(kinds)


def options(**overrides: Any) -> argparse.Namespace:
    values = {"check_keyring": False, "backend": None, "platform": None, "tray": False}
    values["source"] = False
    values.update(overrides)
    return argparse.Namespace(**values)


GOOD = {
    "ok": True,
    "frozen": True,
    "window_shown": True,
    "resources": "/app/_internal/resources",
    "templates": ["no_show.md.j2"],
    "checklist_items": 14,
    "http": "ok",
    "platform": "offscreen",
    "tray_available": False,
    "keyring": {
        "backend": "keyring.backends.SecretService.Keyring",
        "secure": True,
        "round_trip": "ok",
    },
}


def test_a_good_report_passes_the_smoke_test() -> None:
    assert smoke.problems_in(GOOD, options(check_keyring=True, backend="SecretService")) == []


def test_the_fail_keyring_backend_fails_the_smoke_test() -> None:
    report = {
        **GOOD,
        "keyring": {
            "backend": "keyring.backends.fail.Keyring",
            "secure": False,
            "round_trip": None,
        },
    }
    problems = smoke.problems_in(report, options(check_keyring=True))
    assert "no real keyring backend: keyring.backends.fail.Keyring" in problems
    assert any("round trip" in p for p in problems)
    assert smoke.problems_in(report, options()) == [], "only with --check-keyring"


def test_a_report_from_source_or_without_a_tray_is_named() -> None:
    report = {**GOOD, "frozen": False}
    assert smoke.problems_in(report, options(tray=True, platform="xcb")) == [
        "the report does not come from a frozen build",
        "Qt platform 'offscreen' is not 'xcb'",
        "no system tray was found",
    ]
