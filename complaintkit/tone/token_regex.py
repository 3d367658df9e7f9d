"""spaCy token patterns compiled to regular expressions over an encoded ``Doc``.

spaCy's ``Matcher`` walks the doc in Python-visible steps for every pattern
and was most of the checker's time. Here each token becomes one segment of a
string, ``\\x1d<field>\\x1e<field>...\\x1f<flags>\\x1c``, and each pattern one
regular expression over those segments, which ``re`` runs in C. Every
expression starts with the literal ``\\x1d`` and every token's part ends with
the next token's ``\\x1d``, so ``re`` jumps from token start to token start
instead of trying every character. A pattern is searched only in a doc
holding every word its required tokens allow one of (found through the
rarest, its anchor), and a pattern with a prerequisite key only where that
key matched: most of the shipped rules' ``unless`` patterns never run.

The subset compiled is what rule packs mostly use: string attributes (ORTH,
TEXT, LOWER, LEMMA, NORM) with a value, ``IN`` or ``NOT_IN``; boolean
attributes (``IS_*``, ``LIKE_*``, ``IS_SENT_START``); operators ``?`` and
bounded repeats ``{n,m}``. :meth:`TokenRegexMatcher.supports` says whether a
pattern fits; the caller keeps spaCy's ``Matcher`` for the others. Matches are
the same ``(start, end)`` token pairs ``Matcher`` returns, every length
included, which the tests check on every sentence in ``data/tone``, with one
deliberate difference: a curly apostrophe matches a straight one, so "we(U+2019)re"
and "don(U+2019)t", as phones and word processors type them, match "'re" and "n't".
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy import attrs
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.strings import get_string_id
from spacy.tokens import Doc

_TOKEN, _FIELD, _FLAGS, _END = "\x1d", "\x1e", "\x1f", "\x1c"
_SEPARATORS = re.compile("[\x1c-\x1f]")
_ANY_FIELD = "[^\x1c-\x1f]*"
_REPLACEMENT = "\ufffd"
_CURLY = "\u2019"  # right single quotation mark, the apostrophe most devices type

#: String attributes, by the name patterns use, and the attribute id to read them with.
STRING_ATTRS = {"ORTH": attrs.ORTH, "TEXT": attrs.ORTH, "LOWER": attrs.LOWER, "LEMMA": attrs.LEMMA,
                "NORM": attrs.NORM}
#: Boolean attributes, by the name patterns use, and the attribute id to read them with.
BOOL_ATTRS = {name: getattr(attrs, name) for name in (
    "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_PUNCT", "IS_SPACE", "IS_TITLE", "IS_UPPER", "IS_STOP",
    "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT", "IS_CURRENCY", "LIKE_NUM", "LIKE_EMAIL",
    "LIKE_URL")}
BOOL_ATTRS["IS_SENT_START"] = attrs.SENT_START
_OP = re.compile(r"\{(\d*)(,?)(\d*)\}")
#: Each checker compiles thousands of expressions, more than ``re``'s own cache holds; the same rules in
#: another checker (a test, a worker process's second checker) reuse them.
_compile = lru_cache(maxsize=20_000)(re.compile)
#: Distinct token encodings remembered between docs; past this the memo starts afresh.
_MEMO_LIMIT = 200_000


@dataclass(frozen=True)
class _Compiled:
    key: str
    regex: re.Pattern[str]
    shortest: int  # fewest tokens a match can have


class TokenRegexMatcher:
    """Finds every match of many token patterns in a doc; see the module docstring."""

    def __init__(
        self,
        patterns: Sequence[tuple[str, Sequence[Mapping[str, Any]]]],
        requires: Mapping[str, str] | None = None,
    ) -> None:
        """``requires`` maps a key to another whose match it is only worth searching after: a rule's
        ``unless`` patterns matter only in a doc where the rule matched."""
        for key, pattern in patterns:
            if not self.supports(pattern):
                raise ValueError(f"pattern of {key!r} uses features TokenRegexMatcher does not compile: {pattern}")
        used = [attr for pattern in (p for _, p in patterns) for token in pattern for attr in token if attr != "OP"]
        self._strings = sorted({_canonical(a) for a in used if a in STRING_ATTRS}) or ["ORTH"]
        self._flags = sorted({a for a in used if a in BOOL_ATTRS})
        self._ids = [STRING_ATTRS[a] for a in self._strings] + [BOOL_ATTRS[a] for a in self._flags]
        self._compiled: list[_Compiled] = []
        self._always: list[int] = []
        self._by_word: list[dict[int, list[int]]] = [{} for _ in self._strings]  # keyed by string id
        # Every other required token is a "group" of word ids, one of which the doc must hold; patterns share
        # many groups ("you", the ways to say sorry), so each group is checked once per doc, not once per pattern.
        groups: dict[frozenset[int], int] = {}
        self._groups_of_word: dict[int, list[int]] = {}
        self._needs: list[frozenset[int]] = []  # per pattern: the groups it needs besides its anchor
        for index, (key, pattern) in enumerate(patterns):
            body = "".join(self._token_regex(token) for token in pattern)
            shortest = sum(_repeats(token.get("OP"))[0] for token in pattern)
            self._compiled.append(_Compiled(key, _compile(_TOKEN + body), shortest))
            required = [
                (self._strings.index(_canonical(attr)), frozenset(_spellings(words)), words)
                for attr, words in required_literals(pattern)
            ]
            if not required:
                self._always.append(index)
                self._needs.append(frozenset())
                continue
            anchor = min(range(len(required)), key=lambda i: anchor_cost(required[i][2]))
            field, ids, _ = required[anchor]
            for word_id in ids:
                self._by_word[field].setdefault(word_id, []).append(index)
            needed = set()
            for _, ids, _ in (r for i, r in enumerate(required) if i != anchor):
                if ids not in groups:
                    groups[ids] = len(groups)
                    for word_id in ids:
                        self._groups_of_word.setdefault(word_id, []).append(groups[ids])
                needed.add(groups[ids])
            self._needs.append(frozenset(needed))
        self._anchored = [f for f, words in enumerate(self._by_word) if words]
        self._requires = dict(requires or {})
        self._deferred = frozenset(i for i, c in enumerate(self._compiled) if c.key in self._requires)
        self._memo: dict[tuple[int, ...], str] = {}

    @staticmethod
    def supports(pattern: Sequence[Mapping[str, Any]]) -> bool:
        """Whether every token of ``pattern`` is in the compiled subset."""
        for token in pattern:
            for attr, spec in token.items():
                if attr == "OP":
                    if not isinstance(spec, str) or (spec != "?" and not _OP.fullmatch(spec)):
                        return False
                    low, high = _repeats(spec)
                    if high is None or high < low:
                        return False
                elif attr in STRING_ATTRS:
                    if _string_values(spec) is None:
                        return False
                elif attr in BOOL_ATTRS:
                    if not isinstance(spec, bool):
                        return False
                else:
                    return False
        return bool(pattern)

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        """``(key, start, end)`` for every match, once each, in pattern order, then by start and end;
        patterns with a prerequisite key (see ``requires``) come after the others."""
        if not len(doc):
            return []
        rows = doc.to_array(self._ids).reshape(len(doc), len(self._ids)).tolist()
        wanted = set(self._always)
        for field in self._anchored:
            index = self._by_word[field]
            for row in rows:
                hit = index.get(row[field])
                if hit:
                    wanted.update(hit)
        if not wanted:
            return []
        # Which groups the doc holds a word of, in any string field: a lemma standing in for a lower-case
        # form can only let a pattern through to its regex, which then decides.
        held: set[int] = set()
        groups_of_word = self._groups_of_word
        for word_id in {v for row in rows for v in row[:len(self._strings)]}:
            found_in = groups_of_word.get(word_id)
            if found_in:
                held.update(found_in)
        needs = self._needs
        wanted = {i for i in wanted if needs[i] <= held}
        if not wanted:
            return []
        deferred = wanted & self._deferred
        text, offsets = self._encode(rows, doc)
        found: list[tuple[str, int, int]] = []
        for index in sorted(wanted - deferred):
            self._search(self._compiled[index], text, offsets, found)
        if deferred:
            matched = {key for key, _, _ in found}
            for index in sorted(deferred):
                compiled = self._compiled[index]
                if self._requires[compiled.key] in matched:
                    self._search(compiled, text, offsets, found)
        return list(dict.fromkeys(found)) if len(wanted) > 1 else found  # two patterns of a key may match alike

    # -- internals --------------------------------------------------------
    def _search(self, compiled: _Compiled, text: str, offsets: list[int], found: list[tuple[str, int, int]]) -> None:
        last = len(offsets) - 1
        search = compiled.regex.search
        match = search(text)
        while match is not None:  # one search per match: matches of one pattern may overlap
            start = bisect_left(offsets, match.start())
            end = bisect_left(offsets, match.end() - 1, start)
            if end > start:
                found.extend(self._variants(compiled, text, offsets, start, end))
            if start + 1 >= last:
                break
            match = search(text, offsets[start + 1])

    def _variants(
        self, compiled: _Compiled, text: str, offsets: list[int], start: int, end: int
    ) -> list[tuple[str, int, int]]:
        """The greedy match and every shorter one from the same start, as ``Matcher`` reports them."""
        out = [(compiled.key, start, end)]
        for stop in range(end - 1, start + max(compiled.shortest, 1) - 1, -1):
            if compiled.regex.fullmatch(text, offsets[start], offsets[stop] + 1):
                out.append((compiled.key, start, stop))
        return out

    def _encode(self, rows: list[list[int]], doc: Doc) -> tuple[str, list[int]]:
        """The doc as one string of token segments, and where each segment starts."""
        memo = self._memo
        if len(memo) > _MEMO_LIMIT:
            memo.clear()
        parts: list[str] = []
        offsets: list[int] = []
        position = 0
        for row in rows:
            key = tuple(row)
            segment = memo.get(key)
            if segment is None:
                segment = memo[key] = self._segment(row, doc)
            offsets.append(position)
            position += len(segment)
            parts.append(segment)
        offsets.append(position)
        parts.append(_TOKEN)  # every token is followed by a token start, the last one too
        return "".join(parts), offsets

    def _segment(self, row: list[int], doc: Doc) -> str:
        n_strings = len(self._strings)
        store = doc.vocab.strings
        values = _FIELD.join(_SEPARATORS.sub(_REPLACEMENT, store[v]).replace(_CURLY, "'") for v in row[:n_strings])
        flags = "".join("1" if v == 1 else "0" for v in row[n_strings:])
        return f"{_TOKEN}{values}{_FLAGS}{flags}{_END}"

    def _token_regex(self, token: Mapping[str, Any]) -> str:
        fields = [_ANY_FIELD] * len(self._strings)
        flags = ["[01]"] * len(self._flags)
        for attr, spec in token.items():
            if attr in STRING_ATTRS:
                fields[self._strings.index(_canonical(attr))] = _field_regex(spec)
            elif attr in BOOL_ATTRS:
                flags[self._flags.index(attr)] = "1" if spec else "0"
        one = f"{_FIELD.join(fields)}{_FLAGS}{''.join(flags)}{_END}{_TOKEN}"
        op = token.get("OP")
        if op is None:
            return f"(?:{one})"
        low, high = _repeats(op)
        return f"(?:{one}){{{low},{high}}}"


def required_literals(pattern: Sequence[Mapping[str, Any]]) -> list[tuple[str, frozenset[str]]]:
    """Per token that must be present, each string attribute it pins to a value or an ``IN`` list, with the
    words it allows. Tokens that may be absent, or allow any word, or any but some, say nothing and are left out.

    The rarest of them (see :func:`anchor_cost`) anchors the pattern: "patient" anchors "be patient", not "be".
    """
    required = []
    for token in pattern:
        if _optional(token.get("OP")):
            continue
        for attr, spec in token.items():
            if attr not in STRING_ATTRS:
                continue
            if isinstance(spec, str):
                required.append((attr, frozenset({spec})))
            elif isinstance(spec, dict) and set(spec) == {"IN"} and all(isinstance(v, str) for v in spec["IN"]):
                required.append((attr, frozenset(spec["IN"])))
    return required


def _optional(op: object) -> bool:
    """True when the token may match zero times: '?', '*', '!' or a repeat like '{0,2}' or '{,3}'."""
    if op in ("?", "*", "!"):
        return True
    return isinstance(op, str) and op.startswith("{") and op[1:].lstrip("0").startswith((",", "}"))


def anchor_cost(words: frozenset[str]) -> int:
    """How often a token allowing ``words`` is in a doc, roughly: a stop word counts as 200 rare words."""
    return sum(200 if w.lower() in STOP_WORDS else 1 for w in words)


def _spellings(words: frozenset[str]) -> set[int]:
    """String ids of the words as written and with a curly apostrophe, which a token may hold instead."""
    return {get_string_id(v) for w in words for v in (w, w.replace("'", _CURLY))}


def _canonical(attr: str) -> str:
    return "ORTH" if attr == "TEXT" else attr


def _repeats(op: Any) -> tuple[int, int | None]:
    """How many times a token with this ``OP`` may match: (least, most)."""
    if op is None:
        return 1, 1
    if op == "?":
        return 0, 1
    parsed = _OP.fullmatch(op) if isinstance(op, str) else None
    if parsed is None:
        return 1, None
    low, comma, high = parsed.groups()
    least = int(low or 0)
    if not comma:
        return least, least
    return least, (int(high) if high else None)


def _string_values(spec: Any) -> list[str] | None:
    """The words a string attribute spec lists, or None when it is not a plain value, IN or NOT_IN."""
    if isinstance(spec, str):
        values = [spec]
    elif isinstance(spec, dict) and len(spec) == 1 and set(spec) <= {"IN", "NOT_IN"}:
        values = next(iter(spec.values()))
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            return None
    else:
        return None
    return None if any(_SEPARATORS.search(v) for v in values) else values


def _field_regex(spec: Any) -> str:
    if isinstance(spec, str):
        return re.escape(spec.replace(_CURLY, "'"))
    values = {v.replace(_CURLY, "'") for v in next(iter(spec.values()))}
    words = "|".join(re.escape(v) for v in sorted(values, key=lambda v: (-len(v), v)))
    if "IN" in spec:
        return f"(?:{words})" if words else "(?!)"
    return f"(?!(?:{words})[\x1c-\x1f]){_ANY_FIELD}"
