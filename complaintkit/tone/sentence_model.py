"""The tone sentence model: catches paraphrases of flagged phrasing that rules miss.

A :class:`~complaintkit.ComplaintClassifier` trained single-label on reply
sentences (one of the flag kinds, or ``none``), with a per-kind probability
threshold chosen on out-of-fold predictions for high precision: a model flag
should be as trustworthy as a rule flag.
"""

from __future__ import annotations

import io
import re
import threading
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from ..classify.estimator import ComplaintClassifier

NONE_LABEL = "none"
MODEL_FILE = "tone_sentences.joblib"

KIND_MESSAGES = {
    "blame_customer": "This sentence reads as blaming the customer; own the problem instead.",
    "blame_third_party": "This sentence pushes the fault onto someone else; the customer dealt with you, so own it.",
    "defensive": "This sentence defends the company instead of helping the customer.",
    "argumentative": "This sentence contradicts the customer; acknowledge their view before correcting facts.",
    "dismissive": "This sentence plays down a problem the customer cares about.",
    "non_apology": "This apology is conditional or shifts the problem onto the customer's feelings.",
    "scapegoating": "This sentence focuses on punishing someone rather than fixing the customer's problem.",
    "overpromise": "This sentence promises more than anyone can guarantee; say what you will do and when.",
}

#: Good moves that, recognised by a rule in the same sentence, outweigh a model flag of a kind. A fix or an
#: admission ("that's on us, I've refunded it") outweighs a guess of blame or defensiveness; nothing
#: outweighs a promise no one can keep or a hunt for a culprit. Rule flags say the same in their rule files.
OUTWEIGHED_BY: dict[str, frozenset[str]] = {
    "blame_customer": frozenset({"own", "act"}),
    "blame_third_party": frozenset({"own", "act"}),
    "defensive": frozenset({"own", "act"}),
    "argumentative": frozenset({"own", "act"}),
    "dismissive": frozenset({"own", "act"}),
    "non_apology": frozenset({"own", "act", "apologize", "empathize"}),  # unless UNDERCUT: see below
    "scapegoating": frozenset(),
    "overpromise": frozenset(),
}

#: Words that undercut an apology ("sorry if you feel", "apologies, but", "sorry you were upset"). A sentence
#: holding one is not cleared of a model's non-apology by a recognised apology or expression of sympathy.
UNDERCUT = re.compile(
    r"\b(?:if|but|however|though|although|feel|feels|felt|perceived?|may|might"
    r"|you\s+(?:chose|think|thought|found|see\s+it|misunderstood|didn't|did\s+not)"
    r"|you(?:\s+were|\s+are|'re)\s+(?:so\s+|very\s+)?(?:upset|unhappy|disappointed|dissatisfied|annoyed|offended"
    r"|confused|frustrated|not\s+happy))\b",
    re.IGNORECASE,
)
UNDERCUT_CLEARS = frozenset({"apologize", "empathize"})


def outweighed(kind: str, good_kinds: set[str], sentence: str) -> bool:
    """Whether good moves recognised in a sentence outweigh the model's flag of ``kind`` there."""
    clearing = OUTWEIGHED_BY.get(kind, frozenset()) & good_kinds
    if kind == "non_apology" and clearing and clearing <= UNDERCUT_CLEARS:
        return UNDERCUT.search(sentence.replace("\u2019", "'")) is None
    return bool(clearing)


@dataclass
class SentenceModel:
    """A fitted sentence classifier plus per-kind decision thresholds."""

    classifier: ComplaintClassifier
    thresholds: dict[str, float]
    metadata: dict[str, object] = field(default_factory=dict)

    def predict(self, sentences: Sequence[str]) -> list[tuple[str | None, float]]:
        """For each sentence, the flag kind over its threshold (or None) and its probability."""
        if not sentences:
            return []
        proba = self.classifier.predict_proba(list(sentences))
        classes = [str(c) for c in self.classifier.classes_]
        out: list[tuple[str | None, float]] = []
        for row in proba:
            best = int(np.argmax(row))
            kind = classes[best]
            if kind != NONE_LABEL and row[best] >= self.thresholds.get(kind, 1.01):
                out.append((kind, float(row[best])))
            else:
                out.append((None, float(row[best])))
        return out

    def message(self, kind: str, probability: float) -> str:
        return f"{KIND_MESSAGES.get(kind, 'This sentence may make things worse.')} (model, p={probability:.2f})"


_lock = threading.Lock()
_cache: dict[str, SentenceModel | None] = {}


def default_sentence_model_path() -> Path:
    return Path(str(resources.files("complaintkit.models").joinpath(MODEL_FILE)))


def load_sentence_model() -> SentenceModel | None:
    """The shipped sentence model, verified and loaded once; None if none is shipped."""
    if "default" not in _cache:
        with _lock:
            if "default" not in _cache:
                _cache["default"] = _load_default()
    return _cache["default"]


def _load_default() -> SentenceModel | None:
    import joblib

    from ..classify.persistence import shipped_digests, verify_shipped

    path = default_sentence_model_path()
    if MODEL_FILE not in shipped_digests():
        if path.is_file():  # a model file without its digest means a broken rebuild, not "rules only"
            warnings.warn(f"{path} has no recorded digest, so it is not loaded: the tone checker runs on "
                          "rules only. Rebuild it with `complaintkit train-tone`.", stacklevel=3)
        return None
    data = path.read_bytes()
    verify_shipped(path, data)  # hash and load the same bytes, so the file cannot change in between
    payload = joblib.load(io.BytesIO(data))
    return SentenceModel(payload["classifier"], payload["thresholds"], payload.get("metadata", {}))
