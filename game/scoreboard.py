"""Entering runs in the high-score table, from the game and from the command line.

A score enters only by replaying its command log and getting the same result.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from game.scores import MODES, ScoreError, ScoreStore, entry_json, format_table
from game.sim.replay import ReplayError, from_run, parse_replay, read_replay, verify

EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def mode_of(level) -> str:
    return "daily" if level.id == "daily" else "endless" if level.endless else "level"


def enter_replay(store: ScoreStore, text: str, player: str) -> tuple[int, dict]:
    """Verify a replay document and enter it; raises ReplayError or ScoreError."""
    replay = parse_replay(text)
    holds, message, run = verify(replay)
    if not holds:
        raise ScoreError(f"does not verify: {message}")
    entry_id = store.add(replay.result, text, player, mode_of(run.level))
    return entry_id, replay.result


def enter_run(run, settings) -> str:
    """After a run in the game: verify it by replaying it, enter it, and say where it placed."""
    text = from_run(run).text()
    try:
        with ScoreStore() as store:
            entry_id, _result = enter_replay(store, text, settings.player)
            table = store.top(run.level.id, mode_of(run.level), limit=100)
            notice = store.notice
    except (ScoreError, ReplayError, OSError) as exc:
        return f"Not entered in the table: {exc}"
    place = next((i for i, e in enumerate(table, 1) if e.id == entry_id), None)
    line = (
        f"Entered in the high scores: #{place} on this level."
        if place
        else "Entered in the high scores."
    )
    return f"{notice} {line}".strip()


def scores_command(args) -> int:
    """`trailread scores`: show, add, export."""
    try:
        store = ScoreStore()
    except OSError as exc:
        print(f"scores: cannot open the score table: {exc.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    with store:
        if store.notice:
            print(store.notice, file=sys.stderr)
        if args.add:
            return _add(store, args)
        if args.export:
            count = store.export_csv(Path(args.export))
            print(f"{args.export}: {count} runs")
            return EXIT_OK
        entries = store.top(args.level, args.mode, limit=None if args.json else 20)
        if args.json:
            print(json.dumps([entry_json(e) for e in entries], ensure_ascii=False))
        else:
            print(format_table(entries))
    return EXIT_OK


def _add(store: ScoreStore, args) -> int:
    if not args.name:
        print("scores --add: give the player's name with --name", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        replay = read_replay(args.add)
    except ReplayError as exc:
        print(f"{args.add}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        entry_id, result = enter_replay(store, replay.text(), args.name)
    except ReplayError as exc:
        print(f"{args.add}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ScoreError as exc:
        print(f"{args.add}: {exc}", file=sys.stderr)
        return (
            EXIT_CHECK_FAILED if "verify" in str(exc) or "already" in str(exc) else EXIT_BAD_INPUT
        )
    entry = next(e for e in store.top(result["level"], limit=None) if e.id == entry_id)
    print(f"{args.add}: verified and entered for {entry.player} (score {result['score']:,.0f})")
    return EXIT_OK


__all__ = ["MODES", "enter_replay", "enter_run", "scores_command"]
