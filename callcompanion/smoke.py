"""What ``--smoke-test`` needs to check the whole app without acting on anyone's behalf.

The smoke test never sends: no outbox attempt, no Zendesk or Calendly request (tokens are not
handed out), only its own loopback HTTP self-check. It respects the profile's lock: when the app
already runs on that profile, the smoke test runs on a throwaway copy of it instead.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from callcompanion.paths import AppPaths
from callcompanion.services.credentials import CredentialStore


class NoTokens(CredentialStore):
    """The keyring as the app sees it, except that no token ever leaves it.

    Without a token nothing can authenticate to Zendesk or Calendly, so nothing is sent; the
    keyring's status (and ``--check-keyring``'s round trip, which uses its own throwaway
    secret) still come from the real keyring.
    """

    def get(self, user: str) -> str | None:
        return None


def throwaway_copy(paths: AppPaths) -> tuple[AppPaths, Path]:
    """A copy of *paths*' settings, templates and store in a new temporary profile.

    The store is copied with SQLite's backup API, a consistent snapshot even while the running
    app writes to it. Returns the new paths and the folder to delete afterwards.
    """
    root = Path(tempfile.mkdtemp(prefix="callcompanion-smoke-"))
    copy = AppPaths.for_profile(root / "profile")
    copy.create()
    if paths.config_dir.is_dir():
        shutil.copytree(paths.config_dir, copy.config_dir, dirs_exist_ok=True)
    if paths.store_file.exists():
        import sqlite3

        source = sqlite3.connect(paths.store_file)
        target = sqlite3.connect(copy.store_file)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    return copy, root
