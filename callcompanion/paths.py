"""Where the app keeps its files, and where its bundled resources are.

Every path the app writes comes from one :class:`AppPaths`: the platformdirs locations, or all of
them under one folder with ``--profile DIR``.
"""

from __future__ import annotations

import os
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

from callcompanion import APP_NAME

_PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class AppPaths:
    """The app's folders.

    Attributes:
        config_dir: Settings and the engineer's templates.
        data_dir: The SQLite store.
        log_dir: Rotating logs and crash reports.
        cache_dir: Anything that can be thrown away.
        profile: The ``--profile`` folder, if one was given.
    """

    config_dir: Path
    data_dir: Path
    log_dir: Path
    cache_dir: Path
    profile: Path | None = None

    @classmethod
    def for_profile(cls, profile: Path) -> AppPaths:
        root = profile.expanduser().resolve()
        return cls(root / "config", root / "data", root / "logs", root / "cache", root)

    @classmethod
    def from_platform(cls) -> AppPaths:
        from platformdirs import PlatformDirs

        dirs = PlatformDirs(APP_NAME, appauthor=False)
        return cls(
            Path(dirs.user_config_dir),
            Path(dirs.user_data_dir),
            Path(dirs.user_log_dir),
            Path(dirs.user_cache_dir),
        )

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def store_file(self) -> Path:
        return self.data_dir / "callcompanion.sqlite3"

    @property
    def templates_dir(self) -> Path:
        return self.config_dir / "templates"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "callcompanion.log"

    @property
    def fault_file(self) -> Path:
        return self.log_dir / "faults.log"

    def create(self) -> None:
        for folder in (self.config_dir, self.data_dir, self.log_dir, self.cache_dir):
            folder.mkdir(parents=True, exist_ok=True)

    def instance_key(self) -> str:
        """Where the single-instance socket lives: one running app per user and profile.

        On POSIX an absolute socket path in the private runtime folder (so a second launch can
        knock without loading QtNetwork); on Windows a pipe name.
        """
        digest = f"{zlib.crc32(str(self.data_dir).encode()):08x}"
        if sys.platform == "win32":
            return f"{APP_NAME}-{os.environ.get('USERNAME', 'user')}-{digest}"
        folder = os.environ.get("XDG_RUNTIME_DIR")
        if not folder:
            import tempfile

            folder = tempfile.gettempdir()
        return str(Path(folder) / f"{APP_NAME}-{os.getuid()}-{digest}.sock")


def resource_dir() -> Path:
    """The ``resources/`` folder, for a frozen build, an installed wheel or a checkout."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    candidates = []
    if frozen_root:
        candidates.append(Path(frozen_root) / "resources")
    candidates += [_PACKAGE_DIR / "_resources", _PACKAGE_DIR.parent / "resources"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        "callcompanion's resources are missing (looked in "
        + ", ".join(str(c) for c in candidates)
        + "); reinstall the app."
    )


def resource_path(*parts: str) -> Path:
    """A file under ``resources/``; refuses absolute paths and ``..``."""
    relative = Path(*parts)
    if relative.is_absolute() or ".." in relative.parts:
        raise ValueError(f"not a resource path: {relative}")
    return resource_dir() / relative
