"""Escalation signals: churn, public and legal threats, and repeat contact.

The rules are data (``escalation_rules.json``): regular expressions with
examples that must flag and must pass. Matching runs on the original text, so
every span indexes it directly. A match right after a negation ("I don't want
to cancel") or inside a how/whether question ("how do I leave a review?") is
not a threat and is dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import RuleError
from ..results import Signal

SIGNAL_KINDS = ("churn_threat", "public_threat", "legal_threat", "repeat_contact")
_RULES_FILE = "escalation_rules.json"
_WORD = re.compile(r"[\w']+")
_SENTENCE_END = re.compile(r"[.!?\n]+")
#: How far (in characters) the question check looks for the ends of a sentence.
_SENTENCE_REACH = 300
_CLAUSE_BREAK = re.compile(r"[,;:()\n]|\bbut\b|\band\b|\bif\b|\bor\b", re.IGNORECASE)


@dataclass(frozen=True)
class EscalationRule:
    """One compiled escalation rule.

    ``pattern`` is case-insensitive and runs on the original text;
    ``lowered_pattern`` is the same expression without the flag, for the
    lower-cased text, which Python's regex engine scans about twice as fast.
    """

    id: str
    kind: str
    pattern: re.Pattern[str]
    flag: tuple[str, ...]
    passes: tuple[str, ...]
    requires: tuple[tuple[str, ...], ...] = ()
    lowered_pattern: re.Pattern[str] | None = None
    #: per group of ``requires``: every fragment of the rule set that starts with one of the group's
    triggers: tuple[frozenset[str], ...] = ()

    def may_match(self, present: set[str]) -> bool:
        """The cheap pre-check, given the fragments the rule set's trigger found at word starts."""
        return all(not group.isdisjoint(present) for group in self.triggers)


@dataclass(frozen=True)
class EscalationRules:
    """The loaded rule set plus the negation and question settings."""

    rules: tuple[EscalationRule, ...]
    negation_cues: frozenset[str]
    fillers: frozenset[str]
    max_fillers: int
    question_starts: frozenset[str]
    #: one scan for every rule's pre-check: the longest fragment at each word start
    trigger: re.Pattern[str] | None = None
    #: rules without a pre-check, which run on every text (indices into ``rules``)
    unconditional: tuple[int, ...] = ()
    #: per fragment, the rules whose first ``requires`` group it satisfies
    by_fragment: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def find(self, text: str) -> list[Signal]:
        """Signals in ``text``, in order of position; overlapping ones merged per kind."""
        found: list[Signal] = []
        plain = text.replace("\u2019", "'")  # a curly apostrophe (U+2019) is a straight one: one character for one
        lowered = plain.lower()
        same_length = len(lowered) == len(text)  # a few characters lower-case to two
        present = set(self.trigger.findall(lowered)) if self.trigger is not None else set()
        candidates = set(self.unconditional)
        for fragment in present:
            candidates.update(self.by_fragment.get(fragment, ()))
        for index in sorted(candidates):
            rule = self.rules[index]
            if not rule.may_match(present):
                continue
            if same_length and rule.lowered_pattern is not None:
                matches = rule.lowered_pattern.finditer(lowered)
            else:
                matches = rule.pattern.finditer(plain)
            for match in matches:
                start, end = match.span()
                if end <= start or self._negated(plain, start) or self._in_question(plain, start, end):
                    continue
                found.append(Signal(rule.kind, start, end, text[start:end]))
        return _merge(found)

    def _negated(self, text: str, start: int) -> bool:
        """A negation cue followed only by filler words up to the match."""
        head = text[max(0, start - 80):start]
        for clause_end in _CLAUSE_BREAK.finditer(head):
            head = head[clause_end.end():] if clause_end.end() < len(head) else ""
        words = [w.lower() for w in _WORD.findall(_SENTENCE_END.split(head)[-1])]
        for skipped, i in enumerate(range(len(words) - 1, -1, -1)):
            word = words[i]
            pair = f"{words[i - 1]} {word}" if i > 0 else ""
            if word in self.negation_cues or pair in self.negation_cues:
                return True
            if word not in self.fillers or skipped >= self.max_fillers:
                return False
        return False

    def _in_question(self, text: str, start: int, end: int) -> bool:
        """The match sits in a sentence that asks how, whether or when to do it."""
        floor = max(0, start - _SENTENCE_REACH)  # bounded, so many matches in one long run stay linear
        left = max(max(text.rfind(c, floor, start) for c in ".!?\n"), floor - 1)
        tail = _SENTENCE_END.search(text, end, end + _SENTENCE_REACH)
        if tail is None or "?" not in tail.group():
            return False
        first = _WORD.search(text, left + 1, start)
        return bool(first) and first.group().lower() in self.question_starts


def _merge(signals: list[Signal]) -> list[Signal]:
    """Keep the longest of overlapping signals of the same kind."""
    signals.sort(key=lambda s: (s.start, -(s.end - s.start)))
    kept: list[Signal] = []
    last_end: dict[str, int] = {}  # kept signals of a kind are disjoint and sorted: the last one ends furthest
    for signal in signals:
        if signal.start < last_end.get(signal.kind, -1):
            continue
        kept.append(signal)
        last_end[signal.kind] = signal.end
    return kept


def parse_rules(data: Any, *, source: str) -> EscalationRules:
    """Validate and compile a rule document; errors name the file and rule."""
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RuleError(f"{source}: expected an object with a 'rules' list, got {type(data).__name__}")
    rules = []
    seen: set[str] = set()
    for position, raw in enumerate(data["rules"]):
        where = f"{source}: rules[{position}]"
        if not isinstance(raw, dict):
            raise RuleError(f"{where}: expected an object, got {type(raw).__name__}")
        rule_id = raw.get("id")
        if not isinstance(rule_id, str) or "." not in rule_id:
            raise RuleError(f"{where}: 'id' must be a dotted string like 'legal_threat.lawyer', got {rule_id!r}")
        where = f"{source}: rule {rule_id}"
        if rule_id in seen:
            raise RuleError(f"{where}: the id is used twice")
        seen.add(rule_id)
        kind = raw.get("kind")
        if kind not in SIGNAL_KINDS:
            raise RuleError(f"{where}: 'kind' must be one of {SIGNAL_KINDS}, got {kind!r}")
        try:
            pattern = re.compile(raw.get("pattern", ""), re.IGNORECASE)
        except (re.error, TypeError) as err:
            raise RuleError(f"{where}: 'pattern' is not a valid regular expression: {err}") from None
        examples = raw.get("examples")
        if not isinstance(examples, dict) or not examples.get("flag") or not examples.get("pass"):
            raise RuleError(f"{where}: 'examples' needs non-empty 'flag' and 'pass' lists")
        requires = raw.get("requires", [])
        if not isinstance(requires, list) or not all(
            isinstance(group, list) and group and all(isinstance(f, str) and f and f == f.lower() for f in group)
            for group in requires
        ):
            raise RuleError(f"{where}: 'requires' must be a list of non-empty lists of lower-case text fragments")
        rule = EscalationRule(rule_id, kind, pattern, tuple(examples["flag"]), tuple(examples["pass"]),
                              tuple(tuple(group) for group in requires), _lowered(pattern.pattern))
        rules.append(rule)
    fragments = sorted({f for rule in rules for group in rule.requires for f in group})
    trigger = re.compile(rf"\b(?=({_alternation(fragments)}))") if fragments else None
    rules = [
        replace(rule, triggers=tuple(frozenset(f for f in fragments if f.startswith(group)) for group in rule.requires))
        for rule in rules
    ]
    for rule in rules:  # the pre-check must never reject what the pattern is meant to find
        narrow = [t for t in rule.flag if trigger is not None and not rule.may_match(set(trigger.findall(t.lower())))]
        if narrow:
            raise RuleError(f"{source}: rule {rule.id}: 'requires' is narrower than the pattern; "
                            f"it rejects the example {narrow[0]!r}")
    negation = data.get("negation", {})
    question = data.get("question", {})
    by_fragment: dict[str, list[int]] = {}
    for index, rule in enumerate(rules):
        for fragment in rule.triggers[0] if rule.triggers else ():
            by_fragment.setdefault(fragment, []).append(index)
    return EscalationRules(
        trigger=trigger,
        unconditional=tuple(i for i, rule in enumerate(rules) if not rule.triggers),
        by_fragment={fragment: tuple(indices) for fragment, indices in by_fragment.items()},
        rules=tuple(rules),
        negation_cues=frozenset(negation.get("cues", ())),
        fillers=frozenset(negation.get("fillers", ())),
        max_fillers=int(negation.get("max_fillers", 3)),
        question_starts=frozenset(question.get("starts", ())),
    )


def _alternation(fragments: Iterable[str]) -> str:
    """Fragments as one alternation whose match is the longest fragment at its place.

    The alternation is nested as a trie ("can(?:cel|ada)" rather than
    "cancel|canada"), so at each word start the engine follows one branch
    instead of trying every fragment: the trigger scan was the largest single
    cost of ``classify_many``. Fragments matching at one place are prefixes of
    each other, so "longest first" is "children before the end of a word".
    """
    trie: dict[str, Any] = {}
    for fragment in fragments:
        node = trie
        for char in fragment:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict[str, Any]) -> str:
    branches = [re.escape(char) + _trie_regex(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{body})?" if "" in node else body


def _lowered(expression: str) -> re.Pattern[str]:
    """The expression for lower-cased text: under IGNORECASE ``[A-Z]`` meant any letter."""
    return re.compile(expression.replace("A-Z", "a-z"))


@lru_cache(maxsize=1)
def default_rules() -> EscalationRules:
    """The shipped escalation rules, loaded once."""
    text = resources.files(__package__).joinpath(_RULES_FILE).read_text(encoding="utf-8")
    return parse_rules(json.loads(text), source=_RULES_FILE)


def find_escalation(text: str) -> list[Signal]:
    """Escalation signals in ``text`` using the shipped rules."""
    return default_rules().find(text)
