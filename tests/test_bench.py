"""The bench reports every figure it has a budget for (the figures themselves are not tested)."""

from game.bench import BUDGETS, frame_figures, over_budget, run_figures
from game.levels import find_level
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


def test_the_run_and_the_bot_are_timed_apart_and_add_up_to_the_bot_run():
    figures = run_figures([find_level("warm-up")], repeats=2)  # a kilometre each
    assert set(figures) == {"sim_ms_per_km", "run_ms_per_km", "bot_ms_per_km"}
    assert 0 < figures["run_ms_per_km"] < figures["sim_ms_per_km"]
    assert figures["bot_ms_per_km"] > 0
    assert BUDGETS["run_ms_per_km"] == BUDGETS["bot_ms_per_km"] == 150.0


def test_a_figure_over_its_budget_is_named_and_one_without_a_budget_never_is():
    figures = {"run_ms_per_km": 151.0, "bot_ms_per_km": 150.0, "sim_ms_per_km": 1.0, "x": 1e9}
    assert over_budget(figures) == ["run_ms_per_km"]
    assert over_budget({"campaign_sweep_s": 239.0}) == []
    assert BUDGETS["campaign_sweep_s"] == 240.0  # four minutes, `bench --sweep`
