"""Dask: the same analysis as :func:`complaintkit.analyze_frame`, partition by partition.

Needs the optional extra: ``pip install 'complaintkit[dask]'`` (``dask[distributed]``
and ``pyarrow``). Each partition is analysed with ``analyze_frame`` in the worker
that holds it, so results equal the pandas ones row for row; every worker loads
the shipped model once and keeps it.

Examples
--------
>>> import dask.dataframe as dd
>>> from dask.distributed import Client
>>> import complaintkit.dask as ckd
>>> client = Client("tcp://scheduler.example.com:8786")        # doctest: +SKIP
>>> ddf = dd.read_parquet("s3://bucket/complaints/")            # doctest: +SKIP
>>> result = ckd.analyze(ddf, text="complaint", keep=["id"])     # doctest: +SKIP
>>> ckd.to_parquet(result, "s3://bucket/analysed/")                # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .errors import DataFormatError, TextTypeError, describe
from .frame import DEFAULT_BATCH_SIZE, Errors, analyze_frame, check_options, with_inputs

try:
    import dask.dataframe as dd
except ImportError as err:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "complaintkit.dask needs dask: pip install 'complaintkit[dask]' (dask[distributed] and pyarrow)"
    ) from err

if TYPE_CHECKING:
    from .classify.estimator import ComplaintClassifier


def analyze(
    ddf: dd.DataFrame,
    *,
    text: Hashable = "complaint",
    reply: Hashable | None = None,
    scores: bool = False,
    errors: Errors = "raise",
    batch_size: int = DEFAULT_BATCH_SIZE,
    keep: bool | Sequence[Hashable] = False,
    model: ComplaintClassifier | None = None,
) -> dd.DataFrame:
    """Analyse a dask DataFrame lazily; columns and dtypes as :func:`complaintkit.analyze_frame`.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        One row per complaint, in any number of partitions.
    text, reply, scores, errors, batch_size, model
        As for :func:`complaintkit.analyze_frame`. Parallelism comes from dask,
        so each partition runs in one process with no progress bar (use the
        dask dashboard, or ``dask.diagnostics.ProgressBar`` without a cluster).
    keep : bool or list of column names
        Input columns to carry into the result before the result columns
        (``True`` for all of them), e.g. an id to join on later. Input columns
        named like a result column are replaced.

    Returns
    -------
    dask.dataframe.DataFrame
        Lazy; same partitions, divisions and index as ``ddf``.

    Examples
    --------
    >>> import pandas as pd, dask.dataframe as dd, complaintkit.dask as ckd
    >>> ddf = dd.from_pandas(pd.DataFrame({"complaint": ["you charged me twice"] * 4}), npartitions=2)
    >>> ckd.analyze(ddf)["category"].compute().tolist()  # doctest: +SKIP
    ['billing', 'billing', 'billing', 'billing']
    """
    if not isinstance(ddf, dd.DataFrame):
        hint = " (for pandas, use complaintkit.analyze_frame)" if isinstance(ddf, pd.DataFrame) else ""
        raise TextTypeError(f"analyze expects a dask DataFrame, got {describe(ddf)}{hint}")
    check_options(errors=errors, n_jobs=1, batch_size=batch_size, progress=False)
    options: dict[str, Any] = {"text": text, "reply": reply, "scores": scores, "errors": errors,
                               "batch_size": batch_size, "keep": keep, "model": model}
    meta = _analyze_partition(ddf._meta, **options)  # checks the columns now, not on a worker later
    return ddf.map_partitions(_analyze_partition, **options, meta=meta)


def analyze_parquet(
    source: str | Path,
    target: str | Path,
    *,
    text: Hashable = "complaint",
    reply: Hashable | None = None,
    scores: bool = False,
    errors: Errors = "raise",
    batch_size: int = DEFAULT_BATCH_SIZE,
    keep: bool | Sequence[Hashable] = True,
    model: ComplaintClassifier | None = None,
    **read_options: Any,
) -> str:
    """Parquet in, Parquet out: read ``source``, analyse, write a Parquet dataset to ``target``.

    Runs on the current dask scheduler (a ``distributed.Client`` if one is
    active). ``read_options`` go to ``dask.dataframe.read_parquet``.

    Examples
    --------
    >>> import complaintkit.dask as ckd
    >>> ckd.analyze_parquet("complaints/", "analysed/", text="complaint", reply="reply")  # doctest: +SKIP
    'analysed/'
    """
    ddf = dd.read_parquet(str(source), **read_options)
    result = analyze(ddf, text=text, reply=reply, scores=scores, errors=errors, batch_size=batch_size,
                     keep=keep, model=model)
    return to_parquet(result, target)


def to_parquet(result: dd.DataFrame, target: str | Path, **options: Any) -> str:
    """Write an analysed dask DataFrame as a Parquet dataset, with the list columns typed.

    Dask infers a Parquet schema from ``meta``, which under pandas 3 cannot
    tell a column of lists from a column of strings; this passes the full
    schema instead. A named index is written as a column of that name; an
    unnamed (positional) one is dropped. ``options`` go to ``to_parquet``.

    Examples
    --------
    >>> result = ckd.analyze(dd.read_parquet("complaints/"), keep=["id"])  # doctest: +SKIP
    >>> ckd.to_parquet(result, "analysed/")                                # doctest: +SKIP
    'analysed/'
    """
    if any(name is not None for name in result._meta.index.names):
        result = result.reset_index()
    result.to_parquet(str(target), write_index=False, schema=_parquet_schema(result), **options)
    return str(target)


#: Result columns holding lists of strings, whose Parquet type dask cannot infer from ``meta``.
_LIST_COLUMNS = frozenset(("categories", "escalation", "tone_flags", "tone_missing"))


def _parquet_schema(result: dd.DataFrame) -> Any:
    """The pyarrow schema of ``result``'s columns: lists of strings, other object columns as strings."""
    import pyarrow as pa

    sample = result._meta_nonempty.reset_index(drop=True)
    for name in sample.columns:
        if sample[name].dtype == object:
            sample[name] = pd.Series([["x"]] * len(sample) if name in _LIST_COLUMNS else ["x"] * len(sample),
                                     dtype=object)
    return pa.Schema.from_pandas(sample, preserve_index=False)


def _analyze_partition(part: pd.DataFrame, *, keep: bool | Sequence[Hashable], **options: Any) -> pd.DataFrame:
    if not isinstance(part, pd.DataFrame):
        raise DataFormatError(f"a dask partition should be a pandas DataFrame, got {describe(part)}")
    result = analyze_frame(part, n_jobs=1, progress=False, **options)
    return with_inputs(part, result, keep) if keep is not False else result
