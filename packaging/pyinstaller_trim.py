"""What a frozen build leaves out: shared by callcompanion.spec and the bare-window baseline.

PySide6's PyInstaller hooks collect every plugin a used Qt module might load, and whatever
libraries the build machine's copies of those plugins link. The app needs far less: a platform
plugin (xcb, cocoa or windows; offscreen and minimal for headless runs), styles, the SVG and ICO
image formats and icon engine (icons), the input-method plugins (text input: compose keys, IBus),
and QtDBus (QtGui links it; the Linux tray uses it). docs/TESTING.md lists what must stay.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

# Python modules nothing in the app imports (PyInstaller would otherwise follow optional imports).
EXCLUDES = [
    "tkinter",
    "unittest",
    "pydoc",
    "pydoc_data",
    "lib2to3",
    "idlelib",
    "test",
    # Only concurrent.futures' process pool imports it, and nothing here uses one; bundled, it
    # would also bring PyInstaller's multiprocessing start-up hook (~8 ms on every start).
    "multiprocessing",
    # Reached only through optional imports of tools, never at run time: httpx's command line
    # (click, rich, pygments: 4 MB of source) and anyio's pytest plugin.
    "httpx._main",
    "click",
    "rich",
    "pygments",
    "pytest",
    "_pytest",
    # The app's HTTP client is synchronous: httpcore's optional async backends are never used.
    "anyio",
    "sniffio",
    "trio",
    "asyncio",
    # decimal's pure-Python fallback; the C module is bundled.
    "_pydecimal",
    *(
        f"PySide6.{module}"
        for module in (
            "QtConcurrent",
            "QtDesigner",
            "QtHelp",
            "QtLabsStyleKit",
            "QtOpenGL",
            "QtOpenGLWidgets",
            "QtPdf",
            "QtPdfWidgets",
            "QtPrintSupport",
            "QtQml",
            "QtQmlFeatures",
            "QtQuick",
            "QtQuickControls2",
            "QtQuickTest",
            "QtQuickWidgets",
            "QtSql",
            "QtSvgWidgets",
            "QtTest",
            "QtUiTools",
            "QtXml",
        )
    ),
]

# Qt plugin folders the app never loads.
DROP_PLUGIN_DIRS = {
    "designer",
    "egldeviceintegrations",
    "generic",
    "multimedia",
    "networkinformation",
    "platformthemes",
    "position",
    "printsupport",
    "qmllint",
    "qmltooling",
    "sqldrivers",
    "tls",
    "vectorimageformats",
    "wayland-decoration-client",
    "wayland-graphics-integration-client",
    "wayland-graphics-integration-server",
    "wayland-shell-integration",
    "xcbglintegrations",
}
# Within the folders kept, the plugins kept (by file stem, without "lib" and the extension).
KEEP_PLUGINS = {
    "platforms": {"qxcb", "qoffscreen", "qminimal", "qcocoa", "qwindows"},
    "imageformats": {"qsvg", "qico"},
    "platforminputcontexts": {
        "composeplatforminputcontextplugin",
        "ibusplatforminputcontextplugin",
    },
}
# Libraries only the dropped plugins or modules use (matched on the start of the file name,
# without "lib"; case-insensitive): Qt's Quick/QML/PDF/Wayland/EGL parts, Windows' software
# OpenGL and shader compiler (a widgets app never asks for OpenGL), and the GTK stack a GTK
# platform theme drags in from a Linux build machine. Anything else a dropped plugin alone
# linked goes on Linux by prune_unlinked(); elsewhere only these names are dropped.
DROP_LIBRARY_PREFIXES = (
    "qt6quick",
    "qt6qml",
    "qt6pdf",
    "qt6virtualkeyboard",
    "qt6wayland",
    "qt6wlshellintegration",
    "qt6eglfs",
    "qt6sql",
    "qt6test",
    "qt6designer",
    "qt6help",
    "qt6labs",
    "qt6svgwidgets",
    "qt6uitools",
    "opengl32sw",
    "d3dcompiler_",
    "gtk-3",
    "gdk-3",
    "gdk_pixbuf",
    "atk-1",
    "atk-bridge",
    "atspi",
    "cairo",
    "pango",
    "epoxy",
    "wayland-",
)


def _stem(name: str) -> str:
    stem = name.split(".", 1)[0]
    return stem[3:] if stem.startswith("lib") else stem


def keep(destination: str) -> bool:
    """Whether a collected file (by its path inside the bundle) stays."""
    path = PurePath(destination.replace("\\", "/"))
    parts = path.parts
    name = path.name
    if "translations" in parts and "Qt" in parts:
        return False  # Qt's own UI strings; the app is in English
    if "plugins" in parts:
        index = parts.index("plugins")
        if len(parts) > index + 2:
            folder = parts[index + 1]
            if folder in DROP_PLUGIN_DIRS:
                return False
            wanted = KEEP_PLUGINS.get(folder)
            if wanted is not None and _stem(name) not in wanted:
                return False
    return not _stem(name).lower().startswith(DROP_LIBRARY_PREFIXES)


def trim(toc: Iterable[Any]) -> list[Any]:
    """A TOC (``a.binaries`` or ``a.datas``) without what :func:`keep` refuses."""
    return [entry for entry in toc if keep(entry[0])]


# Loaded with dlopen() rather than linked: kept even when nothing links them.
DLOPENED = ("libdbus-1.",)


def _is_root(destination: str) -> bool:
    """Files something loads by name: Python extension modules, Qt plugins, libpython."""
    path = PurePath(destination.replace("\\", "/"))
    name = path.name.lower()
    return (
        "plugins" in path.parts
        or "lib-dynload" in path.parts
        or ".cpython-" in name
        or ".abi3." in name
        or name.endswith(".pyd")
        or name.startswith(("libpython", "python"))
        or name.startswith(DLOPENED)
    )


def prune_unlinked(binaries: Iterable[Any], datas: Iterable[Any]) -> tuple[list[Any], list[Any]]:
    """Linux: drop shared libraries no kept extension module or plugin links, even indirectly.

    PyInstaller collects the libraries of every plugin it sees, from the build machine (a GTK
    platform theme brings the GTK stack along). After :func:`trim` has dropped the plugins, what
    they alone linked is dead weight. ``ldd`` reports the whole closure, so one pass suffices.
    Returns the binaries and the datas (symbolic links to dropped libraries go too).
    """
    from PyInstaller.depend.bindepend import get_imports

    entries = list(binaries)
    wanted: set[str] = set()
    for destination, source, _kind in entries:
        if _is_root(destination):
            wanted.add(PurePath(destination).name)
            wanted.update(PurePath(name).name for name, _path in get_imports(source))
    kept = [entry for entry in entries if PurePath(entry[0]).name in wanted]
    kept_paths = {entry[0] for entry in kept}
    links = [
        entry
        for entry in datas
        if entry[2] != "SYMLINK" or PurePath(entry[1]).name in wanted or entry[1] in kept_paths
    ]
    return kept, links


# strip(1) shrinks libpython and the Qt libraries on Linux; on macOS it would break their
# signatures, and Windows has no strip.
STRIP = sys.platform.startswith("linux")
