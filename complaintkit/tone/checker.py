"""``ToneChecker``: rules plus a sentence model over a reply draft."""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..errors import RuleError, describe
from ..gc_pause import gc_paused
from ..line_breaks import HANDLES_ONLY
from ..results import GoodSpan, ToneFlag, ToneReport
from ..text import ensure_text, ensure_texts, make_pipeline
from .courtesy import default_courtesy
from .kinds import ESSENTIAL_KINDS
from .matcher import RuleMatcher
from .regions import ignored_regions, overlaps
from .rules import ToneRule, load_rules, read_rule_file
from .scoring import tone_score
from .sentence_model import SentenceModel, load_sentence_model, outweighed

_DEFAULT = object()
#: Fewest words a sentence needs before the model judges it: in fragments like "So sorry!" or "Nope!" the
#: model guesses from one or two words (most of its flags on them, in training and in real replies, are wrong).
MODEL_MIN_WORDS = 3
_WORD = re.compile(r"(?<![\w@#])[^\W\d_]+")  # a word of letters, not a handle's or hashtag's


class ToneChecker:
    """Checks reply drafts for blaming, defensive, argumentative and dismissive phrasing.

    Parameters
    ----------
    rules : list of paths or ToneRule, optional
        Replace the shipped rules entirely.
    disable : sequence of str
        Rule ids or id prefixes to switch off, e.g. ``("dismissive", "overpromise.guarantee")``.
    extra_rules : path or list of paths, optional
        Rule packs added to the shipped rules (JSON, or YAML with PyYAML).
    model : "default", None or SentenceModel
        The sentence model that catches paraphrases the rules miss; None for rules only.
    ignore_quotes : bool
        Skip text inside quotation marks (quoted customer words).
    nlp : spacy.Language, optional
        Pipeline to tokenise with; defaults to ``spacy.blank("en")`` with lookup lemmas.

    Examples
    --------
    >>> checker = ToneChecker(disable=("overpromise",))
    >>> checker.check("Calm down, it's only a few days.").flag_kinds
    ['dismissive']
    """

    def __init__(
        self,
        rules: Sequence[str | Path | ToneRule] | None = None,
        *,
        disable: Sequence[str] = (),
        extra_rules: str | Path | Sequence[str | Path] | None = None,
        model: Any = "default",
        ignore_quotes: bool = True,
        nlp: Language | None = None,
    ) -> None:
        loaded = _collect_rules(rules, extra_rules)
        if isinstance(disable, str):
            disable = (disable,)
        self.disable = tuple(disable)
        self.rules = [r for r in loaded if not _disabled(r.id, self.disable)]
        self.ignore_quotes = ignore_quotes
        self.nlp = nlp if nlp is not None else make_pipeline()
        self._matcher = RuleMatcher(self.rules, self.nlp.vocab)
        if model == "default":
            self.model: SentenceModel | None = load_sentence_model()
        elif model is None or isinstance(model, SentenceModel):
            self.model = model
        else:
            raise TypeError(f"model must be 'default', None or a SentenceModel, got {describe(model)}")
        self._lock = threading.Lock()

    # -- public -----------------------------------------------------------
    def check(self, text: str) -> ToneReport:
        """Check one reply draft."""
        return self.check_many([ensure_text(text)])[0]

    def check_many(self, texts: Iterable[str], *, batch_size: int = 256) -> list[ToneReport]:
        """Check many drafts, batched through ``nlp.pipe``; results in input order."""
        checked = ensure_texts(texts)
        with gc_paused():
            with self._lock:  # spaCy's vocab grows while tokenising; keep one writer at a time
                docs = list(self.nlp.pipe(checked, batch_size=batch_size))
                regions = [self._regions(text) for text in checked]  # a doc's text is its input, rebuilt token by token
                matched = [self._matcher(doc, r) for doc, r in zip(docs, regions, strict=True)]
            return self._reports(checked, docs, matched, regions)

    def check_doc(self, doc: Doc) -> ToneReport:
        """Check a ``Doc`` already made by a pipeline (used by the spaCy component)."""
        text = ensure_text(doc.text, name="doc.text")  # the same length limit as every other entry point
        with self._lock:
            regions = self._regions(text)
            matches = self._matcher(doc, regions)
        return self._reports([text], [doc], [matches], [regions])[0]

    def sentence_spans(self, text: str) -> list[tuple[int, int]]:
        """Character spans of the sentences of ``text``; a line break also ends a sentence.

        Greetings and sign-offs sit on lines of their own without a full stop,
        so line breaks split too.
        """
        text = ensure_text(text)
        with self._lock:
            doc = self.nlp(text)
        spans: list[tuple[int, int]] = []
        for sentence in doc.sents if len(doc) else []:
            start = sentence.start_char
            for line in re.finditer(r"[^\r\n]+", text[start:sentence.end_char]):
                piece = line.group()
                if piece.strip():
                    lead = len(piece) - len(piece.lstrip())
                    spans.append((start + line.start() + lead, start + line.start() + len(piece.rstrip())))
        return spans

    # -- internals --------------------------------------------------------
    def _regions(self, text: str) -> list[tuple[int, int]]:
        return ignored_regions(text, quotes=self.ignore_quotes)

    def _reports(
        self, texts: list[str], docs: list[Doc], matched: list[list[Any]], regions: list[list[tuple[int, int]]]
    ) -> list[ToneReport]:
        """Reports for many docs; the sentence model sees every candidate sentence in one batch."""
        drafts = [self._rule_findings(*parts) for parts in zip(texts, docs, matched, regions, strict=True)]
        if self.model is not None:
            self._add_model_flags(self.model, drafts)
        return [self._finish(d) for d in drafts]

    def _add_model_flags(self, model: SentenceModel, drafts: list[_Findings]) -> None:
        candidates = [(d, i, s) for d in drafts for i, s in self._model_candidates(d)]
        predictions = model.predict([s.text for _, _, s in candidates]) if candidates else []
        shown = {id(d): d.good_kinds_by_sentence() for d in drafts}
        for (draft, i, sentence), (kind, probability) in zip(candidates, predictions, strict=True):
            if kind is None or _disabled(f"{kind}.model", self.disable):
                continue
            if outweighed(kind, shown[id(draft)].get(i, set()), sentence.text):
                continue
            span = sentence.text.strip()
            start = sentence.start_char + sentence.text.index(span)
            draft.flags.append(ToneFlag(
                kind=kind, rule_id=f"{kind}.model", start=start, end=start + len(span), text=span, sentence=i,
                severity="warning", message=model.message(kind, probability), suggestion=None, source="model",
            ))

    def _rule_findings(
        self, text: str, doc: Doc, matches: list[Any], regions: list[tuple[int, int]]
    ) -> _Findings:
        sentences = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        starts = [s.start_char for s in sentences]
        findings = _Findings(text, sentences, regions, starts)
        outweighable: list[tuple[ToneFlag, tuple[str, ...]]] = []
        for match in matches:
            rule, span = match.rule, match.span
            if rule.is_good:
                findings.good.append(GoodSpan(rule.kind, rule.id, span.start_char, span.end_char, span.text))
                continue
            flag = ToneFlag(
                kind=rule.kind, rule_id=rule.id, start=span.start_char, end=span.end_char, text=span.text,
                sentence=_sentence_index(starts, span.start_char), severity=rule.severity,
                message=rule.message, suggestion=rule.suggestion, source="rule",
            )
            findings.flags.append(flag)
            if rule.outweighed_by:
                outweighable.append((flag, rule.outweighed_by))
        if outweighable:  # a fix or an admission in the same sentence outweighs the phrasing
            shown = findings.good_kinds_by_sentence()
            dropped = {id(flag) for flag, kinds in outweighable if shown.get(flag.sentence, set()) & set(kinds)}
            findings.flags = [f for f in findings.flags if id(f) not in dropped]
        return findings

    def _model_candidates(self, findings: _Findings) -> list[tuple[int, Any]]:
        """Sentences the model should judge: not those a rule already flagged, not quoted or marked ones,
        not a reply's opening @handles, not fragments too short to judge ("So sorry!", "Nope!").

        Where a rule recognised a good move in the sentence, ``OUTWEIGHED_BY``
        decides afterwards whether it outweighs the model's guess.
        """
        flagged = {f.sentence for f in findings.flags}
        regions = findings.regions
        region_ends = [e for _, e in regions]
        return [
            (i, s) for i, s in enumerate(findings.sentences)
            if i not in flagged and len(_WORD.findall(s.text)) >= MODEL_MIN_WORDS and not HANDLES_ONLY.fullmatch(s.text)
            and not overlaps(s.start_char, s.end_char, regions, region_ends)
        ]

    def _finish(self, findings: _Findings) -> ToneReport:
        flags = sorted(findings.flags, key=lambda f: (f.start, f.rule_id))
        good = _drop_undercut_apologies(findings.good, flags)
        kinds = {g.kind for g in good}
        missing = [k for k in ESSENTIAL_KINDS if k not in kinds]
        courtesy = default_courtesy().balance(_blank(findings.text, findings.regions))
        score = tone_score(kinds, (f.severity for f in flags), courtesy)
        return ToneReport(text=findings.text, flags=flags, good=good, missing=missing, score=score,
                          courtesy=courtesy)


@dataclass
class _Findings:
    """What the rules found in one doc, before the model and the score."""

    text: str
    sentences: list[Any]
    regions: list[tuple[int, int]]
    starts: list[int]  # character offset where each sentence starts
    flags: list[ToneFlag] = field(default_factory=list)
    good: list[GoodSpan] = field(default_factory=list)

    def good_kinds_by_sentence(self) -> dict[int, set[str]]:
        """The good moves the rules recognised, per sentence index: what may outweigh a flag there."""
        shown: dict[int, set[str]] = {}
        for g in self.good:
            shown.setdefault(_sentence_index(self.starts, g.start), set()).add(g.kind)
        return shown


def _collect_rules(
    rules: Sequence[str | Path | ToneRule] | None, extra: str | Path | Sequence[str | Path] | None
) -> list[ToneRule]:
    if rules is None:
        collected = load_rules()
    else:
        collected = []
        for item in rules:
            collected.extend([item] if isinstance(item, ToneRule) else read_rule_file(item))
    if extra is not None:
        paths = [extra] if isinstance(extra, (str, Path)) else list(extra)
        collected.extend(load_rules(paths))
    seen: set[str] = set()
    for rule in collected:
        if rule.id in seen:
            raise RuleError(f"{rule.origin}: rule {rule.id}: the id is already defined by another rule")
        seen.add(rule.id)
    return collected


def _disabled(rule_id: str, disable: Sequence[str]) -> bool:
    return any(rule_id == d or rule_id.startswith(d.rstrip(".") + ".") for d in disable)


def _blank(text: str, regions: list[tuple[int, int]]) -> str:
    """The text with quoted and marked regions replaced by spaces, so their words don't count."""
    if not regions:
        return text
    parts, cursor = [], 0
    for start, end in regions:
        parts.append(text[cursor:start])
        parts.append(" " * (end - start))
        cursor = end
    parts.append(text[cursor:])
    return "".join(parts)


def _sentence_index(starts: list[int], char: int) -> int:
    """Index of the sentence holding ``char`` (``starts`` is sorted); a binary search keeps long texts linear."""
    return max(0, bisect_right(starts, char) - 1)


def _drop_undercut_apologies(good: list[GoodSpan], flags: list[ToneFlag]) -> list[GoodSpan]:
    """An apology inside a non-apology ("sorry if you feel...") is not a sincere apology."""
    undercut = sorted((f.start, f.end) for f in flags if f.kind == "non_apology")
    if not undercut:
        return good
    starts = [s for s, _ in undercut]
    reach = []  # reach[i]: the furthest end among undercut[:i + 1], so one lookup per apology
    for _, end in undercut:
        reach.append(max(end, reach[-1]) if reach else end)

    def undercut_at(g: GoodSpan) -> bool:
        i = bisect_right(starts, g.end) - 1  # the last non-apology starting at or before the apology ends
        return i >= 0 and reach[i] >= g.start

    return [g for g in good if not (g.kind == "apologize" and undercut_at(g))]
