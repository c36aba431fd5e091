"""Files the game writes for the player: checked before any work starts.

A run of `analyze` can take minutes; finding only afterwards that `--out`
names a folder or a read-only place wastes them. And nothing the player asks
for may land on the score table itself: a CSV written over the live database
would lose every run.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class OutputError(Exception):
    """Why a file can't be written there, as one line naming the option and the path."""


def _protected() -> list[Path]:
    from game.scores import default_path

    db = default_path()
    return [db, *(Path(f"{db}{end}") for end in ("-wal", "-shm", "-journal"))]


def _same_file(path: Path, others: list[Path]) -> bool:
    for other in others:
        try:
            if other.exists() and os.path.samefile(path, other):
                return True
        except OSError:
            continue
    return False


def check_output(option: str, name: str, *, replace: bool = True) -> Path:
    """The path to write `option`'s file to; raises OutputError if it can't be written.

    With `replace=False` an existing file is refused (the caller offers --force).
    """
    path = Path(name)

    def fail(why: str) -> OutputError:
        return OutputError(f"{option}: {name}: {why}")

    try:
        info = path.stat()
    except FileNotFoundError:
        info = None
    except (OSError, ValueError) as exc:
        raise fail(_why(exc)) from None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise fail("is a folder; give a file name")
        if not stat.S_ISREG(info.st_mode) and name != os.devnull:
            raise fail("is not a regular file")
        if _same_file(path, _protected()):
            raise fail("is the score table itself; choose another name")
        if not replace:
            raise fail("already exists; add --force to replace it")
    parent = path.parent
    if not parent.is_dir():
        raise fail("no such folder")
    if not os.access(parent if info is None else path, os.W_OK):
        raise fail("permission denied")
    return path


def _why(exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return "not a usable file name"
