"""A lookup lemmatizer that also finds lemmas of capitalised words.

spaCy's lookup lemmatizer looks up ``token.text`` as written, so "Failed" at
the start of a sentence keeps the lemma "Failed" while "failed" gets "fail".
Rules match on lemmas, so a sentence-initial verb would slip past them.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Token

FACTORY = "complaintkit_lemmatizer"


class CaseInsensitiveLemmatizer(Lemmatizer):
    """Looks a word up as written, then in lower case."""

    def lookup_lemmatize(self, token: Token) -> list[str]:
        table = self.lookups.get_table("lemma_lookup", {})
        result = table.get(token.text)
        if result is None:
            result = table.get(token.lower_, token.text if token.text == token.lower_ else token.lower_)
        return [result] if isinstance(result, str) else list(result)


@Language.factory(
    FACTORY,
    assigns=["token.lemma"],
    default_config={"model": None, "mode": "lookup", "overwrite": False},
)
def make_lemmatizer(nlp: Language, name: str, model: object, mode: str, overwrite: bool) -> Lemmatizer:
    return CaseInsensitiveLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite)
