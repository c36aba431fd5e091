"""`trailread analyze`: bots over many seeds, and how the results move with their habits.

Runs are spread over the machine's cores; each is the same `simulate` as
`trailread sim`, so the aggregates match it seed for seed. The bots that run
one seed share its trail, generated once. The `anticipation`
preset sweeps the look-ahead from 0.5 m to 9 m: the curve a coach shows to
explain why eyes 3–6 m ahead matter, and why further adds little.
"""

from __future__ import annotations

import json
import math
import os
import sys
import time
from dataclasses import asdict, dataclass

import numpy as np

from game.levels import find_level
from game.sim.botspec import BotSpecError, parse_bot_spec
from game.sim.driving import simulate
from game.sim.trail import Trail
from game.workers import each

# Far edges of the sweep; the near edge is half the far one, as in 3–6 m.
ANTICIPATION_FAR_M = (0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0)
PRESETS = {
    "anticipation": [f"gaze={max(0.2, far / 2):g}-{far:g}" for far in ANTICIPATION_FAR_M],
    "habits": [
        "gaze=3-6",
        "gaze=0.5-1.5",
        "gaze=3-6,stride=long",
        "gaze=3-6,brake=0.8",
        "plan=ideal",
    ],
}


@dataclass(frozen=True)
class Aggregate:
    bot: str
    runs: int
    finished_share: float
    score_mean: float
    score_sd: float
    time_mean_s: float
    time_sd_s: float
    stumbles_mean: float
    falls_mean: float
    late_share: float
    reactive_share: float
    cadence_mean_spm: float
    gaze_far_m: float


class AnalysisError(ValueError):
    pass


def bot_specs(text: str | None) -> list[str]:
    text = (text or "anticipation").strip()
    specs = PRESETS.get(text) or [s.strip() for s in text.split(";") if s.strip()]
    if not specs:
        raise AnalysisError("--bots: give SPEC;SPEC;... or a preset (anticipation, habits)")
    for spec in specs:
        try:
            parse_bot_spec(spec)
        except BotSpecError as exc:
            raise AnalysisError(f"--bots: {spec!r}: {exc}") from None
    return specs


def _runs(task: tuple) -> list[tuple[str, dict]]:
    """Several bots on one seed's trail, generated once for all of them."""
    level_ref, specs, seed, shoe = task
    level = find_level(level_ref)
    distance = 1000.0 if level.endless else None
    trail = Trail(level, seed, shared=True)
    runs = [
        (spec, simulate(level, seed, parse_bot_spec(spec), shoe, distance_m=distance, trail=trail))
        for spec in specs
    ]
    return [(spec, run.result().to_json()) for spec, run in runs]


def _tasks(
    level_ref: str, specs: list[str], seeds: list[int], jobs: int, shoe: str | None = None
) -> list[tuple]:
    """One task per seed, its bots split further when there are too few seeds to keep every core busy."""
    groups = max(1, min(len(specs), math.ceil(2 * jobs / len(seeds))))
    size = math.ceil(len(specs) / groups)
    parts = [tuple(specs[i : i + size]) for i in range(0, len(specs), size)]
    return [(level_ref, part, seed, shoe) for seed in seeds for part in parts]


def run_all(
    level_ref: str,
    specs: list[str],
    seeds: list[int],
    jobs: int | None = None,
    progress=None,
    shoe: str | None = None,
) -> dict[str, list[dict]]:
    """Every (bot, seed) run, in parallel; results grouped by bot in seed order."""
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(specs) * len(seeds)))
    tasks = _tasks(level_ref, specs, seeds, jobs, shoe)
    results: dict[str, list[dict]] = {spec: [] for spec in specs}
    total, done = len(specs) * len(seeds), 0

    def take(outcomes) -> None:
        nonlocal done
        for runs in outcomes:
            for spec, result in runs:
                results[spec].append(result)
            done += len(runs)
            if progress:
                progress(done, total)

    take(each(_runs, tasks, jobs))
    for spec in specs:
        results[spec].sort(key=lambda r: r["seed"])
    return results


def sweep_campaign(level_refs: list[str], seeds: list[int], jobs: int | None = None) -> int:
    """The anticipation sweep over every level given, each seed's trail generated
    once for its twelve bands, the work of all the levels in one pool of
    workers; returns the number of runs."""
    specs = PRESETS["anticipation"]
    jobs = max(1, jobs or os.cpu_count() or 1)
    tasks = [task for ref in level_refs for task in _tasks(ref, specs, seeds, jobs)]
    return sum(len(runs) for runs in each(_runs, tasks, jobs))


def aggregate(spec: str, results: list[dict]) -> Aggregate:
    def values(key):
        return np.array([float(r[key]) for r in results])

    steps = np.maximum(values("steps"), 1)
    return Aggregate(
        bot=spec,
        runs=len(results),
        finished_share=round(float(values("finished").mean()), 3),
        score_mean=round(float(values("score").mean()), 1),
        score_sd=round(float(values("score").std()), 1),
        time_mean_s=round(float(values("time_s").mean()), 2),
        time_sd_s=round(float(values("time_s").std()), 2),
        stumbles_mean=round(float(values("stumbles").mean()), 2),
        falls_mean=round(float(values("falls").mean()), 2),
        late_share=round(float((values("late") / steps).mean()), 3),
        reactive_share=round(float((values("reactive") / steps).mean()), 3),
        cadence_mean_spm=round(float(values("mean_cadence_spm").mean()), 1),
        gaze_far_m=parse_bot_spec(spec).gaze_far_m,
    )


KNEE_SHARE = 0.9  # the knee: where the look-ahead has bought this share of its gain


@dataclass(frozen=True)
class Knee:
    far_m: float  # the far edge at which the score reaches the share of its gain
    ahead_s: float  # the same look-ahead in time, at the runners' mean speed there
    gain: float  # best mean score less the nearest band's


def anticipation_knee(rows: list[Aggregate], length_m: float) -> Knee | None:
    """Where the score-against-look-ahead curve reaches 90 % of its gain over the
    nearest band: the look-ahead that buys most of what looking ahead is worth.
    Interpolated between the swept far edges; None when looking further gains nothing."""
    rows = sorted(rows, key=lambda a: a.gaze_far_m)
    fars = [a.gaze_far_m for a in rows]
    scores = [a.score_mean for a in rows]
    gain = max(scores) - scores[0]
    if len(rows) < 2 or gain <= 0:
        return None
    goal = scores[0] + KNEE_SHARE * gain
    for i in range(1, len(rows)):
        if scores[i] >= goal:
            share = (goal - scores[i - 1]) / (scores[i] - scores[i - 1])
            far = fars[i - 1] + share * (fars[i] - fars[i - 1])
            speed = length_m / rows[i].time_mean_s if rows[i].time_mean_s > 0 else math.nan
            return Knee(round(far, 2), round(far / speed, 2), round(gain, 1))
    return None


def is_sweep(rows: list[Aggregate]) -> bool:
    """A gaze sweep: each bot a band alone, each band its own far edge."""
    fars = [a.gaze_far_m for a in rows]
    return len(set(fars)) == len(rows) > 1 and all(
        a.bot.startswith("gaze=") and "," not in a.bot for a in rows
    )


def format_table(rows: list[Aggregate]) -> str:
    head = f"{'bot':<40} {'score':>16} {'time s':>12} {'stumbles':>9} {'falls':>6} {'late':>6} {'react':>6} {'spm':>5} {'fin':>5}"
    lines = [head, "-" * len(head)]
    for a in rows:
        lines.append(
            f"{a.bot:<40} {a.score_mean:>9,.0f} ±{a.score_sd:>5,.0f} {a.time_mean_s:>6.1f} ±{a.time_sd_s:>4.1f} "
            f"{a.stumbles_mean:>9.1f} {a.falls_mean:>6.2f} {a.late_share:>6.0%} {a.reactive_share:>6.0%} "
            f"{a.cadence_mean_spm:>5.0f} {a.finished_share:>5.0%}"
        )
    return "\n".join(lines)


def _progress_bar(stream):
    start = time.perf_counter()
    tty = stream.isatty()

    def show(done: int, total: int) -> None:
        if not tty and done != total and done % max(1, total // 10):
            return
        width = 30
        filled = round(width * done / total)
        elapsed = time.perf_counter() - start
        line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} runs, {elapsed:.1f} s"
        stream.write(("\r" if tty else "") + line + ("" if tty and done != total else "\n"))
        stream.flush()

    return show


def analyze_command(args) -> int:
    from game.cli import BadInput, parse_seeds

    level = find_level(args.level)
    try:
        specs = bot_specs(args.bots)
    except AnalysisError as exc:
        raise BadInput(str(exc)) from None
    seeds = parse_seeds(args.seeds)
    shoe = getattr(args, "shoe", None)
    if shoe is not None and shoe not in level.shoes:
        raise BadInput(f"--shoe: {shoe!r} is not allowed on {level.id} ({', '.join(level.shoes)})")
    if args.jobs is not None and args.jobs < 1:
        raise BadInput("--jobs: must be at least 1")
    level_ref = (
        level.path
        if level.path and not level.path.endswith(f"levels/{level.id}.toml")
        else level.id
    )
    started = time.perf_counter()
    results = run_all(level_ref, specs, seeds, args.jobs, _progress_bar(sys.stderr), shoe)
    elapsed = time.perf_counter() - started
    rows = [aggregate(spec, results[spec]) for spec in specs]
    length_m = 1000.0 if level.endless else level.length_m
    knee = anticipation_knee(rows, length_m) if is_sweep(rows) else None
    if args.json:
        print(
            json.dumps(
                {
                    "level": level.id,
                    "seeds": [seeds[0], seeds[-1]],
                    "runs": len(specs) * len(seeds),
                    "seconds": round(elapsed, 2),
                    "bots": [asdict(a) for a in rows],
                    "knee": asdict(knee) if knee else None,
                }
            )
        )
    else:
        print(f"{level.name}: {len(specs)} bots × {len(seeds)} seeds in {elapsed:.1f} s")
        print(format_table(rows))
        if knee:
            print(
                f"knee: {KNEE_SHARE:.0%} of the look-ahead's gain (+{knee.gain:,.0f}) "
                f"by a far edge of {knee.far_m:.1f} m, {knee.ahead_s:.1f} s ahead"
            )
    if args.out:
        write_chart(args.out, level, rows, len(seeds), knee)
        print(f"chart: {args.out}", file=sys.stderr)
    return 0


def write_chart(
    path: str, level, rows: list[Aggregate], seeds: int, knee: Knee | None = None
) -> None:
    """Score against look-ahead (a gaze sweep), or score per bot (anything else), as a PNG."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    from game.ui import theme
    from game.ui.draw.charts import Axes, Series, line_chart
    from game.ui.theme import Text

    pygame.font.init()
    surface = pygame.Surface((1200, 720))
    surface.fill(theme.BACKDROP)
    text = Text()
    fars = [a.gaze_far_m for a in rows]
    sweep = is_sweep(rows)
    title = f"{level.name}: score against look-ahead ({seeds} seeds per point, mean ± sd)"
    rect = pygame.Rect(20, 20, 1160, 630)
    if sweep:
        order = np.argsort(fars)
        xs = [fars[i] for i in order]
        series = Series(
            xs,
            [rows[i].score_mean for i in order],
            theme.ACCENT,
            "score",
            [rows[i].score_sd for i in order],
        )
        axes = line_chart(
            surface,
            rect,
            text,
            [series],
            title=title,
            x_label="look-ahead: far edge of the gaze band (m)",
            y_label="score",
            x_range=(0, max(xs) + 0.5),
        )
        axes.shade_x(3.0, 6.0, theme.BAND_EDGE, "eyes 3–6 m ahead")
        if knee:
            x, _ = axes.px(knee.far_m, axes.y0)
            # From below the band's tag, so the line never strikes through it.
            top = axes.plot.y + 28
            pygame.draw.line(surface, theme.INK_DIM, (x, top), (x, axes.plot.bottom), 2)
            axes.tag(
                f"{KNEE_SHARE:.0%} of the gain by {knee.far_m:.1f} m",
                theme.INK,
                bottomleft=(x + 6, axes.plot.bottom - 6),
            )
        _step_axis(axes, text, max(xs) + 0.5)
    else:
        title = f"{level.name}: score by bot ({seeds} seeds each, mean ± sd)"
        top = max(a.score_mean + a.score_sd for a in rows)
        low = min(0.0, min(a.score_mean - a.score_sd for a in rows))
        axes = Axes(surface, rect, text, (0, len(rows)), (low, top * 1.1), title, "", "score")
        for i, a in enumerate(rows):
            (x0, y0), (x1, y1) = axes.px(i + 0.2, a.score_mean), axes.px(i + 0.8, max(low, 0))
            pygame.draw.rect(
                surface,
                theme.ACCENT,
                pygame.Rect(round(x0), round(min(y0, y1)), round(x1 - x0), round(abs(y1 - y0))),
            )
            (_, ya), (_, yb) = (
                axes.px(0, a.score_mean - a.score_sd),
                axes.px(0, a.score_mean + a.score_sd),
            )
            pygame.draw.line(surface, theme.INK, ((x0 + x1) / 2, ya), ((x0 + x1) / 2, yb), 2)
            text.draw(
                surface,
                a.bot,
                16,
                ((x0 + x1) / 2, axes.plot.bottom + 24),
                theme.INK_DIM,
                anchor="midtop",
            )
    text.draw(
        surface,
        "Trailread · trailread analyze",
        16,
        (1180, 690),
        theme.INK_FAINT,
        anchor="bottomright",
    )
    pygame.image.save(surface, path)


def _step_axis(axes, text, x_max: float) -> None:
    """A second scale under the metres: the same look-ahead in steps of about 1 m."""
    from game.ui import theme

    step_m = 1.05  # about one step at 3 m/s and 170 spm
    y = axes.plot.bottom + 42
    for steps in range(0, math.floor(x_max / step_m) + 1):
        x, _ = axes.px(steps * step_m, axes.y0)
        text.draw(axes.target, f"{steps}", 16, (x, y), theme.BAND_EDGE, anchor="midtop")
    # Under the numbers, not beside them: beside the 0 it ran off the chart's left edge.
    text.draw(
        axes.target, "steps ahead, about 1 m each", 16, (axes.plot.x, y + 20), theme.BAND_EDGE
    )
