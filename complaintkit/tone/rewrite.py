"""``rewrite``: turn a draft reply into an acknowledging one without losing a fact.

The rewrite only ever removes flagged wording and adds phrases that
acknowledge, apologize or own (``rewrite.json``); it never writes a date, an
amount or a promise. What only a person can supply (what was done, what
happens next and when) goes into ``todo`` instead of the text.

How a flagged sentence is handled, mildest first:

1. its flagged clauses are removed and the rest of the sentence is kept;
2. if what is left still flags, or is too short to stand alone, the sentence
   is dropped;
3. any fact (number, date, id, email, URL, phone, name) that would vanish
   with the removed words is carried over in a "details" line and a todo.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import RuleError, describe
from ..results import Change, Classification, Rewrite, ToneFlag, ToneReport
from ..text import ensure_text
from .checker import ToneChecker
from .facts import missing_facts
from .kinds import FLAG_KINDS

_CLAUSE_BREAK = re.compile(r"\s*[,;:\u2014\u2013]\s*|\s+-\s+|\s+(?=(?:but|so|because|however|although)\b)",
                           re.IGNORECASE)
_LEADING_JOINER = re.compile(r"^(?:but|so|and|because|however|although|though|also|then)\b[\s,]*",
                             re.IGNORECASE)
_GREETING = re.compile(
    r"^\s*(?:hi|hello|hey|hiya|dear|good\s+(?:morning|afternoon|evening)|greetings)\b[^.!?\n]{0,40}[,!.:]?\s*$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+")
_MAX_ROUNDS = 4
_OPENING_REASON = "opens by acknowledging the problem, apologizing and owning it"


@dataclass(frozen=True)
class RewritePhrases:
    """The validated contents of ``rewrite.json``."""

    openers: dict[str, str]
    own: str
    replacements: dict[str, str | None]
    todo: dict[str, str]


@lru_cache(maxsize=1)
def rewrite_phrases() -> RewritePhrases:
    """Load and validate the shipped phrases once."""
    source = resources.files("complaintkit.tone").joinpath("rewrite.json")
    return parse_phrases(json.loads(source.read_text(encoding="utf-8")), source="rewrite.json")


def parse_phrases(data: Any, *, source: str) -> RewritePhrases:
    """Check a phrases document; errors name the file and field."""
    if not isinstance(data, dict):
        raise RuleError(f"{source}: expected an object, got {type(data).__name__}")
    openers = data.get("openers")
    if not isinstance(openers, dict) or not isinstance(openers.get("default"), str):
        raise RuleError(f"{source}: field 'openers' must map category ids to text and include 'default'")
    own = data.get("own")
    if not isinstance(own, str) or not own.strip():
        raise RuleError(f"{source}: field 'own' must be a non-empty text")
    replacements = data.get("replacements")
    if not isinstance(replacements, dict) or set(replacements) != set(FLAG_KINDS):
        raise RuleError(f"{source}: field 'replacements' must have exactly the keys {', '.join(FLAG_KINDS)}")
    todo = data.get("todo")
    needed = {"act", "next_steps", "lost_facts"}
    if not isinstance(todo, dict) or not needed <= set(todo):
        raise RuleError(f"{source}: field 'todo' must include {', '.join(sorted(needed))}")
    for name, value in [*openers.items(), *replacements.items(), *todo.items()]:
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise RuleError(f"{source}: phrase {name!r} must be a non-empty text or null, got {describe(value)}")
    return RewritePhrases(dict(openers), own.strip(), dict(replacements), dict(todo))


@dataclass(frozen=True)
class _Plan:
    """What to do with one sentence of the draft."""

    replacement: str
    reason: str


def rewrite(
    draft: str,
    *,
    complaint: str | Classification | None = None,
    checker: ToneChecker | None = None,
) -> Rewrite:
    """Rewrite a reply draft so it acknowledges, apologizes and owns, keeping every fact.

    Parameters
    ----------
    draft : str
        The agent's reply.
    complaint : str or Classification, optional
        The customer's message (or its classification); tailors the opening
        to what went wrong.
    checker : ToneChecker, optional
        Defaults to the shared checker with shipped rules and model.

    Examples
    --------
    >>> import complaintkit as ck
    >>> result = ck.rewrite("Calm down, your parcel #4471 left our depot on Monday.")
    >>> "#4471" in result.text and result.report.ok
    True
    """
    draft = ensure_text(draft, name="draft")
    if checker is None:
        from .api import default_checker

        checker = default_checker()
    category = _category(complaint)
    if not draft.strip():
        return Rewrite(text=draft, changes=[], todo=[], report=checker.check(draft))
    phrases = rewrite_phrases()
    spans = checker.sentence_spans(draft)
    plans: dict[int, _Plan] = {}
    todo: list[str] = []
    for _ in range(_MAX_ROUNDS):
        text, origin, opening, report = _compose(draft, spans, plans, category, checker, phrases)
        by_sentence: dict[int, list[ToneFlag]] = {}
        origin_starts = [start for start, _, _ in origin]
        for flag in report.flags:
            index = _sentence_of(flag, origin, origin_starts)
            if flag.severity in ("warning", "error") and index is not None:
                by_sentence.setdefault(index, []).append(flag)
        if not by_sentence:
            break
        for index, flags in sorted(by_sentence.items()):
            start, end = spans[index]
            plans[index] = _plan_sentence(draft[start:end], flags, plans.get(index), checker, phrases)
            todo.extend(phrases.todo[f.kind] for f in flags if f.kind in phrases.todo)
    changes = [
        Change(start=spans[i][0], end=spans[i][1], original=draft[spans[i][0]:spans[i][1]],
               replacement=plan.replacement, reason=plan.reason)
        for i, plan in sorted(plans.items())
    ]
    if opening:
        where = _draft_position(draft, spans)
        changes.append(Change(where, where, "", opening, _OPENING_REASON))
    lost = list(dict.fromkeys(f.text for f in missing_facts(draft, text)))
    if lost:
        details = "Details: " + ", ".join(lost) + "."
        text = text.rstrip() + "\n\n" + details
        changes.append(Change(len(draft), len(draft), "", details, "keeps details that were in removed wording"))
        todo.append(phrases.todo["lost_facts"].format(facts=", ".join(lost)))
        report = checker.check(text)
    present = {g.kind for g in report.good}
    todo.extend(phrases.todo[kind] for kind in ("act", "next_steps") if kind not in present)
    changes.sort(key=lambda c: (c.start, c.end))
    return Rewrite(text=text, changes=changes, todo=list(dict.fromkeys(todo)), report=report)


def _compose(
    draft: str,
    spans: list[tuple[int, int]],
    plans: dict[int, _Plan],
    category: str | None,
    checker: ToneChecker,
    phrases: RewritePhrases,
) -> tuple[str, list[tuple[int, int, int]], str, ToneReport]:
    """The draft with the plans applied and, when the reply lacks them, an opening added; and its report."""
    body, origin = _assemble(draft, spans, plans)
    body_report = checker.check(body)
    present = {g.kind for g in body_report.good}
    lines = []
    if not {"acknowledge", "apologize"} <= present:
        lines.append(phrases.openers.get(category or "default", phrases.openers["default"]))
    if "own" not in present:
        lines.append(phrases.own)
    if not lines:
        return body, origin, "", body_report
    opening = " ".join(lines)
    at = _after_greeting(body)
    head, rest = body[:at], body[at:]
    if head and not head[-1].isspace():
        head += " "
    tail = " " + rest.lstrip(" ") if rest.strip() else ""
    text = head + opening + tail
    shift = len(text) - len(body)
    moved = [(a + shift, b + shift, i) if a >= at else (a, b, i) for a, b, i in origin]
    return text, moved, opening, checker.check(text)


def _category(complaint: str | Classification | None) -> str | None:
    if complaint is None:
        return None
    if isinstance(complaint, Classification):
        return complaint.top
    from ..classify.default import classify

    return classify(ensure_text(complaint, name="complaint")).top


def _assemble(
    draft: str, spans: list[tuple[int, int]], plans: dict[int, _Plan]
) -> tuple[str, list[tuple[int, int, int]]]:
    """Build the text from the draft and the plans; ``origin`` maps output ranges to sentence indexes."""
    bounds = [0, *[x for span in spans for x in span], len(draft)]
    gaps = [draft[bounds[2 * i]:bounds[2 * i + 1]] for i in range(len(spans) + 1)]
    pieces = [draft[a:b] if i not in plans else plans[i].replacement for i, (a, b) in enumerate(spans)]
    for i, piece in enumerate(pieces):
        if not piece:  # a dropped sentence leaves one gap: the one with the most line breaks
            merged = gaps[0] if i == 0 else max(gaps[i], gaps[i + 1], key=lambda g: (g.count("\n"), len(g)))
            gaps[i], gaps[i + 1] = "", merged
    parts: list[str] = []
    origin: list[tuple[int, int, int]] = []
    length = 0
    for index, piece in enumerate(pieces):
        parts.append(gaps[index])
        length += len(gaps[index])
        if piece:
            origin.append((length, length + len(piece), index))
            parts.append(piece)
            length += len(piece)
    parts.append(gaps[-1])
    return "".join(parts), origin


def _sentence_of(flag: ToneFlag, origin: list[tuple[int, int, int]], starts: list[int]) -> int | None:
    """The draft sentence a flag of the assembled text falls in (None for added text)."""
    at = bisect_right(starts, flag.start) - 1
    if at >= 0:
        start, end, index = origin[at]
        if start <= flag.start < end:
            return index
    return None


def _plan_sentence(
    sentence: str,
    flags: list[ToneFlag],
    previous: _Plan | None,
    checker: ToneChecker,
    phrases: RewritePhrases,
) -> _Plan:
    kinds = list(dict.fromkeys(f.kind for f in flags))
    reason = "removes " + ", ".join(k.replace("_", " ") for k in kinds) + " wording"
    replacement = next((phrases.replacements[k] for k in kinds if phrases.replacements.get(k)), None)
    if previous is None:
        kept = _without_flagged_clauses(sentence, checker)
        if kept:
            return _Plan(_with_prefix(replacement, kept), reason)
    return _Plan(replacement or "", reason)


def _without_flagged_clauses(sentence: str, checker: ToneChecker) -> str:
    """The sentence minus the clauses that flag on their own; '' when too little is left."""
    body = sentence.strip()
    ending = body[-1] if body and body[-1] in ".!?" else "."
    pieces = [p for p in _CLAUSE_BREAK.split(body.rstrip(".!? ")) if p and p.strip()]
    if len(pieces) < 2:
        return ""
    reports = checker.check_many(pieces)
    kept = [p.strip() for p, r in zip(pieces, reports, strict=True) if r.ok]
    kept = [_LEADING_JOINER.sub("", p) for p in kept]
    kept = [p for p in kept if p]
    if not kept or sum(len(_WORD.findall(p)) for p in kept) < 3:
        return ""
    joined = ", ".join(kept)
    joined = joined[0].upper() + joined[1:]
    return joined + ending


def _with_prefix(prefix: str | None, text: str) -> str:
    return f"{prefix} {text}" if prefix else text


def _after_greeting(text: str) -> int:
    """Where the body starts: after a greeting line or greeting sentence, else 0."""
    first_line_end = text.find("\n")
    first_line = text if first_line_end < 0 else text[:first_line_end]
    if _GREETING.match(first_line):
        end = len(first_line) if first_line_end < 0 else first_line_end
        while end < len(text) and text[end] in "\r\n":
            end += 1
        return end
    match = re.match(r"\s*(?:hi|hello|hey|hiya|dear)\b[^.!?,\n]{0,30}[,!]\s+", text, re.IGNORECASE)
    return match.end() if match else 0


def _draft_position(draft: str, spans: list[tuple[int, int]]) -> int:
    """Where in the original draft the opening goes, for the change record."""
    at = _after_greeting(draft)
    return at if at else (spans[0][0] if spans else 0)
