"""Start-up work PySide6 does for every imported module, made cheaper. Call before Qt loads.

PySide6 decides per module whether it may use ``from __feature__ import …`` by reading the
module's whole source with ``inspect.getsource`` and looking for "PySide6" (PYSIDE-2029). That
runs for each of the ~200 modules the app imports and leaves every source file in ``linecache``
for the life of the process: about 3 MiB and a few milliseconds at start-up. The same question,
answered from the file's bytes, keeps nothing in memory. The original is used wherever the
module has no plain source file (built-ins, a frozen build).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType


def lighten_feature_check() -> bool:
    """Install the cheaper check; ``False`` when this PySide6 has no such hook (nothing done)."""
    import shiboken6  # noqa: F401 - loads PySide's feature module, not yet initialised

    feature = sys.modules.get("shibokensupport.feature")
    original: Callable[[ModuleType], bool] | None = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or original is None or getattr(original, "lightened", False):
        return False

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

    uses_pyside.lightened = True  # type: ignore[attr-defined]
    setattr(feature, "_mod_uses_pyside", uses_pyside)  # noqa: B010 - a private name
    return True
