"""Shared helpers for benchmarks: where the real corpora are, and timing."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def corpora_dir() -> Path | None:
    """``$COMPLAINTKIT_CORPORA`` or ``../shared/corpora`` beside the checkout, if present."""
    configured = os.environ.get("COMPLAINTKIT_CORPORA")
    path = Path(configured) if configured else ROOT.parent / "shared" / "corpora"
    return path if path.is_dir() else None


def require_corpus(name: str) -> Path:
    """The folder of one corpus, or exit 0 with a note when it is absent."""
    base = corpora_dir()
    if base is None or not (base / name).is_dir():
        print(f"skipped: corpus {name!r} not found (set COMPLAINTKIT_CORPORA or add ../shared/corpora)")
        sys.exit(0)
    return base / name


def timed(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """Best wall time of ``repeat`` runs, and the last result."""
    best = float("inf")
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result
