"""Frozen result types. Offsets are character positions into the original text."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any


def _plain(value: Any) -> Any:
    """Turn numpy scalars and nested containers into JSON-safe Python values."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float) or hasattr(value, "item"):
        number = float(value)
        return number if math.isfinite(number) else None
    return value


@dataclass(frozen=True)
class Signal:
    """An escalation signal: a phrase that raises the stakes of a complaint.

    ``kind`` is one of ``churn_threat``, ``public_threat``, ``legal_threat`` or
    ``repeat_contact``; ``text == original[start:end]``.
    """

    kind: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Classification:
    """What :func:`complaintkit.classify` found in one text.

    ``scores`` maps every category id to a probability; ``labels`` are the ids
    whose score passed that label's tuned threshold, best first.
    """

    labels: list[str]
    top: str | None
    scores: dict[str, float]
    is_complaint: bool
    complaint_score: float
    escalation: list[Signal] = field(default_factory=list)

    @property
    def escalation_kinds(self) -> list[str]:
        """Distinct escalation kinds, in order of first appearance."""
        return list(dict.fromkeys(s.kind for s in self.escalation))

    def to_dict(self) -> dict[str, Any]:
        return {
            "labels": list(self.labels),
            "top": self.top,
            "scores": _plain(self.scores),
            "is_complaint": bool(self.is_complaint),
            "complaint_score": _plain(self.complaint_score),
            "escalation": [s.to_dict() for s in self.escalation],
        }
