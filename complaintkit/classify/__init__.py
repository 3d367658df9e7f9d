"""Complaint categories, complaint detection and escalation signals."""

from __future__ import annotations

from .default import classify, classify_many, default_model_path, load_model
from .escalation import SIGNAL_KINDS, find_escalation
from .estimator import ComplaintClassifier
from .taxonomy import CATEGORIES, CATEGORY_IDS

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
