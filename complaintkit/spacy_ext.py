"""spaCy integration: the ``complaintkit_tone`` pipeline component.

Registered through the ``spacy_factories`` entry point in ``setup.cfg``, so
``nlp.add_pipe("complaintkit_tone")`` works without importing complaintkit.
Flags go to ``doc.spans["complaintkit_tone"]`` (labelled by kind) and the full
report to ``doc._.tone``. Custom rules added with :meth:`ToneComponent.add_rules`
are saved by ``nlp.to_disk`` and restored by ``spacy.load``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ._io import write_text_atomic
from .errors import RuleError
from .tone.checker import ToneChecker
from .tone.rules import parse_rule_document

FACTORY = "complaintkit_tone"
_RULES_FILE = "rules.json"

if not Doc.has_extension("tone"):
    Doc.set_extension("tone", default=None)


class ToneComponent:
    """Runs the tone checker on each ``Doc``."""

    def __init__(self, nlp: Language, name: str, disable: list[str], use_model: bool, ignore_quotes: bool) -> None:
        self.nlp = nlp
        self.name = name
        self.disable = list(disable)
        self.use_model = use_model
        self.ignore_quotes = ignore_quotes
        self.custom_rules: list[dict[str, Any]] = []
        self._lemmatizer = None
        self._build()

    def _build(self) -> None:
        from .tone.rules import ToneRule

        extra: list[ToneRule] = []
        for document in self.custom_rules:
            extra.extend(parse_rule_document({"rules": [document]}, source=f"{self.name} custom rules"))
        from .tone.rules import load_rules

        self.checker = ToneChecker(
            [*load_rules(), *extra], disable=self.disable, model="default" if self.use_model else None,
            ignore_quotes=self.ignore_quotes, nlp=self.nlp,
        )

    def add_rules(self, rules: Iterable[dict[str, Any]]) -> None:
        """Add rules (dicts in the rule-file schema); they are validated now and saved with the pipeline."""
        new = list(rules)
        parse_rule_document({"rules": new}, source=f"{self.name} custom rules")
        self.custom_rules.extend(new)
        self._build()

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("LEMMA"):
            self._lemmas()(doc)
        report = self.checker.check_doc(doc)
        spans = []
        for flag in report.flags:
            span = doc.char_span(flag.start, flag.end, label=flag.kind, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[self.name] = spans
        doc._.tone = report
        return doc

    def _lemmas(self) -> Any:
        """Lookup lemmas for pipelines without a lemmatizer (rules match on LEMMA)."""
        if self._lemmatizer is None:
            from .text import make_pipeline

            self._lemmatizer = make_pipeline().get_pipe("complaintkit_lemmatizer")
        return self._lemmatizer

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        write_text_atomic(Path(path) / _RULES_FILE, json.dumps({"rules": self.custom_rules}, indent=1))

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ToneComponent:
        file = Path(path) / _RULES_FILE
        if file.is_file():
            try:
                data = json.loads(file.read_text(encoding="utf-8"))
            except (OSError, ValueError) as err:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
                raise RuleError(f"{file}: could not read the rules as UTF-8 JSON: {err}") from None
            if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
                raise RuleError(f"{file}: expected an object with a 'rules' list")
            self.custom_rules = list(data["rules"])
            self._build()
        return self


@Language.factory(
    FACTORY,
    assigns=["doc.spans", "doc._.tone"],
    default_config={"disable": [], "use_model": True, "ignore_quotes": True},
)
def make_tone_component(
    nlp: Language, name: str, disable: list[str], use_model: bool, ignore_quotes: bool
) -> ToneComponent:
    return ToneComponent(nlp, name, disable, use_model, ignore_quotes)
