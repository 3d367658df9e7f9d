"""Threshold and secondary-label tuning on out-of-fold probabilities."""

from __future__ import annotations

import numpy as np

from complaintkit.classify.thresholds import RATIO_GRID, best_secondary_ratio, best_threshold


def test_best_threshold_separates_clean_scores():
    truth = np.array([1, 1, 1, 1, 1, 0, 0, 0, 0, 0])
    proba = np.array([0.9, 0.8, 0.85, 0.7, 0.75, 0.2, 0.1, 0.3, 0.25, 0.15])
    threshold = best_threshold(truth, proba)
    assert 0.3 < threshold <= 0.7


def test_secondary_ratio_drops_weak_second_labels_when_they_are_wrong():
    # one true label per text; a distractor at 30% of the top score crosses its threshold
    truth = np.tile([[1, 0]], (50, 1))
    proba = np.tile([[0.9, 0.27]], (50, 1))
    ratio = best_secondary_ratio(truth, proba, np.array([0.5, 0.2]))
    assert ratio > 0.3


def test_secondary_ratio_keeps_real_second_labels():
    # texts really carry both labels, the second scoring 40% of the first
    truth = np.tile([[1, 1]], (50, 1))
    proba = np.tile([[0.9, 0.36]], (50, 1))
    ratio = best_secondary_ratio(truth, proba, np.array([0.5, 0.2]))
    assert ratio <= 0.4 and ratio in RATIO_GRID
