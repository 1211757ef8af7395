"""Start at login: each system's mechanism, with its file or registry content checked."""

from __future__ import annotations

import os
import plistlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from callcompanion.__main__ import parse_args
from callcompanion.services.autostart import (
    TRAY_FLAG,
    AutostartError,
    for_this_system,
    launch_command,
    switch,
)
from callcompanion.services.autostart.macos import BUNDLE_ID, MacAutostart
from callcompanion.services.autostart.windows import (
    APPROVED_KEY,
    RUN_KEY,
    VALUE_NAME,
    WindowsAutostart,
)
from callcompanion.services.autostart.xdg import (
    XdgAutostart,
    desktop_entry,
    exec_args,
    exec_line,
)

REPO = Path(__file__).resolve().parents[2]
INSTALL_SH = REPO / "packaging" / "linux" / "install.sh"
SHIPPED_ENTRY = REPO / "packaging" / "linux" / "callcompanion.desktop"


# -- the command ---------------------------------------------------------------------------------


def test_the_command_starts_this_copy_in_the_tray_on_its_profile(tmp_path: Path) -> None:
    command = launch_command(tmp_path / "my profile")
    assert command[:3] == [sys.executable, "-m", "callcompanion"]
    assert command[3:] == ["--profile", str(tmp_path / "my profile"), TRAY_FLAG]
    assert launch_command()[-1] == TRAY_FLAG
    assert "--profile" not in launch_command()
    # And the app understands it.
    args, rest = parse_args(command[3:])
    assert args.tray
    assert args.profile == tmp_path / "my profile"
    assert rest == []


def test_a_built_app_is_its_own_executable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/callcompanion/callcompanion")
    assert launch_command() == ["/opt/callcompanion/callcompanion", TRAY_FLAG]


def test_linux_uses_the_xdg_config_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    backend = for_this_system()
    assert isinstance(backend, XdgAutostart)
    assert backend.path == tmp_path / "config" / "autostart" / "callcompanion.desktop"


# -- Linux: XDG autostart --------------------------------------------------------------------------


def entry_keys(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line)


def test_linux_entry_is_written_read_and_removed(tmp_path: Path) -> None:
    folder = tmp_path / "autostart"
    backend = XdgAutostart(["/home/ana/.local/lib/callcompanion/callcompanion", "--tray"], folder)
    assert not backend.enabled()
    backend.enable()
    assert backend.enabled()
    keys = entry_keys(folder / "callcompanion.desktop")
    assert keys["Exec"] == '"/home/ana/.local/lib/callcompanion/callcompanion" --tray'
    assert keys["Type"] == "Application"
    assert keys["Name"] == "callcompanion"
    assert keys["Terminal"] == "false"
    assert str(folder) in backend.describe()
    backend.disable()
    assert not backend.enabled()
    assert not (folder / "callcompanion.desktop").exists()
    backend.disable()  # already off: nothing to do


def test_linux_entry_is_the_shipped_menu_entry_with_the_tray_command() -> None:
    shipped = SHIPPED_ENTRY.read_text(encoding="utf-8")
    written = desktop_entry(["/x/callcompanion", "--tray"])
    assert written == shipped.replace("Exec=callcompanion", 'Exec="/x/callcompanion" --tray')


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (["/home/a b/cc", "--tray"], '"/home/a b/cc" --tray'),
        (
            ["/usr/bin/python3", "-m", "callcompanion", "--profile", "/tmp/my p", "--tray"],
            '"/usr/bin/python3" -m callcompanion --profile "/tmp/my p" --tray',
        ),
        (["/opt/100%/cc"], '"/opt/100%%/cc"'),
        (['/opt/say "hi"/cc'], '"/opt/say \\\\"hi\\\\"/cc"'),
        (["/opt/$HOME/cc"], '"/opt/\\\\$HOME/cc"'),
    ],
)
def test_linux_exec_quotes_as_the_desktop_entry_spec_asks(
    command: list[str], expected: str
) -> None:
    assert exec_line(command) == expected


@pytest.mark.parametrize("off", ["Hidden=true", "X-GNOME-Autostart-enabled=false"])
def test_linux_entry_turned_off_by_the_desktop_counts_as_off(tmp_path: Path, off: str) -> None:
    backend = XdgAutostart(["/x/cc", "--tray"], tmp_path)
    backend.enable()
    backend.path.write_text(backend.path.read_text() + off + "\n", encoding="utf-8")
    assert not backend.enabled()
    backend.enable()  # ticking it again in the app writes a fresh entry
    assert backend.enabled()


def test_linux_entry_that_cannot_be_written_says_why(tmp_path: Path) -> None:
    blocker = tmp_path / "autostart"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(AutostartError, match="cannot be set to start at login"):
        XdgAutostart(["/x/cc"], blocker).enable()


@pytest.mark.skipif(shutil.which("bash") is None, reason="install.sh is a bash script")
def test_install_sh_autostart_writes_the_same_entry_and_uninstall_removes_it(
    tmp_path: Path,
) -> None:
    # An unpacked archive, as make_archive.sh lays it out, with a stand-in app.
    archive = tmp_path / "archive"
    app = archive / "callcompanion"
    app.mkdir(parents=True)
    shutil.copy(INSTALL_SH, archive / "install.sh")
    shutil.copy(SHIPPED_ENTRY, archive / "callcompanion.desktop")
    (archive / "callcompanion.png").write_bytes(b"png")
    executable = app / "callcompanion"
    executable.write_text("#!/bin/sh\necho 'callcompanion 9.9.9'\n", encoding="utf-8")
    executable.chmod(0o755)
    home = tmp_path / "home dir"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
    }
    subprocess.run(
        ["bash", str(archive / "install.sh"), "--autostart"], env=env, check=True, timeout=60
    )
    installed = home / ".local" / "lib" / "callcompanion" / "callcompanion"
    backend = XdgAutostart([str(installed), TRAY_FLAG], home / ".config" / "autostart")
    assert backend.path.read_text(encoding="utf-8") == desktop_entry(backend.command)
    assert backend.enabled()
    # The menu entry starts the window as before (no --tray).
    menu = home / ".local" / "share" / "applications" / "callcompanion.desktop"
    assert entry_keys(menu)["Exec"] == f'"{installed}"'

    subprocess.run(
        ["bash", str(archive / "install.sh"), "--uninstall"], env=env, check=True, timeout=60
    )
    assert not backend.path.exists()
    assert not menu.exists()


# -- Windows: the Run value, behind a registry interface ----------------------------------------


class FakeRegistry:
    """``HKEY_CURRENT_USER`` as a dictionary; *refuse* makes every write fail."""

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], str | bytes] = {}
        self.refuse = False

    def read(self, key: str, name: str) -> str | bytes | None:
        return self.values.get((key, name))

    def write_string(self, key: str, name: str, value: str) -> None:
        if self.refuse:
            raise PermissionError(5, "Access is denied")
        self.values[(key, name)] = value

    def delete(self, key: str, name: str) -> None:
        if self.refuse:
            raise PermissionError(5, "Access is denied")
        self.values.pop((key, name), None)


EXE = r"C:\Users\Ana Example\AppData\Local\Programs\callcompanion\callcompanion.exe"


def test_windows_run_value_is_what_the_installer_writes() -> None:
    registry = FakeRegistry()
    backend = WindowsAutostart([EXE, "--tray"], registry)
    assert not backend.enabled()
    backend.enable()
    assert backend.enabled()
    assert registry.values[(RUN_KEY, VALUE_NAME)] == f'"{EXE}" --tray'
    assert RUN_KEY == r"Software\Microsoft\Windows\CurrentVersion\Run"
    # The installer's task writes the same value ({app} is the install folder).
    iss = (REPO / "packaging" / "windows" / "callcompanion.iss").read_text(encoding="utf-8")
    run_line = next(line for line in iss.splitlines() if line.startswith("Root: HKCU"))
    assert f'Subkey: "{RUN_KEY}"' in run_line
    assert f'ValueName: "{VALUE_NAME}"' in run_line
    assert 'ValueData: """{app}\\callcompanion.exe"" --tray"' in run_line
    assert "uninsdeletevalue" in run_line
    backend.disable()
    assert not backend.enabled()
    assert (RUN_KEY, VALUE_NAME) not in registry.values


def test_windows_profile_arguments_are_quoted_for_the_command_line() -> None:
    registry = FakeRegistry()
    WindowsAutostart([EXE, "--profile", r"D:\call profiles\ana", "--tray"], registry).enable()
    assert (
        registry.values[(RUN_KEY, VALUE_NAME)]
        == f'"{EXE}" --profile "D:\\call profiles\\ana" --tray'
    )


def test_windows_entry_disabled_in_task_manager_counts_as_off_until_ticked_again() -> None:
    registry = FakeRegistry()
    backend = WindowsAutostart([EXE, "--tray"], registry)
    backend.enable()
    registry.values[(APPROVED_KEY, VALUE_NAME)] = bytes([3]) + bytes(11)  # Task Manager: off
    assert not backend.enabled()
    registry.values[(APPROVED_KEY, VALUE_NAME)] = bytes([2]) + bytes(11)  # and on again
    assert backend.enabled()
    registry.values[(APPROVED_KEY, VALUE_NAME)] = bytes([3]) + bytes(11)
    backend.enable()
    assert backend.enabled()
    assert (APPROVED_KEY, VALUE_NAME) not in registry.values


def test_windows_registry_refusal_is_a_sentence() -> None:
    registry = FakeRegistry()
    registry.refuse = True
    backend = WindowsAutostart([EXE, "--tray"], registry)
    with pytest.raises(AutostartError, match="cannot be set to start when you sign in"):
        backend.enable()
    with pytest.raises(AutostartError, match="still starts when you sign in"):
        backend.disable()


# -- macOS: a LaunchAgent -------------------------------------------------------------------------


def test_macos_launch_agent_content(tmp_path: Path) -> None:
    program = "/Applications/callcompanion.app/Contents/MacOS/callcompanion"
    backend = MacAutostart([program, "--tray"], tmp_path / "LaunchAgents")
    assert not backend.enabled()
    backend.enable()
    assert backend.enabled()
    path = tmp_path / "LaunchAgents" / f"{BUNDLE_ID}.plist"
    with path.open("rb") as handle:
        agent = plistlib.load(handle)
    assert agent == {
        "Label": BUNDLE_ID,
        "ProgramArguments": [program, "--tray"],
        "RunAtLoad": True,
        "KeepAlive": False,
        "ProcessType": "Interactive",
        "LimitLoadToSessionType": "Aqua",
        "AssociatedBundleIdentifiers": [BUNDLE_ID],
    }
    # launchd refuses agents others can write.
    assert path.stat().st_mode & 0o022 == 0
    spec = (REPO / "callcompanion.spec").read_text(encoding="utf-8")
    assert f'BUNDLE_ID = "{BUNDLE_ID}"' in spec
    backend.disable()
    assert not backend.enabled()
    assert not path.exists()


def test_macos_agent_switched_off_or_damaged_counts_as_off(tmp_path: Path) -> None:
    backend = MacAutostart(["/x/cc", "--tray"], tmp_path)
    backend.enable()
    with backend.path.open("rb") as handle:
        agent = plistlib.load(handle)
    backend.path.write_bytes(plistlib.dumps({**agent, "Disabled": True}))
    assert not backend.enabled()
    backend.path.write_text("not a plist", encoding="utf-8")
    assert not backend.enabled()


# -- another copy's entry ----------------------------------------------------------------------


def test_linux_entry_of_another_copy_is_off_left_alone_and_replaced_when_ticked(
    tmp_path: Path,
) -> None:
    mine = XdgAutostart(["/x/cc", "--profile", "/home/ana/work profile", "--tray"], tmp_path)
    other = XdgAutostart(["/x/cc", "--tray"], tmp_path)  # the default profile's entry
    other.enable()
    assert other.enabled()
    assert not mine.enabled(), "another profile's entry is not this copy's"
    switch(mine, False)
    assert other.enabled(), "turning this copy off leaves the other profile's entry"
    switch(mine, True)
    assert mine.enabled()
    assert not other.enabled()
    assert exec_args(entry_keys(mine.path)["Exec"]) == mine.command
    moved = XdgAutostart(["/old/venv/bin/python", "-m", "callcompanion", "--tray"], tmp_path)
    assert not moved.enabled(), "a moved install's entry is not this copy's"


@pytest.mark.parametrize(
    "command",
    [
        ["/home/a b/cc", "--tray"],
        ["/usr/bin/python3", "-m", "callcompanion", "--profile", "/tmp/my p", "--tray"],
        ["/opt/100%/cc"],
        ['/opt/say "hi"/cc'],
        ["/opt/$HOME/cc", "a\\b"],
    ],
)
def test_linux_exec_reads_back_as_the_command(command: list[str]) -> None:
    assert exec_args(exec_line(command)) == command


def test_windows_value_of_another_copy_is_off_left_alone_and_replaced_when_ticked() -> None:
    registry = FakeRegistry()
    mine = WindowsAutostart([EXE, "--profile", r"D:\call profiles\ana", "--tray"], registry)
    other = WindowsAutostart([EXE, "--tray"], registry)
    other.enable()
    assert not mine.enabled(), "another profile's value is not this copy's"
    switch(mine, False)
    assert other.enabled(), "turning this copy off leaves the other profile's value"
    switch(mine, True)
    assert mine.enabled()
    assert not other.enabled()
    # Windows paths are not case sensitive: the installer's spelling of the folder is this copy.
    registry.values[(RUN_KEY, VALUE_NAME)] = f'"{EXE.lower()}" --tray'
    assert other.enabled()
    assert not WindowsAutostart([r"D:\moved\callcompanion.exe", "--tray"], registry).enabled()


def test_macos_agent_of_another_copy_is_off_left_alone_and_replaced_when_ticked(
    tmp_path: Path,
) -> None:
    program = "/Applications/callcompanion.app/Contents/MacOS/callcompanion"
    mine = MacAutostart([program, "--profile", "/Users/ana/work", "--tray"], tmp_path)
    other = MacAutostart([program, "--tray"], tmp_path)
    other.enable()
    assert not mine.enabled(), "another profile's agent is not this copy's"
    switch(mine, False)
    assert other.enabled(), "turning this copy off leaves the other profile's agent"
    switch(mine, True)
    assert mine.enabled()
    assert not other.enabled()
    moved = MacAutostart(["/Users/ana/Downloads/callcompanion.app/x", "--tray"], tmp_path)
    assert not moved.enabled()


def test_switch_says_why_it_was_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "autostart"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(AutostartError, match="cannot be set to start at login"):
        switch(XdgAutostart(["/x/cc"], blocker), True)
