"""A lookup lemmatizer that also finds lemmas of capitalised words.

spaCy's lookup lemmatizer looks up ``token.text`` as written, so "Failed" at
the start of a sentence keeps the lemma "Failed" while "failed" gets "fail".
Rules match on lemmas, so a sentence-initial verb would slip past them.

A word's lookup lemma depends on its text only, so each word is looked up
once and remembered; the lemmatizer was a quarter of the tone checker's time.
"""

from __future__ import annotations

from typing import Any

from spacy.attrs import LEMMA, ORTH
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Token

FACTORY = "complaintkit_lemmatizer"
#: Distinct words remembered; past this the memo starts afresh.
MEMO_LIMIT = 500_000


class CaseInsensitiveLemmatizer(Lemmatizer):
    """Looks a word up as written, then in lower case."""

    def lookup_lemmatize(self, token: Token) -> list[str]:
        table = self.lookups.get_table("lemma_lookup", {})
        result = table.get(token.text)
        if result is None:
            result = table.get(token.lower_, token.text if token.text == token.lower_ else token.lower_)
        return [result] if isinstance(result, str) else list(result)

    def __call__(self, doc: Doc) -> Doc:
        if self.mode != "lookup" or not len(doc):
            return super().__call__(doc)
        table = self.lookups.get_table("lemma_lookup", {})
        memo: dict[int, int] | None = getattr(self, "_memo", None)
        if memo is None or getattr(self, "_memo_table", None) is not table or len(memo) > MEMO_LIMIT:
            memo = self._memo = {}
            self._memo_table: Any = table
        values = doc.to_array([ORTH, LEMMA])
        strings = doc.vocab.strings
        for row in values:
            if row[1] and not self.overwrite:
                continue
            orth = int(row[0])
            lemma = memo.get(orth)
            if lemma is None:
                text = strings[orth]
                found = table.get(text)
                if found is None:
                    lower = text.lower()
                    found = table.get(lower, lower)
                lemma = memo[orth] = strings.add(found if isinstance(found, str) else next(iter(found)))
            row[1] = lemma
        doc.from_array([LEMMA], values[:, 1:])
        return doc


@Language.factory(
    FACTORY,
    assigns=["token.lemma"],
    default_config={"model": None, "mode": "lookup", "overwrite": False},
)
def make_lemmatizer(nlp: Language, name: str, model: object, mode: str, overwrite: bool) -> Lemmatizer:
    return CaseInsensitiveLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite)
