"""Reading labelled complaint data from JSONL or CSV, and hashing it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import DataFormatError


@dataclass(frozen=True)
class LabelledData:
    """Texts with multi-label lists and complaint flags, one row each."""

    texts: list[str]
    labels: list[list[str]]
    complaint: list[bool]

    def __len__(self) -> int:
        return len(self.texts)


def read_labelled(path: str | Path, *, text_col: str = "text", labels_col: str = "labels") -> LabelledData:
    """Read one CSV or JSONL file.

    ``labels`` may be a JSON list, or a string with labels separated by ``;``
    or ``|`` (an empty string means no label). ``complaint`` is optional and
    defaults to "has a label".
    """
    source = Path(path)
    frame = _read_frame(source)
    for column in (text_col, labels_col):
        if column not in frame.columns:
            raise DataFormatError(
                f"{source}: expected a column {column!r}; found {list(frame.columns)}"
            )
    texts: list[str] = []
    labels: list[list[str]] = []
    complaint: list[bool] = []
    for position, (text, raw, flag) in enumerate(
        zip(frame[text_col], frame[labels_col], frame.get("complaint", [None] * len(frame)), strict=True)
    ):
        if not isinstance(text, str):
            raise DataFormatError(f"{source}: row {position} has no text (got {text!r})")
        row = _parse_labels(raw, source, position)
        texts.append(text)
        labels.append(row)
        complaint.append(bool(row) if flag is None or flag != flag else _as_bool(flag, source, position))
    return LabelledData(texts, labels, complaint)


def read_many(paths: list[Path]) -> LabelledData:
    """Concatenate several files in the given order."""
    parts = [read_labelled(p) for p in paths]
    return LabelledData(
        texts=[t for p in parts for t in p.texts],
        labels=[label for p in parts for label in p.labels],
        complaint=[c for p in parts for c in p.complaint],
    )


def files_sha256(paths: list[Path]) -> str:
    """One digest over the names and bytes of the files, in sorted order."""
    digest = hashlib.sha256()
    for path in sorted(paths, key=lambda p: p.name):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _read_frame(source: Path) -> pd.DataFrame:
    if not source.is_file():
        raise DataFormatError(f"no data file at {source}")
    suffix = source.suffix.lower()
    try:
        if suffix in (".jsonl", ".ndjson"):
            return pd.read_json(source, lines=True, dtype=False)
        if suffix == ".csv":
            return pd.read_csv(source, dtype=str, keep_default_na=False)
        if suffix == ".parquet":
            return pd.read_parquet(source)
    except ValueError as err:
        raise DataFormatError(f"{source}: could not parse as {suffix[1:]}: {err}") from None
    raise DataFormatError(f"{source}: expected a .jsonl, .csv or .parquet file, got {suffix or 'no suffix'!r}")


def _parse_labels(raw: object, source: Path, position: int) -> list[str]:
    if isinstance(raw, list):
        values = raw
    elif raw is None or (isinstance(raw, float) and raw != raw):
        values = []
    elif isinstance(raw, str):
        stripped = raw.strip()
        if stripped.startswith("["):
            try:
                values = json.loads(stripped)
            except json.JSONDecodeError:
                raise DataFormatError(f"{source}: row {position} labels {raw!r} is not a JSON list") from None
        else:
            values = stripped.replace("|", ";").split(";")
    else:
        raise DataFormatError(f"{source}: row {position} labels must be a list or a string, got {raw!r}")
    return sorted({str(v).strip() for v in values if str(v).strip()})


def _as_bool(flag: object, source: Path, position: int) -> bool:
    if isinstance(flag, bool):
        return flag
    text = str(flag).strip().lower()
    if text in ("1", "true", "yes", "y"):
        return True
    if text in ("0", "false", "no", "n", ""):
        return False
    raise DataFormatError(f"{source}: row {position} complaint must be true/false, got {flag!r}")
