"""The winget manifests for the Windows installer (written by packaging/release_manifests.py)."""
