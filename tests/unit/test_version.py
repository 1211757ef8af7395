from __future__ import annotations

import tomllib
from pathlib import Path

import callcompanion


def test_the_package_version_matches_pyproject() -> None:
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    assert callcompanion.__version__ == project["version"]
    assert project["name"] == callcompanion.APP_NAME
