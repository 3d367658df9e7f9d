"""Progress bars for long batch runs: tqdm on a terminal or in a notebook, silent elsewhere.

A bar is shown when the caller asks for one (``progress=True``), or by default
when there are more than :data:`AUTO_THRESHOLD` rows and someone is watching: a
terminal on standard error, or a Jupyter kernel. Tests, pipes, cron jobs and CI
logs stay quiet.
"""

from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import Any, Protocol

from .errors import TextValueError, describe

#: Rows above which a bar appears by default (when output is watched).
AUTO_THRESHOLD = 10_000


class Bar(Protocol):
    def update(self, n: int = 1) -> Any: ...

    def close(self) -> None: ...


class _Silent:
    """Stands in for a bar when nobody is watching."""

    def update(self, n: int = 1) -> None:
        return None

    def close(self) -> None:
        return None


class ProgressBar:
    """A bar over ``total`` rows; use as a context manager so it always closes."""

    def __init__(self, total: int, *, enabled: bool | None, desc: str, unit: str = "rows") -> None:
        check_progress(enabled)
        self._bar: Bar = _make_bar(total, desc, unit) if wants_progress(total, enabled) else _Silent()

    def update(self, n: int) -> None:
        if n:
            self._bar.update(n)

    def close(self) -> None:
        self._bar.close()

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def check_progress(progress: object) -> None:
    """``progress`` must be True, False or None (decide by size and terminal)."""
    if progress is not None and not isinstance(progress, bool):
        raise TextValueError(f"progress must be True, False or None, got {describe(progress)}")


def wants_progress(total: int, progress: bool | None) -> bool:
    """Whether to draw a bar: as asked, else only for big jobs that someone watches."""
    if progress is not None:
        return progress
    return total > AUTO_THRESHOLD and (in_notebook() or stderr_is_terminal())


def in_notebook() -> bool:
    """True inside a Jupyter kernel (the notebook frontends, not a plain IPython terminal)."""
    if "ipykernel" not in sys.modules:
        return False
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def stderr_is_terminal() -> bool:
    """True when standard error is an interactive terminal."""
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced or closed stream
        return False


def _make_bar(total: int, desc: str, unit: str) -> Bar:
    if in_notebook():
        try:
            from tqdm.notebook import tqdm as notebook_tqdm

            return notebook_tqdm(total=total, desc=desc, unit=unit)
        except ImportError:  # ipywidgets missing: a text bar still works in the notebook
            pass
    from tqdm import tqdm

    # A terminal that reports no size (a fresh pty, some CI consoles) would hide the bar.
    size = {"dynamic_ncols": True} if _terminal_width() > 0 else {"ncols": 80, "nrows": 24}
    return tqdm(total=total, desc=desc, unit=unit, unit_scale=total >= AUTO_THRESHOLD, file=sys.stderr, **size)


def _terminal_width() -> int:
    try:
        return os.get_terminal_size(sys.stderr.fileno()).columns
    except (AttributeError, OSError, ValueError):
        return 0
