"""The `trailread` command: parse, call, print, exit code.

Exit status: 0 success, 1 a check that did not hold, 2 bad input (one line per
problem on stderr, naming the file and the field; never a traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable

from game.levels import LENGTH_RANGE_M, LevelErrors, find_level, list_levels, load_level
from game.outputs import OutputError, check_output
from game.terminal import printable, safe_json

EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_INPUT = 0, 1, 2

# Caps on numbers from the command line, stated in --help.
MAX_SEED = 2**31 - 1  # the seeds a level file and a trail code can hold
MAX_SEEDS = 1000  # seeds in one A-B range: about an hour of analysis on a laptop
DISTANCE_RANGE_M = LENGTH_RANGE_M  # an endless run's goal: as long as the longest level
MAX_FRAMES = 1_000_000


class BadInput(Exception):
    """Bad input from the command line: the message is the whole line printed."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not the usage block
        raise BadInput(f"{self.prog}: {message}")


def parse_seeds(text: str) -> list[int]:
    """`7` or `1-20`: at most MAX_SEEDS seeds, each 0..MAX_SEED."""
    lo, dash, hi = text.partition("-")
    try:
        first, last = (int(lo), int(hi)) if dash else (int(lo), int(lo))
    except ValueError:
        raise BadInput(f"--seeds: {text[:40]!r} is not N or A-B") from None
    if not 0 <= first <= last <= MAX_SEED:
        raise BadInput(f"--seeds: {text[:40]!r} is not a range of seeds from 0 to {MAX_SEED}")
    if last - first + 1 > MAX_SEEDS:
        raise BadInput(f"--seeds: {last - first + 1:,} seeds; at most {MAX_SEEDS:,} in one go")
    return list(range(first, last + 1))


def _seed(text: str) -> int:
    """A `--seed`: a whole number from 0 to MAX_SEED."""
    try:
        seed = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a whole number") from None
    if not 0 <= seed <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is out of range (0 to {MAX_SEED})")
    return seed


def _ranged(kind, lo, hi):
    """An argparse type: a number of `kind` within lo..hi (finite, so no nan or inf)."""

    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a number") from None
        if not lo <= value <= hi:  # False for nan
            raise argparse.ArgumentTypeError(f"{text[:40]!r} is out of range ({lo:g} to {hi:g})")
        return value

    return parse


def _output(option: str, name: str | None, replace: bool = True):
    if name is None:
        return None
    try:
        return check_output(option, name, replace=replace)
    except OutputError as exc:
        raise BadInput(str(exc)) from None


def _bot_spec(text: str):
    from game.sim.botspec import BotSpecError, parse_bot_spec

    try:
        return parse_bot_spec(text)
    except BotSpecError as exc:
        raise BadInput(str(exc)) from None


# --- commands -------------------------------------------------------------------------


def cmd_levels(args) -> int:
    levels = list_levels()
    if args.json:
        rows = [
            {
                "id": lv.id,
                "name": lv.name,
                "length_m": lv.length_m,
                "endless": lv.endless,
                "difficulty": lv.difficulty,
                "rule": lv.rule,
                "path": lv.path,
            }
            for lv in levels
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return EXIT_OK
    print(f"{'id':<16} {'name':<24} {'length':>8}  {'difficulty':<10}  path")
    for lv in levels:
        length = "endless" if lv.endless else f"{lv.length_m:g} m"
        stars = "●" * lv.difficulty + "○" * (5 - lv.difficulty)
        print(f"{lv.id:<16} {lv.name:<24} {length:>8}  {stars:<10}  {lv.path}")
    return EXIT_OK


def cmd_check(args) -> int:
    status = EXIT_OK
    for path in args.paths:
        try:
            load_level(path)
        except LevelErrors as exc:
            for error in exc.errors:
                print(printable(error), file=sys.stderr)
            status = EXIT_BAD_INPUT
        else:
            print(printable(f"{path}: ok"))
    return status


def cmd_sim(args) -> int:
    from game.replays import from_run, write_replay
    from game.sim.driving import simulate

    level = find_level(args.level)
    spec = _bot_spec(args.bot)
    seeds = (
        parse_seeds(args.seeds)
        if args.seeds
        else [args.seed if args.seed is not None else level.seed]
    )
    if args.record and len(seeds) != 1:
        raise BadInput("--record: records one run; give one seed")
    record = _output("--record", args.record)
    shoe = _check_shoe(level, args.shoe)
    distance = args.distance if level.endless else None
    for seed in seeds:
        run = simulate(level, seed, spec, shoe, distance_m=distance)
        result = run.result()
        print(safe_json(result.to_text()) if args.json else format_result(result))
        if record is not None:
            write_replay(record, from_run(run))
    return EXIT_OK


def _check_shoe(level, shoe: str | None) -> str | None:
    if shoe is not None and shoe not in level.shoes:
        raise BadInput(f"--shoe: {shoe!r} is not allowed on {level.id} ({', '.join(level.shoes)})")
    return shoe


def format_result(result) -> str:
    r = result.to_json()
    who = r.get("bot") or r.get("player")
    state = "finished" if r["finished"] else "did not finish"
    return printable(
        f"{r['level']} seed {r['seed']} [{who}]: {state} in {r['time_s']:.1f} s, "
        f"score {r['score']:.0f} ({r['medal']}); steps {r['steps']}: "
        f"{r['planned']} planned, {r['late']} late, {r['reactive']} reactive, {r['blind']} blind; "
        f"{r['stumbles']} stumbles, {r['falls']} falls, {r['overstrides']} overstrides; "
        f"cadence {r['mean_cadence_spm']:.0f} spm"
        + (f", {r['speed']:g}x practice" if r.get("speed", 1.0) < 1 else "")
    )


def cmd_replay(args) -> int:
    from game.replays import ReplayError, level_of, read_replay, verify
    from game.sim.replay import older_rules_note, play_back

    shown = printable(args.file)
    try:
        replay = read_replay(args.file)
        note = older_rules_note(replay)
        if note and not args.verify:
            print(f"{shown}: {note}", file=sys.stderr)
        if args.verify:
            holds, message, run = verify(replay)
        else:
            holds, message, run = True, "", play_back(replay, level_of(replay))
    except ReplayError as exc:
        raise BadInput(f"{shown}: {printable(exc)}") from None
    if run is not None:
        result = run.result()
        print(safe_json(result.to_text()) if args.json else format_result(result))
    if args.verify:
        line = f"{shown}: {printable(message)}"
        print(line, file=sys.stderr if not holds else sys.stdout)
    return EXIT_OK if holds else EXIT_CHECK_FAILED


def cmd_scores(args) -> int:
    from game.scoreboard import scores_command

    return scores_command(args)


def cmd_science(args) -> int:
    from game.science import science_command

    return science_command(args)


def cmd_medals(args) -> int:
    from game.medals import medals_command

    return medals_command(args)


def cmd_analyze(args) -> int:
    from game.analysis import analyze_command

    # Before any run: minutes of work must not end in "can't write the chart".
    _output("--out", args.out)
    parse_seeds(args.seeds)
    return analyze_command(args)


def cmd_code(args) -> int:
    """A level and seed to a trail code, or a code back to its level and seed."""
    from game.trailcode import TrailCodeError, parse_trail_code, trail_code

    try:
        level = find_level(args.what)
    except LevelErrors:
        try:
            level, seed = parse_trail_code(args.what)
        except TrailCodeError as exc:
            raise BadInput(str(exc)) from None
        print(printable(f"{args.what}: {level.id} ({level.name}), seed {seed}"))
        return EXIT_OK
    seed = level.seed if args.seed is None else args.seed
    print(f"{level.id} seed {seed}: {trail_code(level, seed)}")
    return EXIT_OK


def cmd_bench(args) -> int:
    """Exit 1 when a figure is over its budget (INTERFACE.md)."""
    from game.bench import BUDGETS, over_budget, run_bench

    figures = run_bench(quick=args.quick, sweep=args.sweep)
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            budget = BUDGETS.get(key)
            verdict = (
                ""
                if budget is None
                else ("  within budget" if value <= budget else "  OVER budget")
            )
            limit = "" if budget is None else f"  (budget {budget:g})"
            print(f"{key:<22} {value:>10.2f}{limit}{verdict}")
    return 1 if over_budget(figures) else EXIT_OK


def cmd_play(args) -> int:
    from game.ui.app import run_app

    level = find_level(args.level) if args.level else None
    if args.code:
        from game.trailcode import TrailCodeError, parse_trail_code

        try:
            level, args.seed = parse_trail_code(args.code)
        except TrailCodeError as exc:
            raise BadInput(str(exc)) from None
    if level is not None:
        _check_shoe(level, args.shoe)
        if level.id == "daily" and args.seed is None:
            import datetime

            from game.campaign import daily_seed

            args.seed = daily_seed(datetime.date.today())
    if args.input_script is not None or args.human_model is not None:
        return _play_with_hands(args, level)
    spec = _bot_spec(args.autopilot) if args.autopilot else None
    _output("--screenshot", args.screenshot)
    if not args.autopilot:
        _require_display()
    return run_app(
        start="play" if level else "menu",
        level=level,
        seed=args.seed,
        shoe=args.shoe,
        autopilot=spec,
        frames=args.frames,
        screenshot=args.screenshot,
        speed=args.speed,
    )


def _play_with_hands(args, level) -> int:
    """`play LEVEL --input-script FILE` or `--human-model SPEC`: the real play screen,
    to the finish, at 1×, in simulated time; the result as JSON."""
    if level is None:
        raise BadInput("play: --input-script and --human-model need a LEVEL")
    if args.input_script is not None and args.human_model is not None:
        raise BadInput("play: give --input-script or --human-model, not both")
    if args.autopilot:
        raise BadInput("play: --autopilot drives the run itself; leave out the hands")
    seed = level.seed if args.seed is None else args.seed
    _output("--screenshot", args.screenshot)
    if args.input_script is not None:
        import pygame

        pygame.init()  # key names are known once pygame is

        from game.inputscript import ScriptError, read_script
        from game.ui.scripted import ScriptHands, play_with_hands

        def key_known(name: str) -> bool:
            try:
                pygame.key.key_code(name)
            except ValueError:
                return False
            return True

        try:
            hands = ScriptHands(read_script(args.input_script, key_known))
        except ScriptError as exc:
            raise BadInput(str(exc)) from None
        run = play_with_hands(level, seed, hands, shoe=args.shoe, screenshot=args.screenshot)
    else:
        from game.human import HumanSpecError, parse_human_spec
        from game.ui.scripted import play_as_person

        try:
            spec = parse_human_spec(args.human_model)
        except HumanSpecError as exc:
            raise BadInput(str(exc)) from None
        run = play_as_person(level, seed, spec, shoe=args.shoe, screenshot=args.screenshot)
    result = run.result()
    print(result.to_text() if args.json else format_result(result))
    return EXIT_OK


# --- the parser -------------------------------------------------------------------------

SEED_HELP = f"the trail's seed, 0 to {MAX_SEED} (default: the level's)"
SEEDS_HELP = f"N or A-B, seeds 0 to {MAX_SEED}, at most {MAX_SEEDS:,} of them"
# Options whose value is free text, which may start with "-" (a player called "-x").
_TEXT_OPTIONS = ("--name",)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="trailread", description="A terrain-reading game for trail runners.")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    p = sub.add_parser("play", help="open the game straight into a level")
    p.add_argument("level", nargs="?", help="a level id or a path to a .toml file")
    p.add_argument("--seed", type=_seed, help=SEED_HELP)
    p.add_argument("--code", help="a trail code a coach gave you, like D-2D-S")
    p.add_argument("--shoe", help="the shoe to run in")
    p.add_argument("--autopilot", metavar="SPEC", help="a bot at the controls (a hands-free demo)")
    p.add_argument(
        "--frames",
        type=_ranged(int, 1, MAX_FRAMES),
        help=f"stop after N frames (1 to {MAX_FRAMES:,})",
    )
    p.add_argument("--screenshot", metavar="FILE.png", help="save the last frame")
    p.add_argument(
        "--speed",
        type=_ranged(float, 0.1, 4.0),
        default=1.0,
        help="training speed, 0.1 to 4 (below 1 the run is practice, kept apart from the high scores)",
    )
    p.add_argument(
        "--input-script",
        metavar="FILE.jsonl",
        help="timed input events (JSON Lines) play the level instead of a person, at 1x",
    )
    p.add_argument(
        "--human-model",
        metavar="SPEC",
        help="a model of a person plays, e.g. reaction_ms=250,aim_cm=8,actions_per_s=1.5,gaze=3-6",
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=cmd_play)

    p = sub.add_parser("levels", help="list the levels")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_levels)

    p = sub.add_parser("check", help="validate level files")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("sim", help="run a bot through a level headless")
    p.add_argument("level")
    p.add_argument("--bot", default="", metavar="SPEC", help="e.g. gaze=0.5-1.5,stride=long")
    p.add_argument("--seed", type=_seed, help=SEED_HELP)
    p.add_argument("--seeds", metavar="A-B", help=SEEDS_HELP)
    p.add_argument("--shoe")
    p.add_argument(
        "--distance",
        type=_ranged(float, *DISTANCE_RANGE_M),
        default=1000.0,
        help="metres, on an endless level ({:g} to {:g})".format(*DISTANCE_RANGE_M),
    )
    p.add_argument("--json", action="store_true")
    p.add_argument("--record", metavar="FILE", help="write the run's replay file")
    p.set_defaults(func=cmd_sim)

    p = sub.add_parser("replay", help="replay a run headless")
    p.add_argument("file")
    p.add_argument("--verify", action="store_true", help="exit 0 only if the result holds")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_replay)

    p = sub.add_parser("scores", help="the high-score table")
    p.add_argument("level", nargs="?")
    p.add_argument("--json", action="store_true")
    p.add_argument("--add", metavar="REPLAY", help="verify a replay and enter it")
    p.add_argument("--name", help="the player's name for --add")
    p.add_argument("--mode", choices=("level", "endless", "daily"))
    p.add_argument("--export", metavar="FILE.csv", help="write every run to a new CSV file")
    p.add_argument("--force", action="store_true", help="let --export replace an existing file")
    p.set_defaults(func=cmd_scores)

    p = sub.add_parser("analyze", help="run bots over many seeds and compare them")
    p.add_argument("level")
    p.add_argument("--bots", metavar="SPEC;SPEC;...", help="or a preset: anticipation")
    p.add_argument("--seeds", default="1-10", metavar="A-B", help=SEEDS_HELP)
    p.add_argument("--out", metavar="FILE.png", help="write a chart")
    p.add_argument("--json", action="store_true")
    cores = os.cpu_count() or 1
    p.add_argument(
        "--jobs",
        type=_ranged(int, 1, cores),
        help=f"worker processes, 1 to {cores} (the cores here; default: all of them)",
    )
    p.add_argument("--shoe", help="the shoe every bot runs in (default: the level's)")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("science", help="does each coaching rule pay off? paired, over seeds")
    p.add_argument("levels", nargs="*", metavar="LEVEL", help="default: every level")
    p.add_argument("--seeds", default="200-219", metavar="A-B", help=SEEDS_HELP)
    p.add_argument("--shoe", help="the shoe the runs wear (default: each level's)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--jobs", type=int, help="worker processes, 1 or 2 (default 2)")
    p.set_defaults(func=cmd_science)

    p = sub.add_parser("medals", help="measure the levels' par and medal thresholds over 20 seeds")
    p.add_argument("levels", nargs="*", metavar="LEVEL", help="default: every level")
    p.add_argument("--write", action="store_true", help="write them into the level files")
    p.add_argument(
        "--check",
        action="store_true",
        help="play the good player on other seeds and report its medals beside the ideal line",
    )
    p.add_argument("--seeds", help=f"with --check: {SEEDS_HELP} (default 101-110)")
    p.add_argument("--jobs", type=int, help="worker processes, 1 or 2 (default 2)")
    p.set_defaults(func=cmd_medals)

    p = sub.add_parser("code", help="a trail code for a level and seed, or the level of a code")
    p.add_argument("what", metavar="LEVEL|CODE")
    p.add_argument("--seed", type=_seed, help=SEED_HELP)
    p.set_defaults(func=cmd_code)

    p = sub.add_parser("bench", help="measure the performance budget")
    p.add_argument("--json", action="store_true")
    p.add_argument("--quick", action="store_true", help="fewer repetitions")
    p.add_argument(
        "--sweep",
        action="store_true",
        help="also time the whole campaign's anticipation sweep (minutes)",
    )
    p.set_defaults(func=cmd_bench)
    return parser


def _join_text_options(argv: list[str]) -> list[str]:
    """`--name -x` as `--name=-x`: argparse would read `-x` as an option."""
    out: list[str] = []
    it = iter(argv)
    for arg in it:
        if arg in _TEXT_OPTIONS:
            value = next(it, None)
            out.append(arg if value is None else f"{arg}={value}")
        else:
            out.append(arg)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(_join_text_options(sys.argv[1:] if argv is None else argv))
        func: Callable = getattr(args, "func", None) or _open_menu
        return func(args)
    except BadInput as exc:
        print(printable(exc), file=sys.stderr)
    except LevelErrors as exc:
        for error in exc.errors:
            print(printable(error), file=sys.stderr)
    except RecursionError:
        print("trailread: the input is nested too deeply", file=sys.stderr)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`trailread scores | head`): nothing left to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:  # the data folder or a file that could not be used
        print(printable(f"trailread: {exc}"), file=sys.stderr)
    return EXIT_BAD_INPUT


def _require_display() -> None:
    """A window for a person needs a screen; without one, say so rather than run unseen."""
    from game.ui.display import display_problem

    problem = display_problem(os.environ)
    if problem:
        raise BadInput(problem)


def _open_menu(args) -> int:
    from game.ui.app import run_app

    _require_display()
    return run_app(start="menu")
