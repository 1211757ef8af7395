"""The Homebrew cask of a release: both disk images (Apple silicon and Intel) in one cask.

``render(release)`` returns the text of ``callcompanion.rb`` for the project's tap
(``Casks/callcompanion.rb`` in a ``homebrew-…`` repository). The URL carries ``#{version}`` and
``#{arch}``, so ``brew bump-cask-pr`` and livecheck can follow later releases; the checksums are
per architecture. ``zap`` lists what the app writes under ~/Library (platformdirs' folders for
the app name, the start-at-login LaunchAgent), and ``uninstall quit:`` closes a running copy
before it is replaced.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from release_manifests import Release

# LSMinimumSystemVersion's major version → the symbol `depends_on macos:` takes.
MACOS_NAMES = {
    "11": "big_sur",
    "12": "monterey",
    "13": "ventura",
    "14": "sonoma",
    "15": "sequoia",
    "26": "tahoe",
}


def ruby_string(text: str, *, interpolated: tuple[str, ...] = ()) -> str:
    """A double-quoted Ruby string; only the ``#{…}`` in ``interpolated`` stay interpolations."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("#{", "\\#{")
    for name in interpolated:
        escaped = escaped.replace(f"\\#{{{name}}}", f"#{{{name}}}")
    return f'"{escaped}"'


def render(release: Release) -> str:
    app = release.app
    major = app.macos_minimum.split(".")[0]
    if major not in MACOS_NAMES:
        raise ValueError(f"no Homebrew name for macOS {app.macos_minimum}")
    # The folder of this version's downloads, with the version left to Homebrew.
    folder = release.download_base.replace(release.version, "#{version}")
    url = f"{folder}/{app.name}-#{{version}}-macos-#{{arch}}.dmg"
    library = "~/Library"
    zap = [
        f"{library}/Application Support/{app.name}",
        f"{library}/Caches/{app.name}",
        # Start at login (Settings → Startup) is a LaunchAgent labelled with the bundle id.
        f"{library}/LaunchAgents/{app.bundle_id}.plist",
        f"{library}/Logs/{app.name}",
        f"{library}/Preferences/{app.bundle_id}.plist",
        f"{library}/Saved Application State/{app.bundle_id}.savedState",
    ]
    zap_lines = "\n".join(f"    {ruby_string(path)}," for path in zap)
    # Homebrew's livecheck finds newer versions from the GitHub release; a mirror has none.
    livecheck = (
        "\n  livecheck do\n    url :url\n    strategy :github_latest\n  end\n"
        if release.download_base.startswith("https://github.com/")
        else ""
    )
    return f"""\
# The callcompanion cask, written for version {release.version} by packaging/release_manifests.py.
cask {ruby_string(app.name)} do
  arch arm: "arm64", intel: "x86_64"

  version {ruby_string(release.version)}
  sha256 arm:   {ruby_string(release.mac_arm64.sha256)},
         intel: {ruby_string(release.mac_x86_64.sha256)}

  url {ruby_string(url, interpolated=("version", "arch"))}
  name {ruby_string(app.name)}
  desc {ruby_string(app.summary)}
  homepage {ruby_string(release.homepage)}
{livecheck}
  depends_on macos: ">= :{MACOS_NAMES[major]}"

  app {ruby_string(app.name + ".app")}

  uninstall quit: {ruby_string(app.bundle_id)}

  zap trash: [
{zap_lines}
  ]
end
"""
