"""Long-haul tests: the installed app as its own process, on X11 with a tray host and a WM.

They run through ``.ci/longhaul.sh`` (Xvfb + openbox + trayer, ``-m longhaul``); the normal
offscreen run deselects them. Without a display or the tools they skip, naming what to install;
with ``CALLCOMPANION_REQUIRE_TRAY=1`` (as ``.ci/run`` sets) they fail instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Generator, Iterator
from pathlib import Path

import pytest

from tests.longhaul.driver import REQUIRE, CannotRunError, LiveApp, faketime_library, missing_tools

TOOLS = ("xdotool", "trayer", "openbox")
PACKAGES = "xvfb xauth trayer xdotool openbox faketime x11-utils"

LaunchApp = Callable[..., LiveApp]


def cannot_run(message: str) -> None:
    if os.environ.get(REQUIRE) == "1":
        pytest.fail(f"{message} ({REQUIRE}=1 forbids skipping)")
    pytest.skip(message)


@pytest.fixture(autouse=True)
def x11_session() -> None:
    """Skip (or fail in CI) unless on the display of .ci/longhaul.sh with every tool."""
    if not os.environ.get("DISPLAY") or os.environ.get("CALLCOMPANION_LONGHAUL") != "1":
        cannot_run("the long-haul tests run on X11 with a window manager: use .ci/longhaul.sh")
    missing = missing_tools(TOOLS)
    if missing:
        cannot_run(
            f"the long-haul tests need {', '.join(missing)}: "
            f"apt-get install --no-install-recommends {PACKAGES}"
        )
    try:
        faketime_library()
    except CannotRunError as err:
        cannot_run(str(err))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.when == "call" and report.failed:
        item.stash[FAILED] = True
    return report


FAILED = pytest.StashKey[bool]()


def screenshot(path: Path) -> None:
    """The whole screen as PNG (ImageMagick's import), for a failure's report."""
    if shutil.which("import") is None:
        return
    subprocess.run(
        ["import", "-window", "root", str(path)], capture_output=True, timeout=30, check=False
    )


@pytest.fixture
def launch_app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LaunchApp]:
    """Start the installed app with a profile under tmp_path; whatever is left is killed.

    When the test fails, the screen as it was is kept as ``screen.png`` under tmp_path.
    """
    apps: list[LiveApp] = []

    def launch(
        *,
        speed: int = 1,
        profile: Path | None = None,
        keyring_file: Path | None = None,
        extra_env: dict[str, str] | None = None,
    ) -> LiveApp:
        app = LiveApp(
            profile or tmp_path / "profile",
            speed=speed,
            keyring_file=keyring_file,
            extra_env=dict(extra_env or {}),
        )
        apps.append(app)
        try:
            return app.launch()
        except BaseException:
            app.close()
            raise

    yield launch
    if request.node.stash.get(FAILED, False):
        shot = tmp_path / "screen.png"
        screenshot(shot)
        print(f"the screen at the failure: {shot}; the app's files: {tmp_path}")
    for app in apps:
        app.close()
