"""Runs tone rules over a spaCy ``Doc`` with spaCy's ``Matcher``.

Context decides as much as words: a match inside a quote or marked region is
skipped, a match of a negatable rule right after a negation ("it's not your
fault") is skipped, and so is a match in a sentence where one of the rule's
``unless`` patterns is found. Overlapping matches of one kind keep the longest.

Speed: rules whose patterns fit :class:`TokenRegexMatcher`'s subset (all
shipped rules do) run as regular expressions over an encoded doc, which gives
the same matches as spaCy's ``Matcher`` several times faster. Other rules
keep a ``Matcher`` each, with an anchor per pattern, the required token whose
allowed words are rarest (:func:`anchor_cost`): such a rule runs on a doc only
when one of its anchors' words is in the doc. Anchors only skip work: a pattern cannot match
without its anchor's word.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

import numpy as np
from spacy.attrs import SENT_START
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from ..errors import RuleError
from .regions import overlaps
from .rules import ToneRule
from .token_regex import TokenRegexMatcher, anchor_cost, required_literals

#: Tokens that cancel a following negatable match within the same sentence.
NEGATIONS = frozenset({"not", "n't", "n\u2019t", "never", "no", "nothing", "hardly", "nt"})
NEGATION_WINDOW = 3
#: Suffix of the key under which a rule's ``unless`` patterns are matched (rule ids hold no spaces).
_UNLESS = " unless"


@dataclass(frozen=True)
class RuleMatch:
    rule: ToneRule
    span: Span


#: Token attributes whose literal values can anchor a pattern, and how to read them off a token.
_ANCHOR_ATTRS = {"LOWER": "lower_", "ORTH": "orth_", "TEXT": "orth_", "LEMMA": "lemma_", "NORM": "norm_"}


class RuleMatcher:
    """Compiled rules for one vocabulary."""

    def __init__(self, rules: list[ToneRule], vocab: Vocab) -> None:
        self.rules = {rule.id: rule for rule in rules}
        self._matchers: list[tuple[Matcher, list[tuple[str, frozenset[str]]] | None]] = []
        compiled = []
        requires: dict[str, str] = {}
        for rule in rules:
            matcher = Matcher(vocab, validate=True)
            try:
                matcher.add(rule.id, [list(p) for p in rule.patterns])
                if rule.unless:
                    matcher.add(rule.id + _UNLESS, [list(p) for p in rule.unless])
            except Exception as err:  # spaCy raises several types for bad patterns
                raise RuleError(f"{rule.origin}: rule {rule.id}: spaCy rejected a pattern: {err}") from None
            if all(TokenRegexMatcher.supports(p) for p in rule.patterns + rule.unless):
                compiled.extend((rule.id, p) for p in rule.patterns)
                compiled.extend((rule.id + _UNLESS, p) for p in rule.unless)
                requires[rule.id + _UNLESS] = rule.id
            else:
                self._matchers.append((matcher, _anchors(rule)))
        self._regex = TokenRegexMatcher(compiled, requires) if compiled else None
        self._strings = vocab.strings

    def __call__(self, doc: Doc, regions: list[tuple[int, int]]) -> list[RuleMatch]:
        found: list[RuleMatch] = []
        words: dict[str, set[str]] = {}
        hits = [] if self._regex is None else self._regex(doc)
        for matcher, anchors in self._matchers:
            if anchors is not None and not any(
                not values.isdisjoint(words.get(attr) or words.setdefault(attr, {getattr(t, attr) for t in doc}))
                for attr, values in anchors
            ):
                continue
            hits.extend((self._strings[match_id], start, end) for match_id, start, end in matcher(doc))
        region_ends = [e for _, e in regions]  # regions come sorted and merged
        sentence_starts: list[int] = []
        cancelled: dict[str, set[int]] = {}  # per rule, the sentences where an 'unless' pattern was found
        for rule_id, start, _ in hits:
            if rule_id.endswith(_UNLESS):
                sentence_starts = sentence_starts or _sentence_starts(doc)
                cancelled.setdefault(rule_id[:-len(_UNLESS)], set()).add(_sentence_of(sentence_starts, start))
        for rule_id, start, end in hits:
            rule = self.rules.get(rule_id)
            if rule is None:  # an 'unless' match
                continue
            span = doc[start:end]
            if overlaps(span.start_char, span.end_char, regions, region_ends):
                continue
            if rule.negatable or rule_id in cancelled:
                sentence_starts = sentence_starts or _sentence_starts(doc)
                if rule.negatable and _negated(doc, start, sentence_starts):
                    continue
                if _sentence_of(sentence_starts, start) in cancelled.get(rule_id, ()):
                    continue
            found.append(RuleMatch(rule, span))
        return _longest_per_kind(found)


def _anchors(rule: ToneRule) -> list[tuple[str, frozenset[str]]] | None:
    """Per pattern, its rarest required token (by the words it allows); None if a pattern has none."""
    anchors = []
    for pattern in rule.patterns:
        required = required_literals(pattern)
        if not required:
            return None
        attr, words = min(required, key=lambda r: anchor_cost(r[1]))
        anchors.append((_ANCHOR_ATTRS[attr], words))
    return anchors


def _sentence_starts(doc: Doc) -> list[int]:
    """Token indices where sentences start; always includes 0."""
    starts = np.flatnonzero(doc.to_array([SENT_START]).ravel() == 1).tolist()
    return starts if starts and starts[0] == 0 else [0, *starts]


def _sentence_of(sentence_starts: list[int], token: int) -> int:
    return bisect_right(sentence_starts, token) - 1


def _negated(doc: Doc, start: int, sentence_starts: list[int]) -> bool:
    sentence_start = sentence_starts[_sentence_of(sentence_starts, start)]
    return any(doc[i].lower_ in NEGATIONS for i in range(max(sentence_start, start - NEGATION_WINDOW), start))


def _longest_per_kind(matches: list[RuleMatch]) -> list[RuleMatch]:
    matches.sort(key=lambda m: (-(m.span.end - m.span.start), m.span.start, m.rule.id))
    kept: list[RuleMatch] = []
    taken: dict[str, tuple[list[int], list[int]]] = {}  # per kind: sorted, disjoint kept token spans
    for match in matches:
        starts, ends = taken.setdefault(match.rule.kind, ([], []))
        start, end = match.span.start, match.span.end
        at = bisect_right(starts, start)
        if (at and ends[at - 1] > start) or (at < len(starts) and starts[at] < end):
            continue
        starts.insert(at, start)
        ends.insert(at, end)
        kept.append(match)
    kept.sort(key=lambda m: (m.span.start_char, m.rule.id))
    return kept
