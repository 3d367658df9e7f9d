"""Facts in a reply draft that a rewrite must never lose.

A rewrite may drop tone, never substance: every number, amount, date, time,
order or reference id, email address, URL, phone number and name in the draft
must still be in the rewritten text. Patterns are deliberately greedy: a false
"fact" only makes the rewrite keep a little more text, a missed one loses
information the customer needs. The one blind spot: a lone capitalised word
that opens a sentence ("Sarah will call") is taken for an ordinary word.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DAYS = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"

#: Ordered: earlier kinds win when spans overlap.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("url", re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:!?)\]]", re.IGNORECASE)),
    ("email", re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]+(?:\.[\w-]+)+\b")),
    ("amount", re.compile(
        r"[£$€¥₹]\s?\d[\d,]*(?:\.\d+)?(?:\s?[km]\b)?"
        r"|\b\d[\d,]*(?:\.\d+)?\s?(?:eur|usd|gbp|aud|cad|pounds?|dollars?|euros?|pence|p)\b",
        re.IGNORECASE,
    )),
    ("phone", re.compile(r"(?<![\w/])\+?\(?\d[\d ()-]{6,}\d(?![\w/])")),
    ("date", re.compile(
        rf"\b\d{{1,2}}[/.-]\d{{1,2}}(?:[/.-]\d{{2,4}})?\b"
        rf"|\b\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+(?:{_MONTHS})\b(?:\s+\d{{4}})?"
        rf"|\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"
        rf"|\b(?:{_DAYS})\b",
        re.IGNORECASE,
    )),
    ("time", re.compile(r"\b\d{1,2}(?::\d{2})?\s?(?:am|pm)\b|\b\d{1,2}:\d{2}\b", re.IGNORECASE)),
    ("id", re.compile(r"#?\b[A-Za-z]*\d[\w/-]*\b|#\w+")),
    ("number", re.compile(r"\b\d+(?:[.,]\d+)*\b")),
)

#: Capitalised words that are not names: sentence openers and function words
#: an agent capitalises. Small and structural, so it stays in code.
_NOT_NAMES = frozenset([
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "hello", "hi", "hey", "dear", "i", "i'm",
    "i've", "i'll", "i'd", "if", "in", "is", "it", "it's", "its", "kind", "many", "my", "no", "not", "of",
    "on", "or", "our", "please", "regards", "so", "sorry", "thank", "thanks", "that", "that's", "the", "then",
    "there", "these", "this", "those", "to", "unfortunately", "we", "we're", "we've", "we'll", "what", "when",
    "where", "which", "while", "who", "why", "will", "with", "yes", "you", "you're", "your", "yours",
    "sincerely", "best", "cheers", "ok", "okay", "apologies", "also", "again", "all", "any", "can", "could",
    "did", "do", "does", "don't", "just", "let", "may", "might", "must", "once", "here", "how", "hope",
    "however", "actually", "just", "now", "sure", "great", "good", "morning", "afternoon", "evening", "team",
    "customer", "service",
])
_NAME = re.compile(r"\b[A-Z][a-z]+(?:['\u2019-][A-Z]?[a-z]+)?\b|\b[A-Z]{2,}\b")


@dataclass(frozen=True)
class Fact:
    """A piece of the draft a rewrite must keep, with its span in the text."""

    kind: str
    start: int
    end: int
    text: str


def find_facts(text: str) -> list[Fact]:
    """Facts in ``text``, sorted by position, without overlaps."""
    starts: list[int] = []  # spans taken so far, sorted and disjoint
    ends: list[int] = []
    found: list[Fact] = []
    for kind, pattern in (*_PATTERNS, ("name", _NAME)):
        for match in pattern.finditer(text):
            start, end = match.span()
            value = match.group().strip()
            at = bisect_right(starts, start)
            if not value or (at and ends[at - 1] > start) or (at < len(starts) and starts[at] < end):
                continue
            if kind == "name" and (value.lower() in _NOT_NAMES or _opens_sentence(text, start, end)):
                continue
            if kind == "phone" and sum(ch.isdigit() for ch in value) < 7:
                continue
            starts.insert(at, start)
            ends.insert(at, end)
            found.append(Fact(kind, start, start + len(value), value))
    found.sort(key=lambda f: f.start)
    return found


def _opens_sentence(text: str, start: int, end: int) -> bool:
    """A capitalised first word is usually just capitalised; count it as a name only before another name."""
    before = text[:start].rstrip(" \t\"'([")
    if before and before[-1] not in ".!?\n":
        return False
    return not re.match(r"\s+[A-Z][a-z]", text[end:])


def missing_facts(original: str, rewritten: str) -> list[Fact]:
    """Facts of ``original`` whose text does not appear in ``rewritten``."""
    return [fact for fact in find_facts(original) if fact.text not in rewritten]
