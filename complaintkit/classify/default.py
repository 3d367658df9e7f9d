"""The shipped default model and the module-level ``classify`` functions."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from ..errors import TextValueError, describe
from ..results import Classification
from ..text import ensure_text, ensure_texts
from .estimator import ComplaintClassifier
from .persistence import load_model_file

DEFAULT_MODEL_FILE = "classifier.joblib"
_lock = threading.Lock()
_default: ComplaintClassifier | None = None


def default_model_path() -> Path:
    """Where the shipped default classifier lives inside the installed package."""
    return Path(str(resources.files("complaintkit.models").joinpath(DEFAULT_MODEL_FILE)))


def load_model(path: str | Path | None = None, *, trusted: bool = False) -> ComplaintClassifier:
    """Load a classifier: the shipped default when ``path`` is None.

    The default is verified against its recorded SHA-256, loaded once, and
    shared between threads. A file of your own needs ``trusted=True``.

    Examples
    --------
    >>> model = load_model()
    >>> model.classify_batch(["charged twice for one order"])[0].top
    'billing'
    """
    global _default
    if path is not None:
        return load_model_file(path, trusted=trusted)
    if _default is None:
        with _lock:
            if _default is None:
                _default = load_model_file(default_model_path(), shipped=True)
    return _default


def classify(text: str, *, model: ComplaintClassifier | None = None) -> Classification:
    """Categories, complaint flag and escalation signals of one text.

    Examples
    --------
    >>> import complaintkit as ck
    >>> ck.classify("my parcel still hasn't shown up and nobody answers my emails").labels
    ['responsiveness', 'delivery']
    """
    text = ensure_text(text)
    return (model or load_model()).classify_batch([text])[0]


def classify_many(
    texts: Iterable[str],
    *,
    batch_size: int = 2048,
    n_jobs: int = 1,
    model: ComplaintClassifier | None = None,
) -> list[Classification]:
    """Classify many texts; results come back in input order.

    Texts are vectorised in batches, which is far faster per text than calling
    :func:`classify` in a loop. ``n_jobs`` > 1 spreads batches over processes.
    """
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise TextValueError(f"batch_size must be a positive int, got {describe(batch_size)}")
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or n_jobs == 0:
        raise TextValueError(f"n_jobs must be a non-zero int (-1 = all cores), got {describe(n_jobs)}")
    checked = ensure_texts(texts)
    chunks = [checked[i:i + batch_size] for i in range(0, len(checked), batch_size)]
    if n_jobs == 1 or len(chunks) < 2:
        active = model or load_model()
        return [result for chunk in chunks for result in active.classify_batch(chunk)]
    from joblib import Parallel, delayed

    parts = Parallel(n_jobs=n_jobs)(delayed(_classify_chunk)(chunk, model) for chunk in chunks)
    return [result for part in parts for result in part]


def _classify_chunk(chunk: list[str], model: ComplaintClassifier | None) -> list[Classification]:
    return (model or load_model()).classify_batch(chunk)
