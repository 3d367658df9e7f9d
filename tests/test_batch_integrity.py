"""analyze_frame never drops, duplicates, reorders or shifts a row, whatever fails inside one (issue 6)."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

import complaintkit as ck

SEEDS = [
    "my parcel #{n} never arrived and nobody answers my emails",
    "charged twice for order {n}, please refund",
    "thanks, order {n} arrived early!",
    "the app logs me out every time I open it ({n})",
    "what time does the store open on {n} Street?",
]
BAD_VALUES = [None, float("nan"), 42, 3.5, b"bytes", ["a list"], {"a": 1}, pd.NA, "\ud800 lone surrogate"]


@pytest.fixture(scope="module")
def frames() -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    rng = random.Random(7)
    n = 50_000
    texts: list[object] = [rng.choice(SEEDS).format(n=i) for i in range(n)]
    bad_positions = sorted(rng.sample(range(n), 500))
    for position in bad_positions:
        texts[position] = rng.choice(BAD_VALUES)
    labels = [f"row-{i:05d}" for i in range(n)]
    rng.shuffle(labels)  # an index that is neither sorted nor a range
    df = pd.DataFrame({"complaint": pd.Series(texts, dtype=object, index=labels)})
    good = df.drop(index=[labels[p] for p in bad_positions])
    return df, good, [labels[p] for p in bad_positions]


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_bad_rows_at_random_positions_keep_every_row_aligned(frames, n_jobs):
    df, good, bad_labels = frames
    before = df.copy()
    result = ck.analyze_frame(df, errors="coerce", n_jobs=n_jobs, progress=False)
    assert result.index.equals(df.index)  # same labels, same order, nothing dropped or added
    assert not result.index.has_duplicates
    pd.testing.assert_frame_equal(df, before)  # the input is untouched
    assert result.loc[bad_labels, "error"].notna().all()
    assert (result.loc[bad_labels, "categories"].map(len) == 0).all()
    assert not result.loc[bad_labels, "is_complaint"].any()
    reference = ck.analyze_frame(good, progress=False)
    rows = result.loc[good.index, reference.columns]
    assert result.loc[good.index, "error"].isna().all()
    pd.testing.assert_frame_equal(rows, reference)
    # spot-check that each good row's result is its own text's, not a neighbour's
    for label in np.random.default_rng(0).choice(good.index.to_numpy(), 25, replace=False):
        expected = ck.classify(good.loc[label, "complaint"])
        assert result.loc[label, "categories"] == expected.labels
        assert result.loc[label, "complaint_score"] == pytest.approx(expected.complaint_score)
