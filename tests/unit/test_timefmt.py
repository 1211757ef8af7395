from __future__ import annotations

import pytest

from callcompanion.core.timefmt import format_clock, format_duration, format_minutes, minutes_until


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "00:00"),
        (59.9, "00:59"),
        (61, "01:01"),
        (3599, "59:59"),
        (3600, "1:00:00"),
        (3723, "1:02:03"),
        (-5, "00:00"),
    ],
)
def test_clock(seconds: float, text: str) -> None:
    assert format_clock(seconds) == text


@pytest.mark.parametrize(("seconds", "minutes"), [(0, 0), (1, 1), (60, 1), (61, 2), (600, 10)])
def test_minutes_until_rounds_up(seconds: float, minutes: int) -> None:
    assert minutes_until(seconds) == minutes


@pytest.mark.parametrize(
    ("minutes", "text"), [(0, "0 min"), (45, "45 min"), (60, "1 h"), (90, "1 h 30 min")]
)
def test_minutes(minutes: int, text: str) -> None:
    assert format_minutes(minutes) == text


@pytest.mark.parametrize(
    ("seconds", "text"), [(45, "45 s"), (60, "1 min"), (2530, "42 min"), (3900, "1 h 05 min")]
)
def test_duration(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text
