"""Checking text arguments, and the shared spaCy pipeline.

Every public entry point funnels its text through :func:`ensure_text`, so the
rules for what counts as valid input live here and nowhere else.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .errors import TextTypeError, TextValueError, describe

if TYPE_CHECKING:
    from spacy.language import Language

#: Longest text (in characters) any entry point accepts by default. Large
#: enough for the longest real complaint letters, small enough that one hostile
#: input cannot tie up a worker. Change it with :func:`set_max_length`.
DEFAULT_MAX_LENGTH = 1_000_000

_max_length = DEFAULT_MAX_LENGTH


def set_max_length(limit: int) -> None:
    """Set the longest text (in characters) that entry points accept."""
    global _max_length
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise TextValueError(f"max length must be a positive int, got {describe(limit)}")
    _max_length = limit


def get_max_length() -> int:
    """The longest text (in characters) that entry points accept now."""
    return _max_length


def ensure_text(value: object, *, name: str = "text") -> str:
    """Return ``value`` if it is a usable text, else raise one of our errors.

    Empty and whitespace-only strings are valid: they give empty results.
    """
    if isinstance(value, str):
        if len(value) > _max_length:
            raise TextValueError(
                f"{name} is {len(value):,} characters long; the limit is {_max_length:,}. "
                "Split the text, or raise the limit with complaintkit.set_max_length()."
            )
        return value
    if isinstance(value, (bytes, bytearray)):
        raise TextTypeError(
            f"{name} must be a str, got bytes; decode it first, e.g. value.decode('utf-8')"
        )
    raise TextTypeError(f"{name} must be a str, got {describe(value)}")


def ensure_texts(values: object, *, name: str = "texts") -> list[str]:
    """Validate a batch, naming the position of the first bad item."""
    if isinstance(values, (str, bytes, bytearray)):
        raise TextTypeError(
            f"{name} must be an iterable of str (a list, tuple or pandas Series), "
            f"got a single {type(values).__name__}; wrap it in a list"
        )
    if not isinstance(values, Iterable):
        raise TextTypeError(f"{name} must be an iterable of str, got {describe(values)}")
    out: list[str] = []
    for position, value in enumerate(values):
        out.append(ensure_text(value, name=f"{name}[{position}]"))
    return out


_nlp_lock = threading.Lock()
_nlp: Language | None = None


def blank_pipeline() -> Language:
    """The shared blank English pipeline with lookup lemmas, built once.

    Uses ``spacy.blank("en")`` plus the lookup lemmatizer from
    ``spacy-lookups-data``; nothing is downloaded.
    """
    global _nlp
    if _nlp is None:
        with _nlp_lock:
            if _nlp is None:
                _nlp = make_pipeline()
    return _nlp


def make_pipeline() -> Language:
    """Build a fresh blank English pipeline: sentences (punctuation and line breaks) and lookup lemmas."""
    import spacy

    from . import lemmas  # registers the lemmatizer factory
    from .line_breaks import COMPONENT as LINE_BREAKS

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(LINE_BREAKS)
    try:
        nlp.add_pipe(lemmas.FACTORY, config={"mode": "lookup"})
        nlp.initialize()
    except Exception as err:  # spacy-lookups-data missing or broken
        raise RuntimeError(
            "complaintkit needs the package spacy-lookups-data for lemmas; "
            "install it with: pip install spacy-lookups-data"
        ) from err
    nlp.max_length = max(nlp.max_length, DEFAULT_MAX_LENGTH + 1)
    return nlp
