"""``ToneChecker``: rules plus a sentence model over a reply draft."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..errors import RuleError, describe
from ..results import GoodSpan, ToneFlag, ToneReport
from ..text import ensure_text, ensure_texts, make_pipeline
from .kinds import ESSENTIAL_KINDS
from .matcher import RuleMatcher
from .regions import ignored_regions, overlaps
from .rules import ToneRule, load_rules, read_rule_file
from .scoring import tone_score
from .sentence_model import SentenceModel, load_sentence_model

_DEFAULT = object()


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
        with self._lock:  # spaCy's vocab grows while tokenising; keep one writer at a time
            docs = list(self.nlp.pipe(checked, batch_size=batch_size))
            matched = [self._matcher(doc, self._regions(doc.text)) for doc in docs]
        return [self._report(doc, matches) for doc, matches in zip(docs, matched, strict=True)]

    def check_doc(self, doc: Doc) -> ToneReport:
        """Check a ``Doc`` already made by a pipeline (used by the spaCy component)."""
        with self._lock:
            matches = self._matcher(doc, self._regions(doc.text))
        return self._report(doc, matches)

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

    def _report(self, doc: Doc, matches: list[Any]) -> ToneReport:
        text = doc.text
        sentences = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        starts = [s.start_char for s in sentences]
        flags: list[ToneFlag] = []
        good: list[GoodSpan] = []
        for match in matches:
            rule, span = match.rule, match.span
            if rule.is_good:
                good.append(GoodSpan(rule.kind, rule.id, span.start_char, span.end_char, span.text))
            else:
                flags.append(ToneFlag(
                    kind=rule.kind, rule_id=rule.id, start=span.start_char, end=span.end_char, text=span.text,
                    sentence=_sentence_index(starts, span.start_char), severity=rule.severity,
                    message=rule.message, suggestion=rule.suggestion, source="rule",
                ))
        if self.model is not None:
            flags.extend(self._model_flags(sentences, flags, text))
            flags.sort(key=lambda f: (f.start, f.rule_id))
        good = _drop_undercut_apologies(good, flags)
        kinds = {g.kind for g in good}
        missing = [k for k in ESSENTIAL_KINDS if k not in kinds]
        score = tone_score(kinds, (f.severity for f in flags))
        return ToneReport(text=text, flags=flags, good=good, missing=missing, score=score)

    def _model_flags(self, sentences: list[Any], flags: list[ToneFlag], text: str) -> list[ToneFlag]:
        assert self.model is not None
        regions = self._regions(text)
        flagged = {f.sentence for f in flags}
        candidates = [
            (i, s) for i, s in enumerate(sentences)
            if i not in flagged and s.text.strip() and not overlaps(s.start_char, s.end_char, regions)
        ]
        if not candidates:
            return []
        predictions = self.model.predict([s.text for _, s in candidates])
        out = []
        for (i, sentence), (kind, probability) in zip(candidates, predictions, strict=True):
            if kind is None or _disabled(f"{kind}.model", self.disable):
                continue
            span = sentence.text.strip()
            start = sentence.start_char + sentence.text.index(span)
            out.append(ToneFlag(
                kind=kind, rule_id=f"{kind}.model", start=start, end=start + len(span), text=span, sentence=i,
                severity="warning", message=self.model.message(kind, probability), suggestion=None, source="model",
            ))
        return out


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


def _sentence_index(starts: list[int], char: int) -> int:
    index = 0
    for i, start in enumerate(starts):
        if start <= char:
            index = i
        else:
            break
    return index


def _drop_undercut_apologies(good: list[GoodSpan], flags: list[ToneFlag]) -> list[GoodSpan]:
    """An apology inside a non-apology ("sorry if you feel...") is not a sincere apology."""
    undercut = [f for f in flags if f.kind == "non_apology"]
    return [g for g in good if not (g.kind == "apologize" and any(f.start <= g.end and g.start <= f.end
                                                                   for f in undercut))]
