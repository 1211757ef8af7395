"""The release's Homebrew cask and winget manifests, generated for a sample release and checked
offline: the winget files against the manifest schema's required fields (no network for the real
schema, no brew for ``brew style``), the cask's stanzas by structure (and by ``ruby -c`` where
Ruby is installed); and the release workflow's Python, signing and attachments.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from callcompanion.services.autostart.macos import LABEL as LAUNCH_AGENT_LABEL

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packaging"))

import homebrew.make_cask as make_cask  # noqa: E402
import release_manifests as rm  # noqa: E402
import winget.make_manifests as wm  # noqa: E402

VERSION = "2.10.0"  # "2.10" would be a number to a careless YAML writer
FILES = [
    f"callcompanion-{VERSION}-linux-x86_64.tar.gz",
    f"callcompanion-{VERSION}-macos-arm64.dmg",
    f"callcompanion-{VERSION}-macos-x86_64.dmg",
    f"callcompanion-{VERSION}-windows-x64-setup.exe",
]
SUMS = {name: hashlib.sha256(name.encode()).hexdigest() for name in FILES}
SHA256SUMS = "".join(f"{digest}  {name}\n" for name, digest in SUMS.items())
GITHUB = "https://github.com/acme/callcompanion"
DOWNLOADS = f"{GITHUB}/releases/download/v{VERSION}"
IDENTIFIER = "callcompanion.callcompanion"

# The required fields of the winget manifest schema 1.12.0, per manifest type, written out here
# so that packaging/winget/schema.json cannot quietly drop one.
REQUIRED = {
    "version": {
        "PackageIdentifier",
        "PackageVersion",
        "DefaultLocale",
        "ManifestType",
        "ManifestVersion",
    },
    "installer": {
        "PackageIdentifier",
        "PackageVersion",
        "Installers",
        "ManifestType",
        "ManifestVersion",
    },
    "defaultLocale": {
        "PackageIdentifier",
        "PackageVersion",
        "PackageLocale",
        "Publisher",
        "PackageName",
        "License",
        "ShortDescription",
        "ManifestType",
        "ManifestVersion",
    },
}
REQUIRED_PER_INSTALLER = {"Architecture", "InstallerUrl", "InstallerSha256"}


def sample_release(**overrides: Any) -> rm.Release:
    options: dict[str, Any] = {
        "version": VERSION,
        "repository": "acme/callcompanion",
        "release_date": "2026-03-02",
    }
    options.update(overrides)
    return rm.make_release(rm.read_checksums(SHA256SUMS), **options)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The files the command line writes for the sample release, by name."""
    folder = tmp_path_factory.mktemp("release")
    (folder / "SHA256SUMS").write_text(SHA256SUMS, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "packaging" / "release_manifests.py"),
            "--checksums",
            str(folder / "SHA256SUMS"),
            "--version",
            VERSION,
            "--repository",
            "acme/callcompanion",
            "--release-date",
            "2026-03-02",
            "--out",
            str(folder / "out"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    paths = [Path(line) for line in result.stdout.splitlines()]
    assert sorted(p.parent for p in paths) == [folder / "out"] * 4
    return {p.name: p.read_text(encoding="utf-8") for p in paths}


def test_the_release_gets_a_cask_and_the_three_winget_files(written: dict[str, str]) -> None:
    assert set(written) == {
        "callcompanion.rb",
        f"{IDENTIFIER}.yaml",
        f"{IDENTIFIER}.installer.yaml",
        f"{IDENTIFIER}.locale.en-US.yaml",
    }


# ---- winget ---------------------------------------------------------------------------------


def winget(written: dict[str, str]) -> dict[str, dict[str, Any]]:
    """The three winget documents by ManifestType."""
    documents = [wm.parse(text) for name, text in written.items() if name.endswith(".yaml")]
    return {document["ManifestType"]: document for document in documents}


def test_the_schema_file_keeps_every_required_field() -> None:
    schema = wm.load_schema()
    for manifest_type, fields in REQUIRED.items():
        assert fields <= set(schema["manifests"][manifest_type]["required"]), manifest_type
    installer = schema["manifests"]["installer"]["properties"]["Installers"]["items"]
    assert set(installer["required"]) >= REQUIRED_PER_INSTALLER


def test_each_winget_file_has_the_schemas_required_fields_and_is_valid(
    written: dict[str, str],
) -> None:
    documents = winget(written)
    assert set(documents) == set(REQUIRED)
    for manifest_type, document in documents.items():
        assert REQUIRED[manifest_type] <= set(document), manifest_type
        assert document["ManifestVersion"] == "1.12.0"
        assert wm.problems_in(document) == [], manifest_type
    for installer in documents["installer"]["Installers"]:
        assert set(installer) >= REQUIRED_PER_INSTALLER


def test_the_winget_files_name_the_same_package_version_and_locale(
    written: dict[str, str],
) -> None:
    documents = winget(written)
    for document in documents.values():
        assert document["PackageIdentifier"] == IDENTIFIER
        assert document["PackageVersion"] == VERSION
    assert documents["version"]["DefaultLocale"] == documents["defaultLocale"]["PackageLocale"]
    assert f"{IDENTIFIER}.locale.{documents['version']['DefaultLocale']}.yaml" in written
    # Each file says which schema it follows (editors and winget validate read the comment).
    for name, text in written.items():
        if name.endswith(".yaml"):
            kind = wm.parse(text)["ManifestType"].lower()
            assert f"$schema=https://aka.ms/winget-manifest.{kind}.1.12.0.schema.json" in text


def test_the_winget_installer_is_the_per_user_inno_setup_download(
    written: dict[str, str],
) -> None:
    installer = winget(written)["installer"]
    setup = f"callcompanion-{VERSION}-windows-x64-setup.exe"
    assert installer["Installers"] == [
        {
            "Architecture": "x64",
            "InstallerUrl": f"{DOWNLOADS}/{setup}",
            "InstallerSha256": SUMS[setup].upper(),
        }
    ]
    assert installer["InstallerType"] == "inno"
    assert installer["Scope"] == "user"
    assert installer["ReleaseDate"] == "2026-03-02"
    assert installer["MinimumOSVersion"] == "10.0.0.0"
    # Windows lists an Inno Setup install under "{AppId}_is1": the AppId of the setup script.
    iss = (ROOT / "packaging/windows/callcompanion.iss").read_text(encoding="utf-8")
    app_id = re.search(r"^AppId=\{(\{[0-9A-F-]+\})$", iss, re.MULTILINE)
    assert app_id
    assert installer["ProductCode"] == f"{app_id.group(1)}_is1"
    assert installer["AppsAndFeaturesEntries"][0]["ProductCode"] == installer["ProductCode"]


def test_the_winget_locale_describes_the_app_from_its_own_metadata(
    written: dict[str, str],
) -> None:
    locale = winget(written)["defaultLocale"]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert locale["License"] == project["license"]
    assert locale["Description"] == project["description"]
    assert locale["ShortDescription"] == rm.read_app_info().summary
    assert locale["PackageUrl"] == GITHUB
    assert locale["ReleaseNotesUrl"] == f"{GITHUB}/releases/tag/v{VERSION}"


def test_versions_and_dates_are_quoted_so_yaml_keeps_them_strings(
    written: dict[str, str],
) -> None:
    text = written[f"{IDENTIFIER}.installer.yaml"]
    assert f'PackageVersion: "{VERSION}"' in text
    assert 'ReleaseDate: "2026-03-02"' in text
    assert 'ManifestVersion: "1.12.0"' in text


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d.pop("PackageIdentifier"), "PackageIdentifier is required"),
        (lambda d: d["Installers"][0].pop("InstallerSha256"), "InstallerSha256 is required"),
        (lambda d: d["Installers"][0].update(InstallerSha256="abc"), "does not match"),
        (lambda d: d["Installers"][0].update(InstallerUrl="ftp://x/y.exe"), "does not match"),
        (lambda d: d.update(Scope="everyone"), "Scope must be one of"),
        (lambda d: d.update(InstallerSHA256="00"), "InstallerSHA256 is not a field"),
        (lambda d: d.update(Installers=[]), "at least 1"),
        (lambda d: d.update(PackageIdentifier="callcompanion"), "PackageIdentifier"),
        (lambda d: d.update(ManifestVersion="1.6.0"), "ManifestVersion is not 1.12.0"),
        (lambda d: d.update(ManifestType="singleton"), "ManifestType 'singleton' is not one"),
    ],
)
def test_the_schema_check_finds_what_winget_would_reject(
    written: dict[str, str], change: Any, problem: str
) -> None:
    document = wm.parse(written[f"{IDENTIFIER}.installer.yaml"])
    change(document)
    problems = wm.problems_in(document)
    assert any(problem in p for p in problems), problems


@pytest.mark.parametrize(
    "value",
    ["0.10", "yes", "No", "null", "a: b", "tag #1", 'say "hi"', "{x}_is1", "ends:", " lead", "é"],
)
def test_awkward_strings_survive_the_yaml_round_trip(value: str) -> None:
    text = wm._document("version", {"PackageIdentifier": "a.b", "PackageVersion": value})
    assert wm.parse(text)["PackageVersion"] == value


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("PackageVersion: 0.10\n", "must be quoted"),
        ("PackageVersion: yes\n", "must be quoted"),
        ("A: b\nA: c\n", "appears twice"),
        ("A:\n", "has no value"),
        ("A: b\n  B: c\n", "unexpected indentation"),
        ('A: "open\n', "bad quoted string"),
        ("- a\n", "expected 'Key: value'"),
    ],
)
def test_the_reader_rejects_what_it_cannot_read_for_sure(text: str, error: str) -> None:
    with pytest.raises(wm.ManifestSyntaxError, match=error):
        wm.parse(text)


# ---- Homebrew -------------------------------------------------------------------------------


def stanza(cask: str, name: str) -> str:
    match = re.search(rf"^  {name} (.+)$", cask, re.MULTILINE)
    assert match, f"no {name} stanza"
    return match.group(1)


def ruby_string(text: str) -> str:
    match = re.fullmatch(r'"((?:[^"\\]|\\.)*)"', text)
    assert match, f"not one double-quoted string: {text}"
    return match.group(1)


def test_the_cask_has_every_stanza_homebrew_needs(written: dict[str, str]) -> None:
    cask = written["callcompanion.rb"]
    assert re.search(r'^cask "callcompanion" do$', cask, re.MULTILINE)
    assert cask.rstrip().endswith("\nend")
    assert ruby_string(stanza(cask, "version")) == VERSION
    assert ruby_string(stanza(cask, "name")) == "callcompanion"
    assert ruby_string(stanza(cask, "homepage")) == GITHUB
    assert ruby_string(stanza(cask, "app")) == "callcompanion.app"
    assert ruby_string(stanza(cask, "uninstall quit:")) == "com.callcompanion.app"
    assert stanza(cask, "arch") == 'arm: "arm64", intel: "x86_64"'
    assert stanza(cask, "depends_on") == 'macos: ">= :ventura"'  # LSMinimumSystemVersion 13.0
    # `brew audit`'s rules for desc: short, no article or app name first, no final full stop.
    desc = ruby_string(stanza(cask, "desc"))
    assert len(desc) <= 80
    assert not re.match(r"(?i)(a|an|the|callcompanion)\b", desc)
    assert not desc.endswith(".")
    zap = re.search(r"^  zap trash: \[\n((?:    \".+\",\n)+)  \]$", cask, re.MULTILINE)
    assert zap, "zap trash: [ … ] with one quoted path a line"
    assert '"~/Library/Application Support/callcompanion",' in zap.group(1)
    assert f'"~/Library/LaunchAgents/{LAUNCH_AGENT_LABEL}.plist",' in zap.group(1)


def test_the_cask_checksums_and_url_are_those_of_the_disk_images(written: dict[str, str]) -> None:
    cask = written["callcompanion.rb"]
    sha = re.search(
        r'^  sha256 arm:   "([0-9a-f]{64})",\n         intel: "([0-9a-f]{64})"$', cask, re.M
    )
    assert sha
    url = ruby_string(stanza(cask, "url"))
    assert "#{version}" in url
    assert "#{arch}" in url
    for arch, digest in (("arm64", sha.group(1)), ("x86_64", sha.group(2))):
        name = f"callcompanion-{VERSION}-macos-{arch}.dmg"
        assert digest == SUMS[name]
        assert url.replace("#{version}", VERSION).replace("#{arch}", arch) == f"{DOWNLOADS}/{name}"


def test_the_cask_is_balanced_ruby(written: dict[str, str]) -> None:
    cask = written["callcompanion.rb"]
    body = [line for line in cask.splitlines() if not line.lstrip().startswith("#")]
    opened = sum(1 for line in body if re.search(r"\bdo$", line))
    closed = sum(1 for line in body if line.strip() == "end")
    assert opened == closed == 2  # cask … do, livecheck do
    for line in body:
        assert len(re.findall(r'(?<!\\)"', line)) % 2 == 0, line
    assert cask.count("[") == cask.count("]")


@pytest.mark.skipif(shutil.which("ruby") is None, reason="ruby is not installed")
def test_ruby_parses_the_cask(written: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "callcompanion.rb"
    path.write_text(written["callcompanion.rb"], encoding="utf-8")
    result = subprocess.run(
        ["ruby", "-c", str(path)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr


def test_ruby_strings_escape_quotes_and_interpolation() -> None:
    assert make_cask.ruby_string('a "b" \\ #{c}') == '"a \\"b\\" \\\\ \\#{c}"'
    assert make_cask.ruby_string("v#{version}", interpolated=("version",)) == '"v#{version}"'


# ---- the command line and its inputs --------------------------------------------------------


def test_a_mirror_gets_its_own_links_and_no_github_livecheck() -> None:
    release = sample_release(
        repository=None,
        download_base=f"https://downloads.example.com/callcompanion/{VERSION}/",
        homepage="https://intranet.example.com/callcompanion",
    )
    assert release.windows_x64.url == (
        f"https://downloads.example.com/callcompanion/{VERSION}/"
        f"callcompanion-{VERSION}-windows-x64-setup.exe"
    )
    cask = make_cask.render(release)
    url = ruby_string(stanza(cask, "url"))
    assert (
        url
        == "https://downloads.example.com/callcompanion/#{version}/callcompanion-#{version}-macos-#{arch}.dmg"
    )
    assert "livecheck" not in cask
    locale = wm.parse(wm.render(release)[f"{IDENTIFIER}.locale.en-US.yaml"])
    assert locale["ReleaseNotesUrl"] == "https://intranet.example.com/callcompanion"


def test_a_missing_download_is_named() -> None:
    sums = rm.read_checksums(SHA256SUMS)
    del sums[f"callcompanion-{VERSION}-macos-x86_64.dmg"]
    with pytest.raises(rm.ReleaseError, match=rf"callcompanion-{VERSION}-macos-x86_64\.dmg"):
        rm.make_release(sums, version=VERSION, repository="acme/callcompanion")


def test_a_version_without_downloads_fails_the_command(tmp_path: Path) -> None:
    # A tag that does not match pyproject.toml's version: the build named its files otherwise.
    (tmp_path / "SHA256SUMS").write_text(SHA256SUMS, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "packaging" / "release_manifests.py"),
            "--checksums",
            str(tmp_path / "SHA256SUMS"),
            "--version",
            "9.9.9",
            "--repository",
            "acme/callcompanion",
            "--out",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "callcompanion-9.9.9-macos-arm64.dmg" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("line", "name"),
    [
        (f"{'a' * 64}  dist/x.dmg", "x.dmg"),
        (f"{'B' * 64} *x.exe", "x.exe"),
    ],
)
def test_checksums_in_text_and_binary_mode_are_read(line: str, name: str) -> None:
    assert rm.read_checksums(line + "\n") == {name: line[:64].lower()}


def test_a_damaged_checksums_line_is_an_error() -> None:
    with pytest.raises(rm.ReleaseError, match="line 2"):
        rm.read_checksums(f"{'a' * 64}  x.dmg\nnot a checksum\n")


def test_the_app_metadata_comes_from_the_build_files() -> None:
    info = rm.read_app_info()
    assert info.name == "callcompanion"
    assert info.bundle_id == "com.callcompanion.app"
    assert info.macos_minimum == "13.0"
    assert info.windows_minimum == "10.0"
    assert re.fullmatch(r"\{[0-9A-F-]{36}\}", info.windows_app_id)


# ---- the release workflow -------------------------------------------------------------------


def workflow(name: str) -> str:
    return (ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8")


def test_the_release_builds_and_tests_on_the_from_source_floor() -> None:
    release = workflow("release.yml")
    declared = re.findall(r'^  PYTHON_VERSION: "([0-9.]+)"$', release, re.MULTILINE)
    assert len(declared) == 1
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    floor = re.fullmatch(r">=(\d+\.\d+)", pyproject["project"]["requires-python"])
    assert floor
    # The floor is what .ci/run (Debian 12) runs everything on, the frozen build included.
    assert declared[0] == floor.group(1) == pyproject["tool"]["mypy"]["python_version"]
    # Every job sets up that one Python, and the Linux job runs the whole suite on it.
    setups = re.findall(r"python-version: (.+)$", release, re.MULTILINE)
    assert setups
    assert set(setups) == {"${{ env.PYTHON_VERSION }}"}
    assert "run: python -m pytest -p no:cacheprovider -q\n" in release


def test_the_windows_build_is_signed_when_a_certificate_is_there() -> None:
    release = workflow("release.yml")
    windows = release[release.index("\n  windows:") : release.index("\n  release:")]
    assert "secrets.WINDOWS_CERTIFICATE" in windows
    assert "::notice title=Windows build not signed::" in windows
    # callcompanion.exe with signtool, the installer (and its uninstaller) through Inno Setup:
    # SHA-256 file digests and an RFC 3161 timestamp, so the signature outlives the certificate.
    for option in ("sign /sha1 ", "/fd SHA256", "/tr ", "/td SHA256"):
        assert windows.count(option) == 2, option
    assert windows.count("verify /pa") == 3  # the exe, the installer, the installed files
    assert windows.index("Sign callcompanion.exe") < windows.index("Smoke test, frozen")
    iss = (ROOT / "packaging/windows/callcompanion.iss").read_text(encoding="utf-8")
    assert re.search(r"#ifdef Sign\n(;.*\n)*SignTool=signtool\nSignedUninstaller=yes\n#endif", iss)


def test_the_release_attaches_checksums_the_cask_and_the_manifests() -> None:
    release = workflow("release.yml")
    job = release[release.index("\n  release:") :]
    assert "sha256sum -- * > SHA256SUMS" in job
    assert "python packaging/release_manifests.py --checksums artifacts/SHA256SUMS" in job
    assert 'gh release create "$TAG" artifacts/* manifests/*' in job


def test_checks_run_on_the_python_the_release_builds_with() -> None:
    checks = workflow("checks.yml")
    assert "container: debian:12" in checks
    assert "sed -n 's/^  PYTHON_VERSION:" in checks
