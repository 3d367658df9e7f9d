"""Runs tone rules over a spaCy ``Doc`` with spaCy's ``Matcher``.

Context decides as much as words: a match inside a quote or marked region is
skipped, and a match of a negatable rule right after a negation ("it's not
your fault") is skipped. Overlapping matches of one kind keep the longest.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from ..errors import RuleError
from .regions import overlaps
from .rules import ToneRule

#: Tokens that cancel a following negatable match within the same sentence.
NEGATIONS = frozenset({"not", "n't", "never", "no", "nothing", "hardly", "nt"})
NEGATION_WINDOW = 3


@dataclass(frozen=True)
class RuleMatch:
    rule: ToneRule
    span: Span


class RuleMatcher:
    """Compiled rules for one vocabulary."""

    def __init__(self, rules: list[ToneRule], vocab: Vocab) -> None:
        self.rules = {rule.id: rule for rule in rules}
        self._matcher = Matcher(vocab, validate=True)
        for rule in rules:
            try:
                self._matcher.add(rule.id, [list(p) for p in rule.patterns])
            except Exception as err:  # spaCy raises several types for bad patterns
                raise RuleError(f"{rule.origin}: rule {rule.id}: spaCy rejected a pattern: {err}") from None
        self._strings = vocab.strings

    def __call__(self, doc: Doc, regions: list[tuple[int, int]]) -> list[RuleMatch]:
        found: list[RuleMatch] = []
        for match_id, start, end in self._matcher(doc):
            rule = self.rules[self._strings[match_id]]
            span = doc[start:end]
            if overlaps(span.start_char, span.end_char, regions):
                continue
            if rule.negatable and _negated(doc, start):
                continue
            found.append(RuleMatch(rule, span))
        return _longest_per_kind(found)


def _negated(doc: Doc, start: int) -> bool:
    sentence_start = doc[start].sent.start if doc.has_annotation("SENT_START") else 0
    return any(doc[i].lower_ in NEGATIONS for i in range(max(sentence_start, start - NEGATION_WINDOW), start))


def _longest_per_kind(matches: list[RuleMatch]) -> list[RuleMatch]:
    matches.sort(key=lambda m: (-(m.span.end - m.span.start), m.span.start, m.rule.id))
    kept: list[RuleMatch] = []
    for match in matches:
        clash = any(
            k.rule.kind == match.rule.kind and k.span.start < match.span.end and match.span.start < k.span.end
            for k in kept
        )
        if not clash:
            kept.append(match)
    kept.sort(key=lambda m: (m.span.start_char, m.rule.id))
    return kept
