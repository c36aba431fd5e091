"""Times and paces read the same on every screen: rounded once, never 1:60.0."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.fmt import format_clock, format_pace

CLOCK = re.compile(r"^(\d+):([0-5]\d)\.(\d)$")
PACE = re.compile(r"^(\d+):([0-5]\d) /km$")


@pytest.mark.parametrize(
    ("seconds", "clock"),
    [
        (0, "0:00.0"),
        (59.94, "0:59.9"),
        (59.96, "1:00.0"),
        (119.96, "2:00.0"),
        (3599.96, "60:00.0"),
        (-0.01, "0:00.0"),
    ],
)
def test_a_time_rounds_to_the_tenth_before_the_minute_is_taken(seconds, clock):
    assert format_clock(seconds) == clock


@given(st.floats(min_value=0.0, max_value=360_000.0))
def test_a_clock_never_shows_sixty_seconds_and_reads_back_to_its_time(seconds):
    m = CLOCK.match(format_clock(seconds))
    assert m, format_clock(seconds)
    shown = int(m[1]) * 60 + int(m[2]) + int(m[3]) / 10
    assert abs(shown - seconds) <= 0.05 + 1e-6


@pytest.mark.parametrize(
    ("speed_mps", "pace"),
    [
        (1000 / 300, "5:00 /km"),
        (1000 / 359.6, "6:00 /km"),  # 5:59.6 rounds up to 6:00, not 5:60
        (1000 / 359.4, "5:59 /km"),
        (0.0, "--:-- /km"),
        (0.5, "--:-- /km"),
        (float("nan"), "--:-- /km"),
    ],
)
def test_a_pace_rounds_to_the_second_before_the_minute_is_taken(speed_mps, pace):
    assert format_pace(speed_mps) == pace


@given(st.floats(min_value=0.56, max_value=12.0))
def test_a_running_pace_never_shows_sixty_seconds_and_reads_back(speed_mps):
    text = format_pace(speed_mps)
    m = PACE.match(text)
    assert m, text
    shown_s = int(m[1]) * 60 + int(m[2])
    assert abs(shown_s - 1000.0 / speed_mps) <= 0.5 + 1e-6
