"""Writing files atomically: a temp file in the same folder, then a rename."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it over ``path`` on success.

    On any error (or interrupt) the temporary file is removed and ``path`` is
    left as it was, so readers never see a half-written file. The data is
    flushed to disk before the rename, so a power cut leaves the old file or
    the new one, not an empty one.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file normal permissions
        _fsync(temp)
        os.replace(temp, target)
        _fsync(target.parent)
    finally:
        if temp.exists():
            temp.unlink()


def _fsync(path: Path) -> None:
    """Flush a file (or, after a rename, its folder) to disk; a no-op where the OS cannot."""
    try:
        handle = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass  # folders cannot be fsynced on Windows
    finally:
        os.close(handle)


def _umask() -> int:
    """The process umask, read without changing it (os.umask would race with other threads)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    return 0o022


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write ``text`` as UTF-8 to ``path`` atomically."""
    with atomic_path(path) as temp:
        temp.write_text(text, encoding="utf-8")
    return Path(path)


def write_atomic(path: str | Path, write: Callable[[IO[bytes]], None]) -> Path:
    """Call ``write`` with a binary file handle, then move the file into place."""
    with atomic_path(path) as temp, open(temp, "wb") as handle:
        write(handle)
    return Path(path)
