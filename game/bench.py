"""`trailread bench`: the figures of the performance budget, as medians.

Each figure is the median of several repetitions on this machine, in
milliseconds (peak RSS in MiB). The trail is generated anew for every
repetition: a fresh seed each time, so no cache flatters a figure.
"""

from __future__ import annotations

import dataclasses
import os
import resource
import statistics
import subprocess
import sys
import time

from game.levels import LevelSpec, find_level
from game.sim.terrain import CHUNK_M, generate_chunk

# Budgets from the issues; the figure keys are INTERFACE.md's.
BUDGETS = {
    "terrain_ms_per_km": 100.0,
    "chunk_ms": 2.0,
    "sim_ms_per_km": 300.0,
    "run_ms_per_km": 150.0,  # the run alone, its commands given
    "bot_ms_per_km": 150.0,  # the greedy bot choosing its steps
    "ideal_ms_per_km": 1000.0,
    "frame_ms_p95": 6.0,
    "frame_ms_p99": 10.0,
    "frame_ms_p99_1080": 7.0,  # a 144 Hz display's frame, at 1920×1080
    "input_to_frame_ms_p95": 17.0,  # one 60 Hz frame from a pointer move to its line shown
    "peak_rss_mb": 250.0,
    "menu_first_frame_ms": 1500.0,
    # `--sweep` only: every campaign level × 12 bands × 20 seeds, the curve a
    # coach shows, on the machine's cores.
    "campaign_sweep_s": 240.0,
}
BENCH_LEVELS = ("warm-up", "root-descent", "rock-garden")


def _km(level: LevelSpec) -> LevelSpec:
    return dataclasses.replace(level, length_m=1000.0)


def _median_ms(fn, repeats: int) -> float:
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def terrain_ms_per_km(levels, repeats: int) -> float:
    """1 km of trail generated as a run asks for it: chunk after chunk through a Trail."""
    from game.sim.trail import Trail

    chunks = int(1000 / CHUNK_M)

    def generate(i, lv):
        trail = Trail(_km(lv), 900 + i)
        for c in range(chunks):
            trail.chunk(c)

    return statistics.median(_median_ms(lambda i, lv=lv: generate(i, lv), repeats) for lv in levels)


def chunk_ms(levels, repeats: int) -> float:
    """One more chunk of a trail already streaming, far along it (as an endless run asks)."""

    def stream(lv):
        generate_chunk(lv, 700, 4999)  # the trail is under way: its per-trail tables exist
        return _median_ms(lambda i: generate_chunk(lv, 700, 5000 + i), repeats * 10)

    return statistics.median(stream(lv) for lv in levels)


def run_figures(levels, repeats: int) -> dict[str, float]:
    """A greedy bot runs 1 km headless (`sim_ms_per_km`), and that time taken
    apart: the run alone, its command log played back (`run_ms_per_km`), and
    what is left, the bot choosing its steps (`bot_ms_per_km`).

    Each seed's trail is generated first and shared by both runs, as the
    analysis and the anticipation sweep share it: making the trail is
    `terrain_ms_per_km`'s figure, not theirs.
    """
    from game.replays import from_run
    from game.sim.botspec import BotSpec
    from game.sim.driving import simulate
    from game.sim.replay import play_back
    from game.sim.trail import Trail

    sims, runs = [], []
    for lv in levels:
        km = _km(lv)
        for i in range(repeats):
            trail = Trail(km, 500 + i, shared=True)
            for c in range(int(1000 / CHUNK_M) + 2):  # and the little the run sees past its end
                trail.chunk(c)
            start = time.perf_counter()
            run = simulate(km, 500 + i, BotSpec(), trail=trail)
            middle = time.perf_counter()
            play_back(from_run(run), km, trail=trail)
            end = time.perf_counter()
            sims.append((middle - start) * 1000.0)
            runs.append((end - middle) * 1000.0)
    return {
        "sim_ms_per_km": statistics.median(sims),
        "run_ms_per_km": statistics.median(runs),
        "bot_ms_per_km": statistics.median(s - r for s, r in zip(sims, runs, strict=True)),
    }


def ideal_ms_per_km(levels, repeats: int) -> float:
    from game.sim.ideal import plan_line
    from game.sim.rules import SHOES
    from game.sim.trail import Trail

    def plan(i, lv):
        trail = Trail(lv, 300 + i)
        plan_line(trail, lv.rules, SHOES[lv.default_shoe], (0.0, 0.08), 1000.0, lv.pace_mps)

    return statistics.median(_median_ms(lambda i, lv=lv: plan(i, lv), repeats) for lv in levels)


def endless_peak_rss_mb(distance_m: float = 10_000.0) -> float:
    """Run a bot 10 km along the endless trail; old chunks must be released."""
    from game.sim.botspec import BotSpec
    from game.sim.driving import drive, make_bot, start_run

    level = find_level("endless")
    run = start_run(level, level.seed, BotSpec(), distance_m=distance_m)
    drive(run, make_bot(BotSpec(), run))
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024.0 if sys.platform != "darwin" else kib / 1024.0 / 1024.0


def _quantile(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def frame_figures(frames: int) -> dict[str, float]:
    """Whole frames of the play screen over a run (the rock garden, the human model at
    the controls: line, footholds and reach zone drawn), at 1280×720 and 1920×1080;
    and how long a pointer move takes to show."""
    from game.ui.bench_frames import measure_frames, measure_input_to_frame

    times = measure_frames("rock-garden", frames=frames)
    full_hd = measure_frames("rock-garden", frames=frames, size=(1920, 1080))
    latency = measure_input_to_frame("rock-garden", moves=frames // 6)
    return {
        "frame_ms_p50": _quantile(times, 0.50),
        "frame_ms_p95": _quantile(times, 0.95),
        "frame_ms_p99": _quantile(times, 0.99),
        "frame_ms_p99_1080": _quantile(full_hd, 0.99),
        "input_to_frame_ms_p95": _quantile(latency, 0.95),
    }


def menu_first_frame_ms(repeats: int) -> float:
    """From starting a fresh Python process to the menu's first frame drawn."""
    code = "from game.ui.app import run_app; run_app(start='menu', frames=1)"
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}

    def once(_):
        subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)

    return _median_ms(once, repeats)


def over_budget(figures: dict[str, float]) -> list[str]:
    """The figures over their budgets, by name."""
    return [key for key, value in figures.items() if key in BUDGETS and value > BUDGETS[key]]


def campaign_sweep_s(seeds: int = 20) -> float:
    """The whole campaign's anticipation sweep, in seconds of wall time."""
    from game.analysis import sweep_campaign
    from game.campaign import campaign_levels

    refs = [level.id for level in campaign_levels()]
    start = time.perf_counter()
    runs = sweep_campaign(refs, list(range(200, 200 + seeds)))
    assert runs == len(refs) * 12 * seeds
    return time.perf_counter() - start


def run_bench(quick: bool = False, sweep: bool = False) -> dict[str, float]:
    repeats = 3 if quick else 5
    levels = [find_level(name) for name in BENCH_LEVELS]
    figures = {
        "terrain_ms_per_km": terrain_ms_per_km(levels, repeats),
        "chunk_ms": chunk_ms(levels, repeats),
        **run_figures(levels, repeats),
        "ideal_ms_per_km": ideal_ms_per_km(levels, max(1, repeats - 2)),
    }
    figures.update(frame_figures(600 if quick else 1800))
    figures["menu_first_frame_ms"] = menu_first_frame_ms(repeats)
    figures["peak_rss_mb"] = endless_peak_rss_mb(2000.0 if quick else 10_000.0)
    if sweep:
        figures["campaign_sweep_s"] = campaign_sweep_s()
    return {key: round(value, 3) for key, value in figures.items()}
