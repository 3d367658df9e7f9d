"""``review``: judge a reply draft against the complaint it answers.

A reply can be polite and still miss the point: never mention the late
parcel, ignore a threat to go to the ombudsman, or give a customer who has
chased three times no date. The topics a reply must cover are data
(``review_needs.json``), with examples the tests run.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from .errors import RuleError
from .results import Classification, Need, Review
from .text import ensure_text


@dataclass(frozen=True)
class Topic:
    """Words that show a reply covers one category or escalation kind."""

    id: str
    words: tuple[str, ...]
    message: str
    covers: tuple[str, ...]
    misses: tuple[str, ...]

    def mentioned_in(self, reply: str) -> bool:
        lowered = reply.lower()
        return any(re.search(r"\b" + re.escape(word), lowered) for word in self.words)


@dataclass(frozen=True)
class Needs:
    """The validated contents of ``review_needs.json``."""

    categories: dict[str, Topic]
    escalation: dict[str, Topic]
    next_step_for: frozenset[str]
    next_step_message: str


@lru_cache(maxsize=1)
def review_needs() -> Needs:
    """Load and validate the shipped needs once."""
    source = resources.files("complaintkit").joinpath("review_needs.json")
    return parse_needs(json.loads(source.read_text(encoding="utf-8")), source="review_needs.json")


def parse_needs(data: Any, *, source: str) -> Needs:
    """Check a needs document; errors name the file and the entry."""
    from .classify.escalation import SIGNAL_KINDS
    from .classify.taxonomy import CATEGORY_IDS

    if not isinstance(data, dict):
        raise RuleError(f"{source}: expected an object, got {type(data).__name__}")
    categories = _topics(data.get("categories"), CATEGORY_IDS, "categories", source)
    escalation = _topics(data.get("escalation"), SIGNAL_KINDS, "escalation", source)
    next_step_for = data.get("next_step_for")
    known = set(CATEGORY_IDS) | set(SIGNAL_KINDS)
    if not isinstance(next_step_for, list) or not set(next_step_for) <= known:
        raise RuleError(f"{source}: field 'next_step_for' must list category ids or escalation kinds")
    message = data.get("next_step_message")
    if not isinstance(message, str) or not message.strip():
        raise RuleError(f"{source}: field 'next_step_message' must be a non-empty text")
    return Needs(categories, escalation, frozenset(next_step_for), message)


def _topics(raw: Any, ids: tuple[str, ...], field: str, source: str) -> dict[str, Topic]:
    if not isinstance(raw, dict) or set(raw) != set(ids):
        raise RuleError(f"{source}: field '{field}' must have exactly the keys {', '.join(ids)}")
    topics = {}
    for key, entry in raw.items():
        where = f"{source}: {field}.{key}"
        words = entry.get("words") if isinstance(entry, dict) else None
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
            raise RuleError(f"{where}: 'words' must be a non-empty list of texts")
        message = entry.get("message")
        if not isinstance(message, str) or not message.strip():
            raise RuleError(f"{where}: 'message' must say what the reply is missing")
        examples = entry.get("examples")
        if not isinstance(examples, dict) or not examples.get("covers") or not examples.get("misses"):
            raise RuleError(f"{where}: 'examples' must have non-empty 'covers' and 'misses' lists")
        topics[key] = Topic(key, tuple(w.lower() for w in words), message,
                            tuple(examples["covers"]), tuple(examples["misses"]))
    return topics


def review(complaint: str | Classification, draft: str) -> Review:
    """What a reply draft needs to answer this particular complaint, and a suggested rewrite.

    Parameters
    ----------
    complaint : str or Classification
        The customer's message, or its classification from :func:`complaintkit.classify`.
    draft : str
        The agent's reply.

    Examples
    --------
    >>> import complaintkit as ck
    >>> result = ck.review("Third email this week: where is my parcel?! I'll report you to trading standards.",
    ...                    "Thanks for your message.")
    >>> [need.id for need in result.missing]  # doctest: +SKIP
    ['mention.delivery', 'escalation.legal_threat', 'escalation.repeat_contact', 'next_steps']
    """
    from .classify.default import classify
    from .tone.api import check_tone
    from .tone.rewrite import rewrite

    draft = ensure_text(draft, name="draft")
    classification = complaint if isinstance(complaint, Classification) else classify(
        ensure_text(complaint, name="complaint"))
    tone = check_tone(draft)
    needs = review_needs()
    missing: list[Need] = []
    if draft.strip():
        for label in classification.labels:
            topic = needs.categories.get(label)
            if topic is not None and not topic.mentioned_in(draft):
                missing.append(Need(f"mention.{label}", topic.message))
        for kind in classification.escalation_kinds:
            topic = needs.escalation[kind]
            if not topic.mentioned_in(draft):
                missing.append(Need(f"escalation.{kind}", topic.message))
        triggers = set(classification.labels) | set(classification.escalation_kinds)
        present = {g.kind for g in tone.good}
        if triggers & needs.next_step_for and "next_steps" not in present:
            missing.append(Need("next_steps", needs.next_step_message))
    elif classification.is_complaint:
        missing.append(Need("reply", "The draft is empty; the customer needs a reply."))
    suggested = rewrite(draft, complaint=classification)
    return Review(complaint=classification, tone=tone, missing=missing, suggested=suggested)
