"""Reading a file someone handed us: a size cap before reading, regular files only.

`/dev/zero` would be read for ever and a FIFO would block the open; a level or
replay is never either. The open does not block (O_NONBLOCK) and the checks
are made on the open file, so nothing can be swapped in between.
"""

from __future__ import annotations

import os
import stat
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
