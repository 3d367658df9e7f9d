"""Tone rules as data: loading and validating rule files.

A rule file is JSON (or YAML when PyYAML is installed) holding ``rules``, each
with a dotted ``id``, a ``kind``, spaCy ``Matcher`` token patterns using only
attributes a blank pipeline sets (LOWER, LEMMA, ORTH, IS_PUNCT, ...), and
``examples`` that must flag and must pass. Errors name the file, the rule and
the field.

Context that clears a match is data too: ``unless`` patterns found anywhere in
the same sentence cancel it ("sorry, but" is fine in "I'm sorry, but there's
good news"), and ``outweighed_by`` names good moves (``own``, ``act``) that,
recognised in the same sentence, outweigh it ("Our policy is clear that you
shouldn't pay for our mistake, so I've refunded you").

Rule packs are data from users, so nothing in them may make the checker slow:
no regular expressions, no unbounded repeats, and a bounded number of optional
tokens per pattern (see ``MAX_REPEAT`` and ``MAX_OPTIONAL``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import RuleError
from .kinds import FLAG_KINDS, GOOD_KINDS, SEVERITIES

#: Token attributes that ``spacy.blank("en")`` with a lookup lemmatizer fills in.
ALLOWED_ATTRS = frozenset({
    "LOWER", "LEMMA", "ORTH", "TEXT", "NORM", "LENGTH", "IS_PUNCT", "IS_DIGIT", "IS_ALPHA", "IS_LOWER",
    "IS_UPPER", "IS_TITLE", "IS_SPACE", "IS_STOP", "LIKE_NUM", "LIKE_EMAIL", "LIKE_URL", "IS_SENT_START", "OP",
})
_PREDICATES = frozenset({"IN", "NOT_IN", "REGEX", "==", "!=", ">=", "<=", ">", "<", "FUZZY"})
#: Most repeats a bounded ``OP`` such as ``{0,3}`` may allow. Unbounded operators
#: (``*``, ``+``, ``{2,}``) are refused: on a long run of matching tokens they
#: produce a match for every pair of positions, O(n**2) work for the checker.
MAX_REPEAT = 8
#: Most optional token slots in one pattern (``?`` is one, ``{n,m}`` is m - n).
#: spaCy's Matcher follows every combination of them, 2**slots paths from each
#: token: 24 slots exhaust memory on an 80-word text. Shipped rules use at most 6.
MAX_OPTIONAL = 8
_FIXED_OPS = frozenset({"!", "?"})
_BOUNDED_OP = re.compile(r"\{(\d*)(,?)(\d*)\}")


@dataclass(frozen=True)
class ToneRule:
    """One validated rule."""

    id: str
    kind: str
    patterns: tuple[tuple[dict[str, Any], ...], ...]
    severity: str
    message: str
    suggestion: str | None
    flag_examples: tuple[str, ...]
    pass_examples: tuple[str, ...]
    negatable: bool = True
    link: str | None = None
    origin: str = "<memory>"
    #: token patterns that, found anywhere in the same sentence, cancel this rule's match
    unless: tuple[tuple[dict[str, Any], ...], ...] = ()
    #: good kinds that, recognised in the same sentence, outweigh this rule's match
    outweighed_by: tuple[str, ...] = ()

    @property
    def is_good(self) -> bool:
        return self.kind in GOOD_KINDS


def parse_rule_document(data: Any, *, source: str) -> list[ToneRule]:
    """Validate a decoded rule document and return its rules."""
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RuleError(f"{source}: expected an object with a 'rules' list, got {type(data).__name__}")
    default_kind = data.get("kind")
    rules = [_parse_rule(raw, i, default_kind, source) for i, raw in enumerate(data["rules"])]
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RuleError(f"{source}: rule {rule.id}: the id is used twice")
        seen.add(rule.id)
    return rules


def _parse_rule(raw: Any, position: int, default_kind: Any, source: str) -> ToneRule:
    where = f"{source}: rules[{position}]"
    if not isinstance(raw, dict):
        raise RuleError(f"{where}: expected an object, got {type(raw).__name__}")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or rule_id.count(".") < 1 or " " in rule_id:
        raise RuleError(f"{where}: field 'id' must be a dotted name like 'blame_customer.should_have', got {rule_id!r}")
    where = f"{source}: rule {rule_id}"
    kind = raw.get("kind", default_kind)
    if kind not in FLAG_KINDS + GOOD_KINDS:
        raise RuleError(f"{where}: field 'kind' must be one of {', '.join(FLAG_KINDS + GOOD_KINDS)}; got {kind!r}")
    if not rule_id.startswith(f"{kind}."):
        raise RuleError(f"{where}: field 'id' must start with its kind, '{kind}.'")
    good = kind in GOOD_KINDS
    severity = raw.get("severity", "info" if good else "warning")
    if severity not in SEVERITIES:
        raise RuleError(f"{where}: field 'severity' must be one of {', '.join(SEVERITIES)}; got {severity!r}")
    message = raw.get("message", "")
    if not isinstance(message, str) or (not good and not message.strip()):
        raise RuleError(f"{where}: field 'message' must say, in one sentence, why this phrasing hurts")
    suggestion = raw.get("suggestion")
    if suggestion is not None and not isinstance(suggestion, str):
        raise RuleError(f"{where}: field 'suggestion' must be a string or null, got {type(suggestion).__name__}")
    patterns = _check_patterns(raw.get("patterns"), where)
    examples = raw.get("examples")
    if not isinstance(examples, dict):
        raise RuleError(f"{where}: field 'examples' must be an object with 'flag' and 'pass' lists")
    flag, passes = examples.get("flag"), examples.get("pass")
    for name, value in (("flag", flag), ("pass", passes)):
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
            raise RuleError(f"{where}: field 'examples.{name}' must be a non-empty list of texts")
    negatable = raw.get("negatable", True)
    if not isinstance(negatable, bool):
        raise RuleError(f"{where}: field 'negatable' must be true or false, got {negatable!r}")
    link = raw.get("link")
    if link is not None and not isinstance(link, str):
        raise RuleError(f"{where}: field 'link' must be a URL string or null, got {type(link).__name__}")
    unless = _check_patterns(raw["unless"], where, "unless") if "unless" in raw else ()
    outweighed_by = raw.get("outweighed_by", [])
    if good and (unless or outweighed_by):
        raise RuleError(f"{where}: 'unless' and 'outweighed_by' are for flag rules, not good-move rules")
    if not isinstance(outweighed_by, list) or not set(outweighed_by) <= set(GOOD_KINDS):
        raise RuleError(
            f"{where}: field 'outweighed_by' must be a list of good kinds ({', '.join(GOOD_KINDS)}); "
            f"got {outweighed_by!r}"
        )
    return ToneRule(
        id=rule_id, kind=kind, patterns=patterns, severity=severity, message=message.strip(),
        suggestion=suggestion, flag_examples=tuple(flag), pass_examples=tuple(passes), negatable=negatable,
        link=link, origin=source, unless=unless, outweighed_by=tuple(outweighed_by),
    )


def _check_patterns(value: Any, where: str, field: str = "patterns") -> tuple[tuple[dict[str, Any], ...], ...]:
    if not isinstance(value, list) or not value:
        raise RuleError(f"{where}: field '{field}' must be a non-empty list of token patterns")
    checked = []
    for p, pattern in enumerate(value):
        if not isinstance(pattern, list) or not pattern:
            raise RuleError(f"{where}: {field}[{p}] must be a non-empty list of token objects")
        optional = 0
        for t, token in enumerate(pattern):
            if not isinstance(token, dict):
                raise RuleError(f"{where}: {field}[{p}][{t}] must be an object, got {type(token).__name__}")
            for attr, spec in token.items():
                if attr not in ALLOWED_ATTRS:
                    raise RuleError(
                        f"{where}: {field}[{p}][{t}] uses {attr!r}, which spacy.blank('en') does not set; "
                        f"use one of {', '.join(sorted(ALLOWED_ATTRS))}"
                    )
                if isinstance(spec, dict) and not set(spec) <= _PREDICATES:
                    raise RuleError(f"{where}: {field}[{p}][{t}].{attr} has unknown predicate(s) {sorted(spec)}")
                if isinstance(spec, dict) and "REGEX" in spec:
                    raise RuleError(
                        f"{where}: {field}[{p}][{t}].{attr} uses REGEX; rule packs may not use regular "
                        "expressions (a bad one can hang the checker); use IN lists instead"
                    )
                if attr == "OP":
                    optional += _check_op(spec, f"{where}: {field}[{p}][{t}].OP")
        if optional > MAX_OPTIONAL:
            raise RuleError(
                f"{where}: {field}[{p}] has {optional} optional token slots ('?' counts 1, '{{n,m}}' counts m - n); "
                f"at most {MAX_OPTIONAL} are allowed, because the matcher follows every combination of them"
            )
        checked.append(tuple(pattern))
    return tuple(checked)


def _check_op(op: Any, where: str) -> int:
    """Allow only operators that repeat a token a bounded number of times; return its optional slots."""
    if isinstance(op, str) and op in _FIXED_OPS:
        return 1 if op == "?" else 0
    repeat = _BOUNDED_OP.fullmatch(op) if isinstance(op, str) else None
    if repeat is not None:
        lower, comma, upper = repeat.groups()
        most = upper if comma else lower  # "{n,m}" and "{,m}" allow m; "{n}" allows n; "{n,}" is unbounded
        if most and len(most) <= 2 and int(most) <= MAX_REPEAT and len(lower) <= 2:
            return max(0, int(most) - int(lower or 0)) if comma else 0
    raise RuleError(
        f"{where} is {op!r}; use '?', '!' or a bounded repeat such as '{{0,3}}' (at most {MAX_REPEAT}). "
        "Unbounded repeats ('*', '+', '{n,}') can make the checker quadratic on long texts"
    )


def read_rule_file(path: str | Path) -> list[ToneRule]:
    """Read and validate one rule file (``.json``, or ``.yaml``/``.yml`` with PyYAML)."""
    source = Path(path)
    if not source.is_file():
        raise RuleError(f"no rule file at {source}")
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise RuleError(f"{source}: could not read the file as UTF-8 text: {err}") from None
    try:
        if source.suffix.lower() in (".yaml", ".yml"):
            import yaml  # optional

            data = yaml.safe_load(text)
        else:
            data = json.loads(text)
    except ImportError:
        raise RuleError(f"{source}: YAML rule files need PyYAML (pip install pyyaml); or use JSON") from None
    except Exception as err:
        raise RuleError(f"{source}: could not parse: {err}") from None
    return parse_rule_document(data, source=str(source))


def shipped_rule_files() -> list[Path]:
    """The rule files that ship with complaintkit, one per kind."""
    folder = resources.files("complaintkit.tone").joinpath("rules")
    return sorted(Path(str(folder)).glob("*.json"))


def load_rules(paths: Iterable[str | Path] | None = None) -> list[ToneRule]:
    """Rules from ``paths``, or the shipped rules when ``paths`` is None."""
    files = shipped_rule_files() if paths is None else [Path(p) for p in paths]
    rules: list[ToneRule] = []
    seen: dict[str, str] = {}
    for path in files:
        for rule in read_rule_file(path):
            if rule.id in seen:
                raise RuleError(f"{path}: rule {rule.id}: the id is already defined in {seen[rule.id]}")
            seen[rule.id] = str(path)
            rules.append(rule)
    return rules
