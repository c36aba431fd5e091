"""Entering runs in the high-score table, from the game and from the command line.

A score enters only by replaying its command log and getting the same result,
and only into the table of what was run: a shipped level's table takes only
runs of the shipped file's exact content (its hash); any other level file is a
custom level with a table of its own, shown as custom. Bots' runs are never
entered in a player's table.

A table has sections: the ranked runs (1x, under these rules, on this version
of the level), practice runs (below 1x), and runs under older rules or an older
version of the level, shown apart and never ranked with the others.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field

from game.levels import LevelSpec, find_level, shipped_hashes
from game.outputs import OutputError, check_output
from game.replays import ReplayError, from_run, parse_replay, read_replay, verify
from game.scores import (
    MODES,
    Entry,
    Provenance,
    ScoreError,
    ScoreStore,
    entry_json,
    format_table,
)
from game.terminal import printable, printable_lines, safe_json

EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_INPUT = 0, 1, 2
SECTIONS = ("ranked", "practice", "older")


class Refused(ScoreError):
    """A run that is read fine but may not enter (exit 1): it does not verify, it is
    a bot's, it is already in."""


def mode_of(level) -> str:
    return "daily" if level.id == "daily" else "endless" if level.endless else "level"


def provenance(level: LevelSpec, rules_version: int) -> Provenance:
    """Where a verified run of `level` belongs: the shipped table whose content it
    ran, or a custom table keyed by its own content."""
    shipped_id = shipped_hashes().get(level.content_hash)
    return Provenance(
        level=shipped_id or level.id,
        level_hash=level.content_hash,
        custom=shipped_id is None,
        rules_version=rules_version,
    )


def enter_replay(store: ScoreStore, text: str, player: str) -> tuple[int, dict, Provenance]:
    """Verify a replay document and enter it; raises ReplayError, Refused or ScoreError."""
    replay = parse_replay(text)
    if replay.who_key != "player":
        raise Refused("refused: a bot's run is never entered in a player's table")
    holds, message, run = verify(replay)
    if not holds:
        raise Refused(f"does not verify: {message}")
    where = provenance(run.level, replay.rules_version)
    try:
        entry_id = store.add(replay.result, text, player, mode_of(run.level), where=where)
    except ScoreError as exc:
        if "already" in str(exc):
            raise Refused(str(exc)) from None
        raise
    return entry_id, replay.result, where


def enter_run(run, settings) -> str:
    """After a run in the game: verify it by replaying it, enter it, and say where it placed."""
    text = from_run(run).text()
    try:
        with ScoreStore() as store:
            entry_id, _result, where = enter_replay(store, text, settings.player)
            table = sections(store, run.level)
            notice = store.notice
    except (ScoreError, ReplayError, OSError) as exc:
        return f"Not entered in the table: {exc}"
    name, place = next(
        (
            (name, rank)
            for name, entries in table.items()
            for rank, e in enumerate(entries, 1)
            if e.id == entry_id
        ),
        ("", None),
    )
    kind = "custom level" if where.custom else "level"
    if name == "practice":
        line = f"Entered with the practice runs (#{place}), apart from the high scores."
    elif name == "ranked":
        line = f"Entered in the high scores: #{place} on this {kind}."
    else:
        line = "Entered in the high scores."
    return f"{notice} {line}".strip()


# --- the table's sections --------------------------------------------------------------------


@dataclass
class Table:
    """What `scores` shows for a level (or for every level): its sections."""

    ranked: list[Entry] = field(default_factory=list)
    practice: list[Entry] = field(default_factory=list)
    older: list[Entry] = field(default_factory=list)

    def items(self):
        return ((name, getattr(self, name)) for name in SECTIONS)


def section_of(entry: Entry, current_hashes: set[str]) -> str | None:
    """ "ranked", "practice", "older", or None for a bot's run (never shown)."""
    if entry.bot:
        return None
    if not entry.current_rules or (not entry.custom and entry.level_hash not in current_hashes):
        return "older"
    return "practice" if entry.practice else "ranked"


def sections(store: ScoreStore, level: LevelSpec | None = None, mode: str | None = None) -> Table:
    """A level's table (its shipped or custom one), or every level's with `level=None`."""
    hashes = set(shipped_hashes())
    if level is None:
        entries = store.top(mode=mode, limit=None)
    elif level.content_hash in hashes:
        entries = store.top(shipped_hashes()[level.content_hash], mode, None, custom=False)
    else:
        entries = store.top(mode=mode, limit=None, level_hash=level.content_hash, custom=True)
    table = Table()
    for entry in entries:
        name = section_of(entry, hashes)
        if name is not None:
            getattr(table, name).append(entry)
    return table


_HEADS = {
    "practice": "Practice runs (below 1x training speed), not ranked:",
    "older": "Runs under older rules or an older version of the level, not ranked:",
}


def format_sections(table: Table, limit: int | None) -> str:
    parts = [format_table(table.ranked[:limit])]
    for name in ("practice", "older"):
        entries = getattr(table, name)
        if entries:
            parts.append(f"{_HEADS[name]}\n{format_table(entries[:limit])}")
    return "\n\n".join(parts)


def table_json(table: Table) -> list[dict]:
    rows = []
    for name, entries in table.items():
        for entry in entries:
            rows.append({**entry_json(entry), "section": name})
    return rows


# --- the command ----------------------------------------------------------------------------


def scores_command(args) -> int:
    """`trailread scores`: show, add, export."""
    try:
        return _scores(args)
    except BrokenPipeError:
        raise  # the reader went away: the command line says nothing more
    except (ScoreError, OSError) as exc:
        print(printable(f"scores: {exc}"), file=sys.stderr)
        return EXIT_BAD_INPUT


def _scores(args) -> int:
    export = None
    if args.export:
        try:
            export = check_output("--export", args.export, replace=args.force)
        except OutputError as exc:
            print(printable(exc), file=sys.stderr)
            return EXIT_BAD_INPUT
    level = _level_arg(args.level) if args.level and not args.add else None
    with ScoreStore() as store:
        if store.notice:
            print(printable(store.notice), file=sys.stderr)
        if args.add:
            return _add(store, args)
        if export is not None:
            try:
                count = store.export_csv(export, replace=args.force)
            except FileExistsError:
                print(printable(f"--export: {args.export}: already exists"), file=sys.stderr)
                return EXIT_BAD_INPUT
            print(printable(f"{args.export}: {count} runs"))
            return EXIT_OK
        table = sections(store, level, args.mode)
        if args.json:
            print(safe_json(json.dumps(table_json(table), ensure_ascii=False)))
        else:
            print(printable_lines(format_sections(table, 20)))
    return EXIT_OK


def _level_arg(name: str) -> LevelSpec:
    """`scores LEVEL`: a shipped id or a level file (whose own table is shown)."""
    try:
        return find_level(name)
    except OSError as exc:
        raise ScoreError(f"{name}: {exc.strerror}") from None


def _add(store: ScoreStore, args) -> int:
    if not args.name:
        print("scores --add: give the player's name with --name", file=sys.stderr)
        return EXIT_BAD_INPUT
    shown = printable(args.add)
    try:
        replay = read_replay(args.add)
        entry_id, result, where = enter_replay(store, replay.text(), args.name)
    except ReplayError as exc:
        print(f"{shown}: {printable(exc)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Refused as exc:
        print(f"{shown}: {printable(exc)}", file=sys.stderr)
        return EXIT_CHECK_FAILED
    except ScoreError as exc:
        print(f"{shown}: {printable(exc)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    entry = next(e for e in store.top(where.level, limit=None) if e.id == entry_id)
    table = f" on the custom level {where.level}" if where.custom else ""
    practice = " as a practice run" if entry.practice else ""
    print(
        printable(
            f"{args.add}: verified and entered{practice}{table} for {entry.player} "
            f"(score {result['score']:,.0f})"
        )
    )
    return EXIT_OK


__all__ = ["MODES", "enter_replay", "enter_run", "scores_command", "sections"]
