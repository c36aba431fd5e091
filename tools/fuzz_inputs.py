"""Fuzz the three commands that read files from outside: `check`, `replay --verify`
and `scores --add`.

Valid level files and replays are mutated byte by byte (flips, insertions,
deletions, splices of hostile tokens) and field by field (a field of the parsed
document replaced by a value of another type or out of range), and fed to the
real command line entry point in this process. Anything that escapes `main` is a
traceback; an input that runs past the time limit is a hang; an error message of
more than one line per problem is a finding too. Findings are saved to --out.

    python tools/fuzz_inputs.py --minutes 10 --out /tmp/fuzz

Not part of the test suite: it runs for minutes, and finds new cases every run.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import io
import json
import math
import os
import random
import resource
import shutil
import signal
import sys
import time
import tomllib
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.cli import main  # noqa: E402

HOSTILE_TOKENS = [
    b"-1",
    b"0",
    b"1e999",
    b"-1e999",
    b"nan",
    b"inf",
    b"NaN",
    b"Infinity",
    b"-Infinity",
    b"9" * 5000,
    b"2147483648",
    b"1e9",
    b"true",
    b"null",
    b'""',
    b"[]",
    b"{}",
    b"[" * 3000,
    b"{" * 3000,
    b"\x1b[31m",
    b"\x1b]0;x\x07",
    b"\\ud800",
    b"\x00",
    b"\xff\xfe",
    b"/dev/zero",
    b"../" * 50,
    b"a" * 5000,
    b"\n[rules]\n",
    b"\n[gaze]\nmax_far_m = 12\n",
    b'"',
    b"'",
    b"=",
    b"\r\n",
    b"\t",
    b"\\u0000",
]
HOSTILE_VALUES = [
    None,
    True,
    False,
    -1,
    0,
    1,
    2**31,
    2**63,
    10**400,
    -(10**400),
    1e308,
    -1e308,
    1e-308,
    0.5,
    1e9,
    math.inf,
    -math.inf,
    math.nan,
    "",
    "x" * 5000,
    "\x1b[2J\x1b[31mred",
    "\ud800",
    "/dev/zero",
    "warm-up",
    "../levels/warm-up.toml",
    [],
    [1, 2],
    [[[]]],
    {},
    {"a": 1},
    [0.2, 15.0],
    [-1.0, 1e9],
    ["P", 0, 1.0, 0.0],
    1000,
    20000,
    50,
    0.1,
    4.0,
]


class Hang(BaseException):
    """The input ran past the time limit (BaseException: nothing in the game catches it)."""


def _alarm(signum, frame):
    raise Hang()


# --- mutation ---------------------------------------------------------------------------------


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice([1, 1, 2, 3, 8])):
        kind = rng.randrange(6)
        at = rng.randrange(len(out) + 1)
        if kind == 0 and out:
            out[min(at, len(out) - 1)] ^= 1 << rng.randrange(8)
        elif kind == 1:
            out[at:at] = bytes([rng.randrange(256)])
        elif kind == 2 and out:
            del out[at : at + rng.randint(1, 64)]
        elif kind == 3:
            out[at:at] = rng.choice(HOSTILE_TOKENS)
        elif kind == 4 and out:
            end = min(len(out), at + rng.randint(1, 40))
            out[at:end] = rng.choice(HOSTILE_TOKENS)
        else:
            piece = bytes(out[at : at + rng.randint(1, 200)])  # a splice of the file itself
            where = rng.randrange(len(out) + 1)
            out[where:where] = piece
    return bytes(out)


def _paths(doc, prefix=()):
    """Every (path, value) in a nested JSON/TOML document."""
    yield prefix, doc
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc[:50]):
            yield from _paths(v, (*prefix, i))


def _set(doc, path, value):
    target = doc
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        if isinstance(target, dict):
            del target[path[-1]]
        else:
            target.pop(path[-1])
    else:
        target[path[-1]] = value


_DELETE = object()


def mutate_fields(doc, rng: random.Random):
    doc = json.loads(json.dumps(doc))  # a deep copy
    for _ in range(rng.choice([1, 1, 2, 4])):
        paths = [p for p, _ in _paths(doc) if p]
        if not paths:
            break
        path = rng.choice(paths)
        choice = rng.random()
        if choice < 0.1:
            value = _DELETE
        elif choice < 0.3:
            old = _get(doc, path)
            value = _nudge(old, rng)
        else:
            value = rng.choice(HOSTILE_VALUES)
        _set(doc, path, value)
    if rng.random() < 0.1 and isinstance(doc, dict):
        doc[rng.choice(["extra", "gaze", "speed", "distance_m", "version", "bot"])] = rng.choice(
            HOSTILE_VALUES
        )
    return doc


def _get(doc, path):
    for key in path:
        doc = doc[key]
    return doc


def _nudge(old, rng):
    if isinstance(old, bool):
        return not old
    if isinstance(old, int):
        return old + rng.choice([-1, 1, -(10**6), 10**6, -old - 1])
    if isinstance(old, float):
        return old * rng.choice([-1, 0, 0.5, 2, 10, 1000, 1e-6])
    if isinstance(old, str):
        return old[: rng.randrange(len(old) + 1)] + rng.choice(["", "x", "\x1b[31m", "/", ".."])
    return old


# --- TOML out (enough for a level file) -----------------------------------------------------------


def _toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return (
            "nan" if v != v else ("inf" if v == math.inf else "-inf" if v == -math.inf else repr(v))
        )
    if isinstance(v, str):
        return json.dumps(v)  # a TOML basic string is JSON's string
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {_toml_value(x)}" for k, x in v.items()) + "}"
    return json.dumps(str(v))


def to_toml(doc: dict) -> str:
    lines, tables = [], []
    for key, value in doc.items():
        if isinstance(value, dict):
            tables.append((key, value))
        else:
            lines.append(f"{json.dumps(key)} = {_toml_value(value)}")
    for key, table in tables:
        lines.append(f"\n[{json.dumps(key)}]")
        lines += [f"{json.dumps(k)} = {_toml_value(v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"


def _json_safe(doc):
    """Floats TOML gives (inf, nan) can't go through json.loads(json.dumps()) above."""
    return json.loads(json.dumps(doc, default=str))


# --- the inputs ---------------------------------------------------------------------------------


def make_seeds(work: Path):
    """Valid level files (shipped, and short copies) and valid replays of short levels."""
    from game.levels import find_level
    from game.paths import levels_dir
    from game.sim.bots import drive, make_bot, simulate
    from game.sim.botspec import parse_bot_spec
    from game.sim.replay import from_run
    from game.sim.run import Run

    levels = {p.stem: p.read_bytes() for p in sorted(levels_dir().glob("*.toml"))}
    short = {}
    for name in ("warm-up", "headlamp", "rock-garden", "endless"):
        text = levels[name].decode()
        kept = [ln for ln in text.splitlines() if not ln.startswith(("length_m", "endless"))]
        head = "endless = true\n" if name == "endless" else "length_m = 60.0\n"
        path = work / f"short-{name}.toml"
        path.write_text(head + "\n".join(kept) + "\n", encoding="utf-8")
        short[name] = path
    replays = []
    for path in short.values():
        level = find_level(str(path))
        kw = {"distance_m": 60.0} if level.endless else {}
        for seed in (1, 2):
            run = Run(level, seed, who=("player", f"P{seed}"), **kw)
            replays.append(from_run(drive(run, make_bot(parse_bot_spec("gaze=3-6"), run))).text())
        bot = simulate(level, 3, parse_bot_spec("gaze=2-5,stride=short"), **kw)
        replays.append(from_run(bot).text())
    # One of a shipped level, its full length: the shipped-table path.
    run = Run(find_level("warm-up"), 1, who=("player", "Ann"))
    replays.append(from_run(drive(run, make_bot(parse_bot_spec("gaze=3-6"), run))).text())
    level_texts = list(levels.values()) + [p.read_bytes() for p in short.values()]
    return level_texts, [r.encode() for r in replays]


def level_input(seeds: list[bytes], rng: random.Random) -> bytes:
    seed = rng.choice(seeds)
    if rng.random() < 0.5:
        return mutate_bytes(seed, rng)
    doc = _json_safe(tomllib.loads(seed.decode()))
    mutated = mutate_fields(doc, rng)
    try:
        return to_toml(mutated).encode("utf-8", "surrogatepass")
    except (TypeError, ValueError):
        return seed


def replay_input(seeds: list[bytes], rng: random.Random) -> bytes:
    seed = rng.choice(seeds)
    if rng.random() < 0.5:
        return mutate_bytes(seed, rng)
    mutated = mutate_fields(json.loads(seed), rng)
    try:
        return json.dumps(mutated, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")
    except (TypeError, ValueError, RecursionError):
        return seed


# --- running one input ----------------------------------------------------------------------------


def run_cli(argv: list[str], limit_s: float):
    out, err = io.StringIO(), io.StringIO()
    signal.setitimer(signal.ITIMER_REAL, limit_s)
    started = time.monotonic()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
        problem = None
    except Hang:
        code, problem = None, "hang"
    except SystemExit as exc:
        code, problem = exc.code, None
    except BaseException:
        code, problem = None, "traceback:\n" + traceback.format_exc()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return code, problem, out.getvalue(), err.getvalue(), time.monotonic() - started


def judge(command: str, code, problem, out: str, err: str) -> str | None:
    """What is wrong with this outcome, or None."""
    if problem:
        return problem
    if code not in (0, 1, 2):
        return f"exit status {code!r}"
    if "Traceback" in err:
        return "a traceback on stderr"
    lines = err.strip().splitlines()
    if command != "check" and len(lines) > 1 and code != 0:
        return f"{len(lines)} lines of error"
    if command == "check" and code == 2 and not all(":" in ln for ln in lines):
        return "a check line that names no field"
    if any(ch in out + err for ch in "\x1b\x07\x9b"):
        return "a control character reached the terminal"
    return None


def main_loop(args) -> int:
    rng = random.Random(args.seed)
    out_dir = Path(args.out)
    shutil.rmtree(out_dir, ignore_errors=True)
    (out_dir / "findings").mkdir(parents=True)
    work = out_dir / "work"
    work.mkdir()
    os.environ["TRAILREAD_HOME"] = str(out_dir / "home")
    os.chdir(work)
    resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, resource.RLIM_INFINITY))
    signal.signal(signal.SIGALRM, _alarm)
    level_seeds, replay_seeds = make_seeds(work)
    deadline = time.monotonic() + args.minutes * 60
    tried = collections.Counter()
    codes = collections.Counter()
    findings = collections.Counter()
    slowest = (0.0, "")
    n = 0
    while time.monotonic() < deadline:
        n += 1
        command = rng.choice(["check", "replay", "scores"])
        if command == "check":
            data, name = level_input(level_seeds, rng), f"in{n}.toml"
        else:
            data, name = replay_input(replay_seeds, rng), f"in{n}.json"
        path = work / name
        path.write_bytes(data)
        argv = {
            "check": ["check", name],
            "replay": ["replay", name, "--verify"],
            "scores": ["scores", "--add", name, "--name", rng.choice(["Ann", "-x", "\x1b[31mZ"])],
        }[command]
        code, problem, out, err, took = run_cli(argv, args.limit)
        tried[command] += 1
        codes[(command, code)] += 1
        if took > slowest[0]:
            slowest = (took, f"{command} {name}")
        finding = judge(command, code, problem, out, err)
        if finding:
            key = f"{command}: {finding.splitlines()[-1][:120]}"
            findings[key] += 1
            if findings[key] <= 3:
                keep = out_dir / "findings" / f"{n}-{command}{path.suffix}"
                keep.write_bytes(data)
                keep.with_suffix(".txt").write_text(f"{argv}\n{finding}\n{err[-3000:]}", "utf-8")
        path.unlink()
    report = {
        "minutes": args.minutes,
        "inputs": n,
        "by_command": dict(tried),
        "exit_codes": {f"{c} -> {code}": k for (c, code), k in sorted(codes.items(), key=str)},
        "findings": dict(findings),
        "slowest_s": round(slowest[0], 2),
        "slowest_input": slowest[1],
    }
    print(json.dumps(report, indent=1))
    (out_dir / "report.json").write_text(json.dumps(report, indent=1), "utf-8")
    return 1 if findings else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument(
        "--limit", type=float, default=30.0, help="seconds before an input is a hang"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default="/tmp/trailread-fuzz")
    sys.exit(main_loop(parser.parse_args()))
