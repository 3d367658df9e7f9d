"""Saving and loading classifier files, with metadata and trust checks.

joblib (pickle) files run code when loaded. We therefore load only files whose
SHA-256 matches a digest recorded inside the package (the shipped models), or
files the caller explicitly marks ``trusted=True``.
"""

from __future__ import annotations

import hashlib
import json
import platform
import warnings
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import joblib
from sklearn.utils.validation import check_is_fitted

from .._io import atomic_path
from ..errors import ModelError, ModelIntegrityError, ModelVersionWarning, UntrustedModelError

if TYPE_CHECKING:
    from .estimator import ComplaintClassifier

FILE_FORMAT = "complaintkit.classifier"
FORMAT_VERSION = 1
DIGESTS_FILE = "shipped_digests.json"


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
    """Write ``model`` with its metadata; the file appears only when complete."""
    check_is_fitted(model, "model_")
    metadata = {
        "versions": library_versions(),
        "labels": [str(c) for c in model.classes_],
        "multilabel": bool(model.multilabel_),
        "training_data_sha256": getattr(model, "training_hash_", None),
        "saved_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
    }
    payload = {"format": FILE_FORMAT, "format_version": FORMAT_VERSION, "metadata": metadata, "estimator": model}
    target = Path(path)
    with atomic_path(target) as temp:
        joblib.dump(payload, temp, compress=3)
    return target


def shipped_digests() -> dict[str, str]:
    """File name -> SHA-256 of each model shipped with the package."""
    text = resources.files(__package__).joinpath(DIGESTS_FILE).read_text(encoding="utf-8")
    return dict(json.loads(text))


def verify_shipped(path: Path) -> None:
    """Raise :class:`ModelIntegrityError` unless ``path`` matches its recorded digest."""
    expected = shipped_digests().get(path.name)
    if expected is None:
        raise ModelIntegrityError(f"no digest is recorded for shipped model {path.name!r}")
    actual = file_sha256(path)
    if actual != expected:
        raise ModelIntegrityError(
            f"shipped model {path} has SHA-256 {actual[:16]}..., expected {expected[:16]}...; "
            "the file was changed after release. Reinstall complaintkit."
        )


def load_model_file(path: str | Path, *, trusted: bool = False, shipped: bool = False) -> ComplaintClassifier:
    """Load a model saved by :func:`save_model`.

    ``shipped=True`` checks the file against the package's digests first;
    otherwise the caller must pass ``trusted=True``.
    """
    from .estimator import ComplaintClassifier

    source = Path(path)
    if not source.is_file():
        raise ModelError(f"no model file at {source}")
    if shipped:
        verify_shipped(source)
    elif not trusted:
        raise UntrustedModelError(
            f"refusing to load {source}: joblib model files can run code when loaded. "
            "Pass trusted=True if you made this file or trust where it came from."
        )
    try:
        payload = joblib.load(source)
    except Exception as err:
        raise ModelError(f"could not read {source} as a complaintkit model: {type(err).__name__}: {err}") from None
    if not isinstance(payload, dict) or payload.get("format") != FILE_FORMAT:
        raise ModelError(f"{source} is not a complaintkit classifier file (expected format {FILE_FORMAT!r})")
    model = payload.get("estimator")
    if not isinstance(model, ComplaintClassifier):
        raise ModelError(f"{source} holds a {type(model).__name__}, expected a ComplaintClassifier")
    _warn_on_version_change(source, payload.get("metadata", {}))
    model.metadata_ = payload.get("metadata", {})
    return model


def _warn_on_version_change(source: Path, metadata: dict[str, Any]) -> None:
    saved = metadata.get("versions", {})
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
