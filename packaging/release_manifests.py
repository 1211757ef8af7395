#!/usr/bin/env python3
"""Write the Homebrew cask and the winget manifests of a release from its downloads' checksums.

    python packaging/release_manifests.py --checksums SHA256SUMS --repository OWNER/NAME \\
        [--version X.Y.Z] [--download-base URL] [--homepage URL] [--release-date YYYY-MM-DD] \\
        --out DIR

SHA256SUMS is ``sha256sum`` output for the release's files; it must list the two macOS disk
images and the Windows installer of VERSION (default: pyproject.toml's). The downloads are at
DOWNLOAD_BASE/<file name> (default: the GitHub release of tag vVERSION in OWNER/NAME, which is
also where a team's internal mirror can point instead). Writes into DIR:

- ``callcompanion.rb``: the cask (packaging/homebrew/make_cask.py), for the project's tap;
- ``<PackageIdentifier>.yaml``, ``….installer.yaml``, ``….locale.en-US.yaml``: the winget
  multi-file manifest (packaging/winget/make_manifests.py), checked against the required fields
  and patterns of the manifest schema (packaging/winget/schema.json) before it is written.

The app's name, description, licence, bundle id, Windows AppId and minimum OS versions are read
from pyproject.toml, callcompanion.spec and packaging/windows/callcompanion.iss, so the
manifests describe the build that was made. Stdlib only; prints the files it wrote.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "packaging") not in sys.path:
    sys.path.insert(0, str(ROOT / "packaging"))

import homebrew.make_cask as make_cask  # noqa: E402
import winget.make_manifests as make_manifests  # noqa: E402

SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")


class ReleaseError(Exception):
    """The inputs do not describe a complete release (a missing file, a bad checksum)."""


@dataclass(frozen=True)
class Download:
    """One file of the release: its name, where it is downloaded from, its SHA-256 (lower case)."""

    name: str
    url: str
    sha256: str


@dataclass(frozen=True)
class AppInfo:
    """What the manifests say about the app, read from the build's own sources."""

    name: str
    summary: str
    description: str
    license: str
    publisher: str
    bundle_id: str
    macos_minimum: str  # e.g. "13.0"
    windows_app_id: str  # Inno Setup AppId, without the doubled brace
    windows_minimum: str  # e.g. "10.0"


@dataclass(frozen=True)
class Release:
    """A release: its version, its pages and the downloads the manifests point at."""

    version: str
    homepage: str
    download_base: str  # the URL folder holding this version's downloads
    release_notes_url: str
    release_date: str | None  # YYYY-MM-DD
    app: AppInfo
    mac_arm64: Download
    mac_x86_64: Download
    windows_x64: Download


def _setting(text: str, pattern: str, source: str) -> str:
    match = re.search(pattern, text, re.MULTILINE)
    if not match:
        raise ReleaseError(f"{source}: no match for {pattern!r}")
    return match.group(1)


def read_app_info(root: Path = ROOT) -> AppInfo:
    """Read the app's metadata from pyproject.toml, callcompanion.spec and the Inno Setup script."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    spec = (root / "callcompanion.spec").read_text(encoding="utf-8")
    iss = (root / "packaging" / "windows" / "callcompanion.iss").read_text(encoding="utf-8")
    return AppInfo(
        name=project["name"],
        summary=_setting(spec, r'^DESCRIPTION = "([^"]+)"', "callcompanion.spec"),
        description=project["description"],
        license=project["license"],
        publisher=_setting(iss, r"^AppPublisher=(.+)$", "callcompanion.iss").strip(),
        bundle_id=_setting(spec, r'^BUNDLE_ID = "([^"]+)"', "callcompanion.spec"),
        macos_minimum=_setting(spec, r'"LSMinimumSystemVersion": "([^"]+)"', "callcompanion.spec"),
        windows_app_id=_setting(iss, r"^AppId=\{(\{[0-9A-Fa-f-]+\})$", "callcompanion.iss"),
        windows_minimum=_setting(iss, r"^MinVersion=(.+)$", "callcompanion.iss").strip(),
    )


def project_version(root: Path = ROOT) -> str:
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return str(project["version"])


def read_checksums(text: str) -> dict[str, str]:
    """File name → SHA-256 (lower case) from ``sha256sum`` output (text or binary mode)."""
    sums: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        digest, _, name = line.partition(" ")
        name = name.lstrip(" ").removeprefix("*")
        if not SHA256.match(digest) or not name:
            raise ReleaseError(f"checksums line {number} is not '<sha256>  <file>': {line!r}")
        sums[Path(name).name] = digest.lower()
    return sums


def download_names(name: str, version: str) -> dict[str, str]:
    """The file names the release builds give the downloads the manifests point at."""
    return {
        "mac_arm64": f"{name}-{version}-macos-arm64.dmg",
        "mac_x86_64": f"{name}-{version}-macos-x86_64.dmg",
        "windows_x64": f"{name}-{version}-windows-x64-setup.exe",
    }


def make_release(
    checksums: dict[str, str],
    *,
    version: str,
    repository: str | None = None,
    download_base: str | None = None,
    homepage: str | None = None,
    release_date: str | None = None,
    app: AppInfo | None = None,
) -> Release:
    """Describe the release; the downloads must all be in ``checksums``."""
    app = app or read_app_info()
    if repository is None and (download_base is None or homepage is None):
        raise ReleaseError("give --repository, or both --download-base and --homepage")
    if repository is not None and not re.fullmatch(r"[\w.-]+/[\w.-]+", repository):
        raise ReleaseError(f"--repository must be OWNER/NAME, not {repository!r}")
    github = f"https://github.com/{repository}"
    homepage = homepage or github
    base = (download_base or f"{github}/releases/download/v{version}").rstrip("/")
    notes = f"{github}/releases/tag/v{version}" if repository else homepage
    if release_date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", release_date):
        raise ReleaseError(f"--release-date must be YYYY-MM-DD, not {release_date!r}")
    downloads: dict[str, Download] = {}
    missing = []
    for key, name in download_names(app.name, version).items():
        if name not in checksums:
            missing.append(name)
            continue
        downloads[key] = Download(name, f"{base}/{name}", checksums[name])
    if missing:
        raise ReleaseError(
            f"the checksums do not list {', '.join(missing)} (version {version}); "
            f"they list: {', '.join(sorted(checksums)) or 'nothing'}"
        )
    return Release(
        version=version,
        homepage=homepage,
        download_base=base,
        release_notes_url=notes,
        release_date=release_date,
        app=app,
        **downloads,
    )


def write_manifests(release: Release, out: Path) -> list[Path]:
    """Write the cask and the winget manifests into ``out``; raise if a manifest is invalid."""
    files = {f"{release.app.name}.rb": make_cask.render(release)}
    manifests = make_manifests.render(release)
    for name, text in manifests.items():
        problems = make_manifests.problems_in(make_manifests.parse(text))
        if problems:
            raise ReleaseError(f"{name} does not match the manifest schema: {'; '.join(problems)}")
    files.update(manifests)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        path = out / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checksums", type=Path, required=True, help="sha256sum output")
    parser.add_argument("--version", help="the release's version (default: pyproject.toml's)")
    parser.add_argument("--repository", help="OWNER/NAME on GitHub")
    parser.add_argument("--download-base", help="URL folder of the downloads")
    parser.add_argument("--homepage", help="the project's page (default: its GitHub page)")
    parser.add_argument("--release-date", help="YYYY-MM-DD, for the winget manifest")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    args = parser.parse_args(argv)
    try:
        release = make_release(
            read_checksums(args.checksums.read_text(encoding="utf-8")),
            version=args.version or project_version(),
            repository=args.repository,
            download_base=args.download_base,
            homepage=args.homepage,
            release_date=args.release_date,
        )
        for path in write_manifests(release, args.out):
            print(path)
    except (ReleaseError, OSError) as error:
        print(f"release_manifests: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
