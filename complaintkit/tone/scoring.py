"""The tone score: one number from 0 to 100 for how a reply will land.

    score = 35
          + 12 for each essential move present (acknowledge, apologize, own, act, next_steps)
          + 5 each for empathize and thank
          + 4 x courtesy (polite markers minus impolite ones, clamped to -3..3; see courtesy.json)
          - 25 for each error flag, 12 for each warning flag, 4 for each info flag
    clamped to 0..100.

A reply that does all five essential moves and thanks the customer, with no
flags, scores 100; a bare "Noted." scores 35; two warnings take 24 off.
"""

from __future__ import annotations

from collections.abc import Iterable

from .kinds import ESSENTIAL_KINDS

BASE = 35
ESSENTIAL_POINTS = 12
EXTRA_POINTS = {"empathize": 5, "thank": 5}
PENALTY = {"error": 25, "warning": 12, "info": 4}
COURTESY_POINTS = 4  # kept equal to "points" in courtesy.json; a test checks


def tone_score(good_kinds: Iterable[str], severities: Iterable[str], courtesy: int = 0) -> int:
    """Score a reply from the good kinds it shows, its courtesy balance and the severities of its flags."""
    kinds = set(good_kinds)
    score = BASE + ESSENTIAL_POINTS * len(kinds & set(ESSENTIAL_KINDS)) + COURTESY_POINTS * courtesy
    score += sum(points for kind, points in EXTRA_POINTS.items() if kind in kinds)
    score -= sum(PENALTY[s] for s in severities)
    return max(0, min(100, score))
