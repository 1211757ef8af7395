"""Where the app keeps its files, and where its bundled resources are.

Every path the app writes comes from one :class:`AppPaths`: the platformdirs locations, or all of
them under one folder with ``--profile DIR``.
"""

from __future__ import annotations

import contextlib
import os
import sys
import zlib
from collections.abc import Iterator
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

    @property
    def lock_file(self) -> Path:
        """Held (an OS lock) by the one app running on this profile."""
        return self.data_dir / "instance.lock"

    @property
    def running_marker(self) -> Path:
        """Present while the app runs; left behind when it did not quit cleanly."""
        return self.log_dir / "running"

    def create(self) -> None:
        for folder in (self.config_dir, self.data_dir, self.log_dir, self.cache_dir):
            folder.mkdir(parents=True, exist_ok=True)

    def instance_key(self) -> str:
        """Where the running app answers later launches: one per user and profile.

        On POSIX a socket path in a folder only this user can enter (so a second launch can
        knock without loading QtNetwork, and nobody else can take the name first); on Windows
        a pipe name with the user and the profile in it.
        """
        digest = f"{zlib.crc32(str(self.data_dir).encode()):08x}"
        if sys.platform == "win32":
            return f"{APP_NAME}-{os.environ.get('USERNAME', 'user')}-{digest}"
        name = f"{APP_NAME}-{digest}.sock"
        for folder in _runtime_folders(self.data_dir):
            path = str(folder / name)
            if len(os.fsencode(path)) <= SOCKET_PATH_MAX:
                return path
        return str(self.data_dir / name)  # too long to listen on: later launches cannot knock


# An AF_UNIX path holds 104 bytes on macOS and the BSDs (108 on Linux), and Qt binds in a
# temporary folder named after the socket (a few bytes longer) before moving it into place.
SOCKET_PATH_MAX = 88


def private_folder(folder: Path, *, create: bool = False) -> bool:
    """Whether *folder* is a real folder owned by this user that nobody else can enter.

    With *create*, a missing folder is made (mode 0700) first. A symlink, a folder owned by
    another user or one with any group/other permission is refused.
    """
    import stat

    try:
        if create:
            with contextlib.suppress(FileExistsError):
                os.mkdir(folder, 0o700)
        info = os.lstat(folder)
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and not info.st_mode & (stat.S_IRWXG | stat.S_IRWXO)
    )


def _runtime_folders(data_dir: Path) -> Iterator[Path]:
    """Private folders for the socket, best first (each checked, or made, only when reached)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isabs(runtime) and private_folder(Path(runtime)):
        yield Path(runtime)
    if sys.platform == "darwin":
        try:  # the per-user temporary folder (/var/folders/…/T/), private to the user
            darwin_temp = os.confstr("CS_DARWIN_USER_TEMP_DIR")
        except (ValueError, OSError):
            darwin_temp = None
        if darwin_temp and private_folder(Path(darwin_temp)):
            yield Path(darwin_temp)
    temp = Path(os.environ.get("TMPDIR") or "/tmp") / f"{APP_NAME}-{os.getuid()}"
    if private_folder(temp, create=True):
        yield temp
    own = data_dir / "run"
    if private_folder(own, create=data_dir.is_dir()):
        yield own


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
