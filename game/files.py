"""Reading a file someone handed us: a size cap before reading, regular files only.

`/dev/zero` would be read for ever and a FIFO would block the open; a level or
replay is never either. The open does not block (O_NONBLOCK) and the checks
are made on the open file, so nothing can be swapped in between.
"""

from __future__ import annotations

import errno
import os
import stat
import time
from pathlib import Path


class FileProblem(Exception):
    """Why a file can't be read, in a few words (the caller names the file)."""


def read_capped(path: str | Path, max_bytes: int) -> bytes:
    """The file's bytes; raises FileProblem if it is not a regular file or is too large."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        raise FileProblem(_reason(exc)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise FileProblem("is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem("is not a regular file")
        if info.st_size > max_bytes:
            raise FileProblem(f"too large ({info.st_size:,} bytes, at most {max_bytes:,})")
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        raise FileProblem(_reason(exc)) from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # it grew while we looked
        raise FileProblem(f"too large (more than {max_bytes:,} bytes)")
    return data


def _reason(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or "cannot be read"
    return "not a usable file name"


# --- keeping a damaged file aside --------------------------------------------------------------


def stamp() -> str:
    return time.strftime("%Y%m%d-%H%M%S")


def aside_name(path: Path, why: str, n: int = 1) -> Path:
    """`settings.broken-20261125-042233.json`, then `-2`, `-3`... for the same second."""
    base = f"{path.stem}.{why}-{stamp()}"
    return path.with_name(f"{base}{'' if n == 1 else f'-{n}'}{path.suffix}")


def move_without_overwriting(source: Path, target: Path) -> None:
    """A rename that never replaces an existing file, even one another process
    chose a moment ago (FileExistsError then): a kept file is never lost to a race."""
    if os.name != "nt":  # Windows' rename refuses to overwrite by itself
        try:
            os.link(source, target)
        except FileExistsError:
            raise
        except OSError:
            pass  # a file system without hard links: a checked rename must do
        else:
            os.unlink(source)
            return
    if target.exists():
        raise FileExistsError(errno.EEXIST, "already exists", str(target))
    os.rename(source, target)


def keep_aside(path: Path, why: str = "broken") -> Path:
    """Move a damaged file out of the way under a dated name no other kept file has.

    Raises OSError when it can't be moved (a read-only folder): the caller then
    leaves it where it is and says so.
    """
    path = Path(path)
    for n in range(1, 1000):
        target = aside_name(path, why, n)
        if target.exists():
            continue
        try:
            move_without_overwriting(path, target)
        except FileExistsError:
            continue  # taken a moment ago
        return target
    raise FileExistsError(errno.EEXIST, "no free name to keep the file under", str(path))
