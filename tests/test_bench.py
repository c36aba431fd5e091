"""The bench reports every figure it has a budget for (the figures themselves are not tested)."""

from game.bench import BUDGETS, frame_figures


def test_frame_figures_include_the_full_hd_p99_and_it_has_a_budget():
    figures = frame_figures(frames=6)
    assert set(figures) == {"frame_ms_p50", "frame_ms_p95", "frame_ms_p99", "frame_ms_p99_1080"}
    assert all(value > 0 for value in figures.values())
    assert BUDGETS["frame_ms_p99_1080"] == 7.0
