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


#: Version of the JSON produced by ``ToneReport.to_dict`` / ``to_json``.
TONE_SCHEMA_VERSION = 1


@dataclass(frozen=True)
class ToneFlag:
    """A phrase in a reply that is likely to make an upset customer angrier."""

    kind: str
    rule_id: str
    start: int
    end: int
    text: str
    sentence: int
    severity: str
    message: str
    suggestion: str | None
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "rule_id": self.rule_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "sentence": self.sentence,
            "severity": self.severity,
            "message": self.message,
            "suggestion": self.suggestion,
            "source": self.source,
        }


@dataclass(frozen=True)
class GoodSpan:
    """Something a good reply does (acknowledge, apologize, own, ...), with where it does it."""

    kind: str
    rule_id: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "rule_id": self.rule_id, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class ToneReport:
    """What :func:`complaintkit.check_tone` found in a reply draft."""

    text: str
    flags: list[ToneFlag]
    good: list[GoodSpan]
    missing: list[str]
    score: int
    #: polite markers minus impolite ones, clamped to -3..3 (part of ``score``)
    courtesy: int = 0

    @property
    def ok(self) -> bool:
        """True when no flag is a warning or an error."""
        return not any(flag.severity in ("warning", "error") for flag in self.flags)

    @property
    def flag_kinds(self) -> list[str]:
        return list(dict.fromkeys(flag.kind for flag in self.flags))

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": TONE_SCHEMA_VERSION,
            "text": self.text,
            "ok": self.ok,
            "score": self.score,
            "courtesy": self.courtesy,
            "flags": [flag.to_dict() for flag in self.flags],
            "good": [span.to_dict() for span in self.good],
            "missing": list(self.missing),
        }

    def to_json(self, **kwargs: Any) -> str:
        import json

        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)


@dataclass(frozen=True)
class Change:
    """One edit a rewrite made: ``original`` at ``[start, end)`` of the draft became ``replacement``.

    An insertion has ``start == end`` and an empty ``original``.
    """

    start: int
    end: int
    original: str
    replacement: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "original": self.original,
                "replacement": self.replacement, "reason": self.reason}


@dataclass(frozen=True)
class Rewrite:
    """What :func:`complaintkit.rewrite` made of a draft."""

    text: str
    changes: list[Change]
    todo: list[str]
    report: ToneReport

    def to_dict(self) -> dict[str, Any]:
        return {"schema_version": TONE_SCHEMA_VERSION, "text": self.text,
                "changes": [c.to_dict() for c in self.changes], "todo": list(self.todo),
                "report": self.report.to_dict()}


@dataclass(frozen=True)
class Need:
    """Something a reply to this particular complaint should do and does not."""

    id: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "message": self.message}


@dataclass(frozen=True)
class Review:
    """A reply draft judged against the complaint it answers."""

    complaint: Classification
    tone: ToneReport
    missing: list[Need]
    suggested: Rewrite

    @property
    def ok(self) -> bool:
        """True when the tone is fine and the reply covers what this complaint needs."""
        return self.tone.ok and not self.missing

    def to_dict(self) -> dict[str, Any]:
        return {"schema_version": TONE_SCHEMA_VERSION, "ok": self.ok, "complaint": self.complaint.to_dict(),
                "tone": self.tone.to_dict(), "missing": [n.to_dict() for n in self.missing],
                "suggested": self.suggested.to_dict()}
