"""Dask: complaintkit.dask.analyze equals analyze_frame row for row, also on a real LocalCluster."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")

# dask's own Parquet code still calls pandas APIs that pandas 3.1 deprecates
pytestmark = pytest.mark.filterwarnings("ignore:The inplace keyword")

import dask  # noqa: E402
import dask.dataframe as dd  # noqa: E402

import complaintkit as ck  # noqa: E402
import complaintkit.dask as ckd  # noqa: E402

OPENINGS = [
    "my parcel never arrived and tracking hasn't moved in a week",
    "you charged me twice for the same order",
    "the blender stopped working after two uses",
    "I was sent the wrong size and the return label doesn't work",
    "nobody has answered my emails about my refund",
    "I can't log in to the app since the update",
    "third time writing: cancel my subscription or I'm going to the ombudsman",
    "thanks, the replacement arrived quickly",
]
REPLIES = [
    "Sorry, but you should have read the terms.",
    "I'm sorry for the trouble. I've refunded you today and will email the receipt.",
    "Calm down, it's only a few days.",
]


def complaints(n: int, seed: int = 7) -> pd.DataFrame:
    """``n`` distinct complaints; every fifth has a reply, a few rows are missing their text."""
    rng = random.Random(seed)
    texts: list[object] = [f"{rng.choice(OPENINGS)} (order {rng.randrange(10**6):06d})" for _ in range(n)]
    for i in range(13, n, 97):
        texts[i] = None
    replies = [rng.choice(REPLIES) if i % 5 == 0 else None for i in range(n)]
    return pd.DataFrame({"id": np.arange(n) + 1000, "complaint": texts, "reply": replies})


def as_python(frame: pd.DataFrame) -> pd.DataFrame:
    """List cells as lists (Parquet gives arrays back) and text columns as objects, for comparing."""
    out = frame.copy()
    for name in out.columns:
        if out[name].map(lambda v: isinstance(v, np.ndarray)).any():
            out[name] = out[name].map(lambda v: list(v) if isinstance(v, np.ndarray) else v)
        if pd.api.types.is_string_dtype(out[name].dtype) and out[name].dtype != object:
            out[name] = out[name].astype(object).where(out[name].notna(), None)
    return out


def test_analyze_on_a_local_cluster_equals_pandas_row_for_row(tmp_path):
    pdf = complaints(3000)
    expected = pdf[["id"]].join(ck.analyze_frame(pdf, reply="reply", scores=True, errors="coerce"))
    source = tmp_path / "in"
    dd.from_pandas(pdf, npartitions=6).to_parquet(source)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=40) as cluster, distributed.Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        ddf = dd.read_parquet(source)
        result = ckd.analyze(ddf, reply="reply", scores=True, errors="coerce", keep=["id"])
        computed = result.compute()
        ckd.analyze_parquet(source, tmp_path / "out", reply="reply", scores=True, errors="coerce", keep=["id"])
    assert computed.index.equals(expected.index)
    pd.testing.assert_frame_equal(as_python(computed), as_python(expected))
    assert computed["error"].notna().sum() == 31 and computed["tone_score"].notna().sum() == 600
    written = pd.read_parquet(tmp_path / "out").sort_values("id", ignore_index=True)  # no index: ids carried
    pd.testing.assert_frame_equal(as_python(written), as_python(expected.reset_index(drop=True)), check_dtype=False)


def test_meta_matches_computed_partitions_and_keep_carries_columns():
    pdf = complaints(40)
    ddf = dd.from_pandas(pdf, npartitions=3)
    with dask.config.set(scheduler="synchronous"):
        lazy = ckd.analyze(ddf, errors="coerce", keep=True)
        computed = lazy.compute()
    assert list(lazy.columns) == list(computed.columns)
    assert list(computed.columns[:3]) == ["id", "complaint", "reply"] and "category" in computed.columns
    assert dict(lazy.dtypes) == dict(computed.dtypes)
    pd.testing.assert_frame_equal(as_python(computed.drop(columns=["id", "complaint", "reply"])),
                                  as_python(ck.analyze_frame(pdf, errors="coerce")))


def test_analyze_checks_columns_and_types_before_any_work():
    ddf = dd.from_pandas(complaints(10), npartitions=2)
    with pytest.raises(ck.DataFormatError, match="expected a column 'text'"):
        ckd.analyze(ddf, text="text")
    with pytest.raises(ck.TextTypeError, match=r"for pandas, use complaintkit\.analyze_frame"):
        ckd.analyze(complaints(3))
    with pytest.raises(ck.DataFormatError, match="keep names columns"):
        ckd.analyze(ddf, keep=["nope"])
