"""Pausing Python's cyclic garbage collector around batch work."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run a batch without cyclic garbage collection, then restore the collector as it was.

    A batch allocates many short-lived objects (docs, tokens, spans, reports).
    Each allocation burst sets off collections that walk every live object,
    including the large, long-lived ones a checker holds (compiled rules, memo
    tables, the model): a sixth of ``check_many``'s time on real replies.
    What a batch makes is freed by reference counting, not by the collector
    (tested), so pausing it leaves no garbage behind. The collector is
    re-enabled only if it was enabled on entry, so a caller's own
    ``gc.disable()`` is respected.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
