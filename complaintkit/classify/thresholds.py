"""Per-label decision thresholds chosen on held-out (out-of-fold) probabilities."""

from __future__ import annotations

import numpy as np

#: Used when a label has too few held-out positives to tune on.
DEFAULT_THRESHOLD = 0.5
_GRID = np.round(np.arange(0.05, 0.951, 0.01), 2)


def best_threshold(truth: np.ndarray, proba: np.ndarray, *, min_positives: int = 5) -> float:
    """Threshold on ``proba`` that maximises F1 for the binary ``truth``.

    Ties go to the threshold closest to 0.5, so a flat F1 curve does not push
    the decision to an extreme.
    """
    truth = truth.astype(bool)
    if truth.sum() < min_positives:
        return DEFAULT_THRESHOLD
    predicted = proba[None, :] >= _GRID[:, None]
    tp = (predicted & truth).sum(axis=1)
    fp = (predicted & ~truth).sum(axis=1)
    fn = (~predicted & truth).sum(axis=1)
    f1 = 2 * tp / np.maximum(2 * tp + fp + fn, 1)
    best = f1.max()
    candidates = _GRID[np.isclose(f1, best)]
    return float(candidates[np.argmin(np.abs(candidates - 0.5))])


def best_thresholds(truth: np.ndarray, proba: np.ndarray) -> np.ndarray:
    """One threshold per column of a multi-label indicator matrix."""
    return np.array([best_threshold(truth[:, j], proba[:, j]) for j in range(truth.shape[1])])


#: Candidate shares of the best label's probability a second label must reach.
RATIO_GRID = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
RATIO_TOLERANCE = 0.005


def best_secondary_ratio(truth: np.ndarray, proba: np.ndarray, thresholds: np.ndarray) -> float:
    """The share of the top probability a further label must reach, for out-of-fold macro-F1.

    Out-of-fold F1 differences of a few thousandths are noise, so the largest
    ratio (fewest labels per text) within ``RATIO_TOLERANCE`` of the best wins.
    """
    truth = truth.astype(bool)
    top = proba.max(axis=1, keepdims=True)
    scores = []
    for ratio in RATIO_GRID:
        predicted = (proba >= thresholds) & (proba >= ratio * top)
        tp = (predicted & truth).sum(axis=0)
        fp = (predicted & ~truth).sum(axis=0)
        fn = (~predicted & truth).sum(axis=0)
        scores.append(float(np.mean(2 * tp / np.maximum(2 * tp + fp + fn, 1))))
    best = max(scores)
    return max(r for r, f in zip(RATIO_GRID, scores, strict=True) if f >= best - RATIO_TOLERANCE)
