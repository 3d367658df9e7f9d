"""Module-level ``check_tone`` with a shared default checker."""

from __future__ import annotations

import threading

from ..results import ToneReport
from .checker import ToneChecker

_lock = threading.Lock()
_default: ToneChecker | None = None


def default_checker() -> ToneChecker:
    """The shared checker with shipped rules and model, built once."""
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = ToneChecker()
    return _default


def check_tone(text: str, *, checker: ToneChecker | None = None) -> ToneReport:
    """Check a reply draft for phrasing that makes a complaint worse.

    Examples
    --------
    >>> import complaintkit as ck
    >>> report = ck.check_tone("Sorry, but you should have read the terms.")
    >>> [f.kind for f in report.flags]
    ['non_apology', 'blame_customer']
    """
    return (checker or default_checker()).check(text)
