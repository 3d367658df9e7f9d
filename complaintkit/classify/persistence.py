"""Saving and loading classifier files, with metadata and trust checks.

Two file formats:

* joblib (pickle), the default. Loading a pickle runs code chosen by whoever
  wrote the file, so we load only files whose SHA-256 matches a digest
  recorded inside the package (the shipped models), or files the caller
  explicitly marks ``trusted=True``.
* skops, chosen by a ``.skops`` file name (needs ``pip install complaintkit[skops]``).
  skops stores the object tree as data and rebuilds only types on an allow
  list: scikit-learn, numpy and scipy types skops vouches for, plus our own
  ``ComplaintClassifier`` and ``TextFeatures``. Loading one runs no code from
  the file, so it needs no ``trusted=True``. It does not make a hostile model
  sane: its weights can still be wrong, so trust its predictions no more than
  you trust its source.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import platform
import warnings
import zipfile
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import joblib
from sklearn.utils.validation import check_is_fitted

from .._io import atomic_path
from ..errors import ModelError, ModelIntegrityError, ModelVersionWarning, UntrustedModelError, describe

if TYPE_CHECKING:
    from .estimator import ComplaintClassifier

FILE_FORMAT = "complaintkit.classifier"
FORMAT_VERSION = 1
DIGESTS_FILE = "shipped_digests.json"
#: A model file with this suffix is written in the safe skops format.
SAFE_SUFFIX = ".skops"
#: Types outside skops' own allow list that a complaintkit skops file may hold.
SKOPS_TYPES = frozenset({
    "complaintkit.classify.estimator.ComplaintClassifier",
    "complaintkit.classify.features.TextFeatures",
})
#: Refuse skops files that would unpack to more than this (a zip bomb).
SKOPS_MAX_BYTES = 2 * 1024**3


def library_versions() -> dict[str, str]:
    """Versions that decide whether a saved model loads and predicts the same."""
    import numpy
    import scipy
    import sklearn

    from .. import __version__

    return {
        "complaintkit": __version__,
        "scikit-learn": sklearn.__version__,
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "joblib": joblib.__version__,
        "python": platform.python_version(),
    }


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_model(model: ComplaintClassifier, path: str | Path) -> Path:
    """Write ``model`` with its metadata; the file appears only when complete.

    A path ending in ``.skops`` is written in the safe skops format, any other
    path as a joblib (pickle) file.
    """
    check_is_fitted(model, "model_")
    metadata = {
        "versions": library_versions(),
        "labels": [str(c) for c in model.classes_],
        "multilabel": bool(model.multilabel_),
        "training_data_sha256": getattr(model, "training_hash_", None),
        "saved_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
    }
    payload = {"format": FILE_FORMAT, "format_version": FORMAT_VERSION, "metadata": metadata, "estimator": model}
    target = _model_path(path)
    if target.suffix.lower() == SAFE_SUFFIX:
        skops_io = _skops(f"save {target} in the skops format")
        with atomic_path(target) as temp:
            skops_io.dump(payload, temp, compression=zipfile.ZIP_DEFLATED, compresslevel=6)
    else:
        with atomic_path(target) as temp:
            joblib.dump(payload, temp, compress=3)
    return target


def _model_path(path: object) -> Path:
    if not isinstance(path, (str, os.PathLike)):
        raise ModelError(f"a model path must be a str or os.PathLike, got {describe(path)}")
    return Path(path)


def _skops(purpose: str) -> Any:
    try:
        import skops.io
    except ImportError:
        raise ModelError(
            f"to {purpose} complaintkit needs the package skops: pip install 'complaintkit[skops]'"
        ) from None
    return skops.io


def shipped_digests() -> dict[str, str]:
    """File name -> SHA-256 of each model shipped with the package."""
    text = resources.files(__package__).joinpath(DIGESTS_FILE).read_text(encoding="utf-8")
    return dict(json.loads(text))


def verify_shipped(path: Path, data: bytes | None = None) -> None:
    """Raise :class:`ModelIntegrityError` unless ``path`` (or its bytes ``data``) matches its recorded digest."""
    expected = shipped_digests().get(path.name)
    if expected is None:
        raise ModelIntegrityError(f"no digest is recorded for shipped model {path.name!r}")
    actual = file_sha256(path) if data is None else hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise ModelIntegrityError(
            f"shipped model {path} has SHA-256 {actual[:16]}..., expected {expected[:16]}...; "
            "the file was changed after release. Reinstall complaintkit."
        )


def load_model_file(path: str | Path, *, trusted: bool = False, shipped: bool = False) -> ComplaintClassifier:
    """Load a model saved by :func:`save_model`.

    ``shipped=True`` checks the file against the package's digests first. A
    skops file loads without running code, so it needs no trust; a joblib
    (pickle) file needs ``shipped=True`` or ``trusted=True``.
    """
    from .estimator import ComplaintClassifier

    source = _model_path(path)
    if not source.is_file():
        raise ModelError(f"no model file at {source}")
    if shipped:
        data = source.read_bytes()
        verify_shipped(source, data)  # hash and load the same bytes, so the file cannot change in between
        payload = _load_joblib(io.BytesIO(data), source)
    elif zipfile.is_zipfile(source):  # skops files are zip archives; they never reach joblib
        payload = _load_skops(source, trusted=trusted)
    elif not trusted:
        raise UntrustedModelError(
            f"refusing to load {source}: joblib model files can run code when loaded. "
            "Pass trusted=True if you made this file or trust where it came from, "
            f"or save models in the safe skops format (a file name ending in {SAFE_SUFFIX!r})."
        )
    else:
        payload = _load_joblib(source, source)
    if not isinstance(payload, dict) or payload.get("format") != FILE_FORMAT:
        raise ModelError(f"{source} is not a complaintkit classifier file (expected format {FILE_FORMAT!r})")
    model = payload.get("estimator")
    if not isinstance(model, ComplaintClassifier):
        raise ModelError(f"{source} holds a {type(model).__name__}, expected a ComplaintClassifier")
    metadata = payload.get("metadata")
    metadata = metadata if isinstance(metadata, dict) else {}
    _warn_on_version_change(source, metadata)
    model.metadata_ = metadata
    return model


def _load_joblib(handle: Any, source: Path) -> Any:
    try:
        return joblib.load(handle)
    except Exception as err:
        raise ModelError(f"could not read {source} as a complaintkit model: {type(err).__name__}: {err}") from None


def _load_skops(source: Path, *, trusted: bool) -> Any:
    """Load a skops file, rebuilding only allow-listed types (any type when ``trusted``)."""
    skops_io = _skops(f"load {source}, a skops file,")
    size = source.stat().st_size
    if size > SKOPS_MAX_BYTES:
        raise ModelError(f"refusing to load {source}: {size:,} bytes is more than a complaintkit model needs")
    data = source.read_bytes()  # inspect and load the same bytes, so the file cannot change in between
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        types = skops_io.get_untrusted_types(data=data) if unpacked <= SKOPS_MAX_BYTES else []
    except Exception as err:
        raise ModelError(f"could not read {source} as a skops model file: {type(err).__name__}: {err}") from None
    if unpacked > SKOPS_MAX_BYTES:
        raise ModelError(
            f"refusing to load {source}: it would unpack to {unpacked:,} bytes, "
            f"more than the {SKOPS_MAX_BYTES:,} a complaintkit model needs"
        )
    foreign = sorted(set(types) - SKOPS_TYPES)
    if foreign and not trusted:
        raise UntrustedModelError(
            f"refusing to load {source}: it holds types complaintkit does not vouch for ({', '.join(foreign)}). "
            "Pass trusted=True only if you trust where the file came from."
        )
    try:
        return skops_io.load(io.BytesIO(data), trusted=list(types))
    except Exception as err:
        raise ModelError(f"could not read {source} as a complaintkit model: {type(err).__name__}: {err}") from None


def _warn_on_version_change(source: Path, metadata: dict[str, Any]) -> None:
    saved = metadata.get("versions")
    if not isinstance(saved, dict):
        return
    now = library_versions()
    changed = [f"{name} {saved[name]} -> {now[name]}" for name in ("scikit-learn", "numpy", "scipy")
               if name in saved and saved[name] != now[name]]
    if changed:
        warnings.warn(
            f"{source.name} was saved under other library versions ({', '.join(changed)}); "
            "predictions may differ. Retrain with `complaintkit train` to silence this.",
            ModelVersionWarning,
            stacklevel=3,
        )
