"""Complaint categories, complaint detection and escalation signals.

This package is imported by ``complaintkit/__init__.py`` before the public
function ``complaintkit.classify`` is bound, so it must stay cheap to import:
its names load on first access.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_LAZY = {
    "CATEGORIES": ".taxonomy",
    "CATEGORY_IDS": ".taxonomy",
    "SIGNAL_KINDS": ".escalation",
    "ComplaintClassifier": ".estimator",
    "classify": ".default",
    "classify_many": ".default",
    "default_model_path": ".default",
    "find_escalation": ".escalation",
    "load_model": ".default",
}

if TYPE_CHECKING:
    from .default import classify, classify_many, default_model_path, load_model
    from .escalation import SIGNAL_KINDS, find_escalation
    from .estimator import ComplaintClassifier
    from .taxonomy import CATEGORIES, CATEGORY_IDS


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'complaintkit.classify' has no attribute {name!r}")
    return getattr(importlib.import_module(module, __name__), name)


__all__ = [
    "CATEGORIES",
    "CATEGORY_IDS",
    "SIGNAL_KINDS",
    "ComplaintClassifier",
    "classify",
    "classify_many",
    "default_model_path",
    "find_escalation",
    "load_model",
]
