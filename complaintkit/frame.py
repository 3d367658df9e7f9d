"""pandas: classify a column of complaints, and check the tone of replies, as new columns.

:func:`analyze_frame` turns a DataFrame into a new one with the same index and row
order; :func:`tone_spans` gives one row per tone flag, ready for ``groupby``. Both
send texts through the batch APIs (``classify_batch`` and ``ToneChecker.check_many``,
which tokenises with ``nlp.pipe``), classify each distinct text once, and spread
batches over processes with joblib when ``n_jobs`` is not 1. Results do not
depend on ``n_jobs`` or ``batch_size``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from ._progress import ProgressBar, check_progress
from .errors import DataFormatError, TextTypeError, TextValueError, describe
from .text import ensure_text

if TYPE_CHECKING:
    from .classify.estimator import ComplaintClassifier
    from .results import Classification, ToneFlag, ToneReport

#: Accepted values of the ``errors`` argument.
ERRORS = ("raise", "coerce")
DEFAULT_BATCH_SIZE = 2048
#: Tone is slower per text than classification; smaller batches keep the bar moving.
DEFAULT_TONE_BATCH_SIZE = 512
CLASSIFY_COLUMNS = ("category", "categories", "is_complaint", "complaint_score", "escalation")
TONE_COLUMNS = ("tone_score", "tone_ok", "tone_flags", "tone_missing")
SPAN_COLUMNS = ("row", "kind", "rule_id", "start", "end", "text", "severity", "message", "suggestion", "source")
ERROR_COLUMN = "error"
SCORE_PREFIX = "score_"

Errors = Literal["raise", "coerce"]


def analyze_frame(
    df: pd.DataFrame,
    *,
    text: Hashable = "complaint",
    reply: Hashable | None = None,
    scores: bool = False,
    n_jobs: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: bool | None = None,
    errors: Errors = "raise",
    model: ComplaintClassifier | None = None,
) -> pd.DataFrame:
    """Categories, complaint flags, escalation and (for replies) tone as new columns.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per complaint. It is never modified.
    text : column name
        The column holding the complaint texts.
    reply : column name, optional
        A column of agent replies; rows with no reply (missing or blank) get
        ``<NA>`` tone scores and empty lists.
    scores : bool
        Add one ``score_<category>`` column per category.
    n_jobs : int
        Processes to use (-1 for every core). Results are identical to ``n_jobs=1``.
    batch_size : int
        Texts per batch (and per task sent to a worker process).
    progress : bool or None
        Show a tqdm bar. None (the default) shows one for more than 10,000 rows
        when standard error is a terminal or the code runs in a notebook.
    errors : {"raise", "coerce"}
        What to do with a row whose text is missing or not a ``str``: raise an
        error naming its index label, or give it empty results and say why in an
        ``error`` column (added whenever ``errors="coerce"``). No row is ever
        dropped, reordered or shifted.
    model : ComplaintClassifier, optional
        A classifier of your own; the shipped model by default.

    Returns
    -------
    pandas.DataFrame
        Same index and row order as ``df``, with columns ``category`` (the top
        category or None), ``categories`` (list), ``is_complaint``,
        ``complaint_score``, ``escalation`` (list of signal kinds), then
        ``score_<category>`` when ``scores=True``, then ``tone_score`` (Int64),
        ``tone_ok`` (boolean), ``tone_flags`` (list of flag kinds) and
        ``tone_missing`` (list of missing moves) when ``reply`` is given, then
        ``error`` when ``errors="coerce"``.

    Examples
    --------
    >>> import pandas as pd, complaintkit as ck
    >>> df = pd.DataFrame({"complaint": ["you charged me twice for one order", "thanks, all good"]})
    >>> ck.analyze_frame(df)[["category", "is_complaint"]]
      category  is_complaint
    0  billing          True
    1     None         False
    >>> df.join(ck.analyze_frame(df)).groupby("category").size()  # doctest: +SKIP
    """
    _check_frame(df, "analyze_frame")
    check_options(errors=errors, n_jobs=n_jobs, batch_size=batch_size, progress=progress)
    texts = _column(df, text, "complaint texts")
    problems: dict[int, str] = {}
    columns = classify_columns(
        texts, name=text, scores=scores, n_jobs=n_jobs, batch_size=batch_size, progress=progress,
        errors=errors, model=model, problems=problems,
    )
    if reply is not None:
        replies = _column(df, reply, "replies")
        columns.update(tone_columns(
            replies, name=reply, n_jobs=n_jobs, batch_size=min(batch_size, DEFAULT_TONE_BATCH_SIZE),
            progress=progress, errors=errors, problems=problems,
        ))
    if errors == "coerce":
        columns[ERROR_COLUMN] = error_column(len(df), problems)
    return as_frame(columns, df.index)


def tone_spans(
    df: pd.DataFrame | pd.Series,
    reply: Hashable = "reply",
    *,
    n_jobs: int = 1,
    batch_size: int = DEFAULT_TONE_BATCH_SIZE,
    progress: bool | None = None,
    errors: Errors = "raise",
) -> pd.DataFrame:
    """One row per tone flag in a column of replies: a tidy table for ``groupby``.

    Parameters
    ----------
    df : pandas.DataFrame or pandas.Series
        The frame holding the replies, or the column of replies itself.
    reply : column name
        The column of replies (ignored when ``df`` is a Series).
    n_jobs, batch_size, progress, errors
        As for :func:`analyze_frame`. With ``errors="coerce"`` a row whose reply
        is not text has no spans; rows without a reply never have spans.

    Returns
    -------
    pandas.DataFrame
        Columns ``row`` (the index label of the reply's row), ``kind``,
        ``rule_id``, ``start``, ``end`` (character offsets into the reply),
        ``text``, ``severity``, ``message``, ``suggestion`` and ``source``
        (``rule`` or ``model``), in row order, then by position.

    Examples
    --------
    >>> import pandas as pd, complaintkit as ck
    >>> df = pd.DataFrame({"reply": ["Calm down, it's only a few days.", "Sorry for the wait."]})
    >>> ck.tone_spans(df)[["row", "kind", "text"]]
       row        kind                  text
    0    0  dismissive             Calm down
    1    0  dismissive  it's only a few days
    >>> ck.tone_spans(df).groupby("kind").size()  # doctest: +SKIP
    """
    if isinstance(df, pd.Series):
        replies, name = df, (df.name if df.name is not None else "reply")
    else:
        _check_frame(df, "tone_spans")
        replies, name = _column(df, reply, "replies"), reply
    check_options(errors=errors, n_jobs=n_jobs, batch_size=batch_size, progress=progress)
    column = _read_texts(replies, name=name, errors=errors, optional=True)
    flags = _run_distinct(_tone_flag_chunk, column, n_jobs=n_jobs, batch_size=batch_size,
                          progress=progress, desc="replies")
    labels = replies.index
    rows = [
        (labels[position], *_flag_fields(flag))
        for position, code in zip(column.positions.tolist(), column.codes.tolist(), strict=True)
        for flag in flags[code]
    ]
    spans = pd.DataFrame(rows, columns=list(SPAN_COLUMNS)) if rows else _empty_spans(labels)
    return spans.astype({"start": "int64", "end": "int64"})


# -- building blocks (also used by the accessor, the CLI and complaintkit.dask) ----------


def classify_columns(
    texts: pd.Series,
    *,
    name: Hashable,
    scores: bool = False,
    n_jobs: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: bool | None = None,
    errors: Errors = "raise",
    model: ComplaintClassifier | None = None,
    problems: dict[int, str] | None = None,
) -> dict[str, Any]:
    """The classification columns of a Series of texts, as arrays in row order."""
    column = _read_texts(texts, name=name, errors=errors, optional=False, problems=problems)
    names = category_names(model) if scores else None
    parts = _run_distinct(_classify_chunk, column, n_jobs=n_jobs, batch_size=batch_size, progress=progress,
                          desc="complaints", args=(model, names))
    n = len(texts)
    good, codes = column.positions, column.codes
    category = np.full(n, None, dtype=object)
    categories: list[list[str]] = [[] for _ in range(n)]
    escalation: list[list[str]] = [[] for _ in range(n)]
    is_complaint = np.zeros(n, dtype=bool)
    complaint_score = np.zeros(n, dtype=float)
    if len(good):
        top = np.array([row[0] for row in parts], dtype=object)
        category[good] = top[codes]
        is_complaint[good] = np.array([row[2] for row in parts], dtype=bool)[codes]
        complaint_score[good] = np.array([row[3] for row in parts], dtype=float)[codes]
        for position, code in zip(good.tolist(), codes.tolist(), strict=True):
            categories[position] = list(parts[code][1])
            escalation[position] = list(parts[code][4])
    columns: dict[str, Any] = {
        "category": category,
        "categories": categories,
        "is_complaint": is_complaint,
        "complaint_score": complaint_score,
        "escalation": escalation,
    }
    if names is not None:
        matrix = np.zeros((n, len(names)), dtype=float)
        if len(good):
            matrix[good] = np.array([row[5] for row in parts], dtype=float)[codes]
        for j, category_id in enumerate(names):
            columns[SCORE_PREFIX + category_id] = matrix[:, j]
    return columns


def tone_columns(
    replies: pd.Series,
    *,
    name: Hashable,
    n_jobs: int = 1,
    batch_size: int = DEFAULT_TONE_BATCH_SIZE,
    progress: bool | None = None,
    errors: Errors = "raise",
    problems: dict[int, str] | None = None,
) -> dict[str, Any]:
    """The tone columns of a Series of replies, as arrays in row order."""
    column = _read_texts(replies, name=name, errors=errors, optional=True, problems=problems)
    parts = _run_distinct(_tone_chunk, column, n_jobs=n_jobs, batch_size=batch_size, progress=progress,
                          desc="replies")
    n = len(replies)
    good, codes = column.positions, column.codes
    score = np.zeros(n, dtype="int64")
    ok = np.zeros(n, dtype=bool)
    absent = np.ones(n, dtype=bool)
    flags: list[list[str]] = [[] for _ in range(n)]
    missing: list[list[str]] = [[] for _ in range(n)]
    if len(good):
        score[good] = np.array([row[0] for row in parts], dtype="int64")[codes]
        ok[good] = np.array([row[1] for row in parts], dtype=bool)[codes]
        absent[good] = False
        for position, code in zip(good.tolist(), codes.tolist(), strict=True):
            flags[position] = list(parts[code][2])
            missing[position] = list(parts[code][3])
    return {
        "tone_score": pd.arrays.IntegerArray(score, absent),
        "tone_ok": pd.arrays.BooleanArray(ok, absent),
        "tone_flags": flags,
        "tone_missing": missing,
    }


def category_names(model: ComplaintClassifier | None = None) -> list[str]:
    """Category ids in ``score_<id>`` column order: the taxonomy's, or a custom model's classes."""
    if model is None:
        from .classify.taxonomy import CATEGORY_IDS

        return list(CATEGORY_IDS)
    return [str(c) for c in model.classes_]


def with_inputs(df: pd.DataFrame, result: pd.DataFrame, keep: bool | Sequence[Hashable] = True) -> pd.DataFrame:
    """``df``'s columns (all, or those named in ``keep``) followed by ``result``'s.

    Input columns named like a result column are replaced by the result, so
    analysing an analysed file again gives the same columns, not duplicates.
    """
    if keep is False:
        return result
    wanted = list(df.columns) if keep is True else [keep] if isinstance(keep, str) else list(keep)
    unknown = [c for c in wanted if c not in df.columns]
    if unknown:
        raise DataFormatError(f"keep names columns {unknown} that are not in the frame; it has {list(df.columns)}")
    kept = df[[c for c in wanted if c not in result.columns]]
    joined = pd.concat([kept.reset_index(drop=True), result.reset_index(drop=True)], axis=1)
    return joined.set_axis(df.index, axis=0)


# -- files: CSV, JSONL and Parquet, chosen by extension --------------------------------

#: File extensions read and written by :func:`read_table` and :func:`write_table`.
TABLE_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".parquet")


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a CSV (every column as text), JSONL or Parquet file, by extension.

    Examples
    --------
    >>> from complaintkit.frame import read_table
    >>> read_table("examples/complaints.csv").columns.tolist()  # doctest: +SKIP
    ['id', 'date', 'channel', 'complaint', 'reply']
    """
    from .classify.dataset import _read_frame  # the one reader of data files; see its suffix rules

    source = Path(path)
    _check_suffix(source, "read")
    try:
        return _read_frame(source)
    except ImportError as err:
        raise DataFormatError(f"{source}: reading Parquet needs pyarrow: pip install pyarrow ({err})") from None


def write_table(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` to CSV, JSONL or Parquet by extension, atomically (temp file, then rename).

    CSV has no lists, so list columns are written as ``a;b`` (the form the
    readers of labelled data accept); JSONL and Parquet keep lists as lists.

    Examples
    --------
    >>> from complaintkit.frame import write_table
    >>> write_table(ck.analyze_frame(df), "analysed.parquet")  # doctest: +SKIP
    """
    from ._io import atomic_path

    target = Path(path)
    suffix = _check_suffix(target, "write")
    with atomic_path(target) as temp:
        if suffix == ".csv":
            _csv_ready(frame).to_csv(temp, index=False)
        elif suffix in (".jsonl", ".ndjson"):
            frame.to_json(temp, orient="records", lines=True, force_ascii=False, date_format="iso")
        else:
            try:
                frame.to_parquet(temp, index=False)
            except ImportError as err:
                raise DataFormatError(f"writing Parquet needs pyarrow: pip install pyarrow ({err})") from None
            except (TypeError, ValueError) as err:  # pyarrow's ArrowTypeError / ArrowInvalid
                raise DataFormatError(
                    f"{target}: cannot write as Parquet ({err}); a column probably mixes types, "
                    "e.g. numbers and text: convert it with .astype(str), or write .jsonl"
                ) from None
    return target


def _check_suffix(path: Path, verb: str) -> str:
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise DataFormatError(
            f"{path}: cannot {verb} {suffix or 'a file without an extension'!r}; "
            f"expected one of {', '.join(TABLE_SUFFIXES)}"
        )
    return suffix


def _csv_ready(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if column.dtype == object and column.map(lambda v: isinstance(v, (list, tuple, np.ndarray))).any():
            out[name] = column.map(lambda v: ";".join(map(str, v)) if isinstance(v, (list, tuple, np.ndarray))
                                   else v)
    return out


# -- reading and checking a column -------------------------------------------------------


@dataclass(frozen=True)
class _Texts:
    """The usable texts of a column, each distinct text once.

    ``uniques[codes[i]]`` is the text at row position ``positions[i]``.
    """

    uniques: list[str]
    codes: np.ndarray
    positions: np.ndarray
    weights: np.ndarray  # rows per distinct text, for the progress bar


def _read_texts(
    series: pd.Series,
    *,
    name: Hashable,
    errors: str,
    optional: bool,
    problems: dict[int, str] | None = None,
) -> _Texts:
    """Check every value; collect usable ones, and the reasons for unusable ones.

    ``optional`` columns (replies) treat missing and blank values as "no reply".
    """
    positions: list[int] = []
    texts: list[str] = []
    for position, value in enumerate(series.to_numpy(dtype=object)):
        missing = _is_missing(value)
        if optional and (missing or (isinstance(value, str) and not value.strip())):
            continue  # no reply
        try:
            if missing:
                raise TextTypeError(f"{name} is missing (None or NaN); expected a str")
            texts.append(ensure_text(value, name=str(name)))
            positions.append(position)
        except (TextTypeError, TextValueError) as err:
            if errors == "raise":
                label = series.index[position]
                raise type(err)(
                    f"{err} (column {name!r}, index label {label!r}, row {position}). Pass errors='coerce' "
                    "to give such rows empty results and an 'error' column instead."
                ) from None
            if problems is not None:
                problems[position] = f"{problems[position]}; {err}" if position in problems else str(err)
    if texts:
        codes, uniques = pd.factorize(np.array(texts, dtype=object))
        weights = np.bincount(codes, minlength=len(uniques))
        return _Texts(list(uniques), codes.astype(np.intp), np.array(positions, dtype=np.intp), weights)
    empty = np.zeros(0, dtype=np.intp)
    return _Texts([], empty, empty, empty)


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and value != value


def _run_distinct(
    work: Callable[..., list[Any]],
    column: _Texts,
    *,
    n_jobs: int,
    batch_size: int,
    progress: bool | None,
    desc: str,
    args: tuple[Any, ...] = (),
) -> list[Any]:
    """``work`` over the distinct texts in batches; one result per distinct text, in order."""
    starts = range(0, len(column.uniques), batch_size)
    chunks = [column.uniques[s:s + batch_size] for s in starts]
    rows = [int(column.weights[s:s + batch_size].sum()) for s in starts]
    out: list[Any] = []
    with ProgressBar(int(column.weights.sum()), enabled=progress, desc=desc) as bar:
        if n_jobs == 1 or len(chunks) < 2:
            for chunk, covered in zip(chunks, rows, strict=True):
                out.extend(work(chunk, *args))
                bar.update(covered)
            return out
        from joblib import Parallel, delayed

        results = Parallel(n_jobs=n_jobs, return_as="generator")(delayed(work)(chunk, *args) for chunk in chunks)
        for part, covered in zip(results, rows, strict=True):
            out.extend(part)
            bar.update(covered)
    return out


# -- work done in worker processes: plain tuples travel back cheaply ------------------


def _classify_chunk(
    texts: list[str], model: ComplaintClassifier | None, names: list[str] | None
) -> list[tuple[Any, ...]]:
    from .classify.default import load_model

    results: list[Classification] = (model or load_model()).classify_batch(texts)
    return [
        (r.top, r.labels, r.is_complaint, r.complaint_score, r.escalation_kinds,
         [r.scores[c] for c in names] if names is not None else None)
        for r in results
    ]


def _tone_chunk(texts: list[str]) -> list[tuple[Any, ...]]:
    reports = _tone_reports(texts)
    return [(r.score, r.ok, r.flag_kinds, r.missing) for r in reports]


def _tone_flag_chunk(texts: list[str]) -> list[list[ToneFlag]]:
    return [report.flags for report in _tone_reports(texts)]


def _tone_reports(texts: list[str]) -> list[ToneReport]:
    from .tone.api import default_checker

    return default_checker().check_many(texts)


# -- small helpers -------------------------------------------------------------------


def _check_frame(df: object, caller: str) -> None:
    if isinstance(df, pd.DataFrame):
        return
    if isinstance(df, pd.Series):
        raise TextTypeError(
            f"{caller} expects a pandas DataFrame, got a Series ({len(df)} rows, name {df.name!r}); "
            "for one column, use series.complaints.classify() or series.to_frame()"
        )
    raise TextTypeError(f"{caller} expects a pandas DataFrame, got {describe(df)}")


def check_options(*, errors: object, n_jobs: object, batch_size: object, progress: object) -> None:
    if errors not in ERRORS:
        raise TextValueError(f"errors must be 'raise' or 'coerce', got {describe(errors)}")
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or n_jobs == 0:
        raise TextValueError(f"n_jobs must be a non-zero int (-1 = all cores), got {describe(n_jobs)}")
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise TextValueError(f"batch_size must be a positive int, got {describe(batch_size)}")
    check_progress(progress)


def _column(df: pd.DataFrame, name: Hashable, what: str) -> pd.Series:
    if name not in df.columns:
        raise DataFormatError(
            f"expected a column {name!r} with the {what}; the frame has columns {list(df.columns)}"
        )
    column = df[name]
    if isinstance(column, pd.DataFrame):
        raise DataFormatError(f"the frame has {column.shape[1]} columns named {name!r}; expected one")
    return column


def error_column(n: int, problems: dict[int, str]) -> np.ndarray:
    column = np.full(n, None, dtype=object)
    for position, message in problems.items():
        column[position] = message
    return column


def as_frame(columns: dict[str, Any], index: pd.Index) -> pd.DataFrame:
    series = {}
    for name, values in columns.items():
        if isinstance(values, list) or (isinstance(values, np.ndarray) and values.dtype == object):
            series[name] = pd.Series(values, dtype=object)
        else:
            series[name] = pd.Series(values)
    return pd.DataFrame(series).set_axis(index, axis=0)


def _flag_fields(flag: ToneFlag) -> tuple[Any, ...]:
    return (flag.kind, flag.rule_id, flag.start, flag.end, flag.text, flag.severity, flag.message,
            flag.suggestion, flag.source)


def _empty_spans(labels: pd.Index) -> pd.DataFrame:
    frame = pd.DataFrame({name: pd.Series([], dtype=object) for name in SPAN_COLUMNS})
    return frame.astype({"row": labels.dtype})
