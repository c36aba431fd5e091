"""The bench reports every figure it has a budget for (the figures themselves are not tested)."""

from game.bench import BUDGETS, frame_figures
from game.ui.bench_frames import measure_input_to_frame


def test_frame_figures_include_the_full_hd_p99_and_the_input_latency_with_budgets():
    figures = frame_figures(frames=12)
    assert set(figures) == {
        "frame_ms_p50",
        "frame_ms_p95",
        "frame_ms_p99",
        "frame_ms_p99_1080",
        "input_to_frame_ms_p95",
    }
    assert all(value > 0 for value in figures.values())
    assert BUDGETS["frame_ms_p99_1080"] == 7.0
    assert BUDGETS["input_to_frame_ms_p95"] == 17.0


def test_a_pointer_move_is_timed_until_the_run_paints_from_it():
    latencies = measure_input_to_frame("warm-up", moves=5)
    assert len(latencies) == 5
    # Each covers at least the one frame that took the move in, drawn whole.
    assert all(value > 0 for value in latencies)
