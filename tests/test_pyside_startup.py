"""PySide6's per-module feature check, answered without keeping every source in memory."""

from __future__ import annotations

import json
import subprocess
import sys

CHECK = """
import json, linecache, sys
from callcompanion.gui.pyside_startup import lighten_feature_check
lightened = lighten_feature_check()
again = lighten_feature_check()
from PySide6 import QtCore, QtWidgets
import argparse, email.parser, callcompanion.core.call, callcompanion.gui.tray_icon
feature = sys.modules["shibokensupport.feature"]
uses = feature._mod_uses_pyside
print(json.dumps({
    "lightened": lightened,
    "again": again,
    "cached": sorted(linecache.cache),
    "qt_module": uses(sys.modules["callcompanion.gui.tray_icon"]),
    "plain_module": uses(sys.modules["callcompanion.core.call"]),
    "builtin": uses(sys),
}))
"""


def test_the_feature_check_reads_files_without_caching_them() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["lightened"] is True
    assert found["again"] is False, "installed once"
    # PySide's own check would have left these in linecache (a couple of files read while
    # shiboken itself loads, before the check can be replaced, stay there).
    for module in ("argparse.py", "email/parser.py", "core/call.py", "gui/tray_icon.py"):
        assert not [name for name in found["cached"] if name.endswith(module)], module
    assert len(found["cached"]) < 5
    assert found["qt_module"] is True
    assert found["plain_module"] is False
    assert found["builtin"] is False
