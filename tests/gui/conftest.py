"""GUI fixtures: the whole app built by its composition root, on a fake clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from callcompanion.app import CallCompanion
from callcompanion.paths import AppPaths
from tests.fakes.clock import FakeClock

MakeCompanion = Callable[..., CallCompanion]


@pytest.fixture
def make_companion(
    qapp: QApplication, profile: AppPaths, clock: FakeClock
) -> Iterator[MakeCompanion]:
    created: list[CallCompanion] = []

    def make(**kwargs: Any) -> CallCompanion:
        kwargs.setdefault("clock", clock)
        kwargs.setdefault("single_instance", False)
        companion = CallCompanion(qapp, kwargs.pop("paths", profile), **kwargs)
        companion.start()
        created.append(companion)
        return companion

    yield make
    for companion in created:
        companion.close()


@pytest.fixture
def companion(make_companion: MakeCompanion) -> CallCompanion:
    return make_companion()
