"""Checking text arguments, and the shared spaCy pipeline.

Every public entry point funnels its text through :func:`ensure_text`, so the
rules for what counts as valid input live here and nowhere else.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from .errors import TextTypeError, TextValueError, describe

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: Longest text (in characters) any entry point accepts by default. Large
#: enough for the longest real complaint letters, small enough that one hostile
#: input cannot tie up a worker. Change it with :func:`set_max_length`.
DEFAULT_MAX_LENGTH = 1_000_000

_max_length = DEFAULT_MAX_LENGTH

#: A code point in the surrogate range is never part of valid Unicode text in a
#: Python ``str``: it comes from bytes decoded with ``errors="surrogateescape"``
#: (or a bad JSON ``\\ud800`` escape) and cannot be encoded to UTF-8, so spaCy fails on it.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


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
    Texts longer than :func:`get_max_length` and texts holding lone
    surrogates raise :class:`~complaintkit.TextValueError`.
    """
    if isinstance(value, str):
        if len(value) > _max_length:
            raise TextValueError(
                f"{name} is {len(value):,} characters long; the limit is {_max_length:,}. "
                "Split the text, or raise the limit with complaintkit.set_max_length()."
            )
        if not value.isascii():
            bad = _SURROGATE.search(value)
            if bad is not None:
                raise TextValueError(
                    f"{name} holds a lone surrogate (U+{ord(bad.group()):04X}) at position {bad.start()}, "
                    "which is not valid Unicode; it usually comes from bytes decoded with "
                    "errors='surrogateescape'. Decode the bytes properly, or clean the text with "
                    "text.encode('utf-8', 'replace').decode('utf-8')."
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
    """Build a fresh blank English pipeline: sentences (punctuation and line breaks) and lookup lemmas.

    Its tokenizer is wrapped in :class:`BoundedTokenizer`, so tokenizing takes
    time linear in the length of the text whatever the text holds.
    """
    import spacy

    from . import lemmas  # registers the lemmatizer factory
    from .line_breaks import COMPONENT as LINE_BREAKS

    nlp = spacy.blank("en")
    nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
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
    # ensure_text enforces our own limit (which callers may raise above spaCy's
    # default of 1,000,000); spaCy's limit guards parser and NER memory, and a
    # blank pipeline has neither.
    nlp.max_length = 2**62
    return nlp


#: Longest run of non-space characters tokenized in one piece (see BoundedTokenizer).
MAX_RUN = 500
#: How many characters at the end of a piece spaCy's suffix rules look at (see BoundedTokenizer).
SUFFIX_WINDOW = 16
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")


class BoundedTokenizer:
    """spaCy's tokenizer made linear in the length of the text.

    spaCy splits prefixes and suffixes off a whitespace-delimited piece one at
    a time, searching the whole remaining piece for an end-anchored suffix each
    time, so a piece of n punctuation marks or emoji costs O(n**2): 8,000
    brackets take seconds, a 100,000-character "word" of them minutes. Two
    bounds fix that without changing how ordinary text is tokenized:

    * the suffix search looks at the last ``SUFFIX_WINDOW`` characters only
      (English suffixes, with their look-behind, are at most 6 characters; only
      a trailing run of more than ``SUFFIX_WINDOW`` dots is split differently);
    * a run of more than ``MAX_RUN`` non-space characters is tokenized in
      pieces of ``MAX_RUN`` characters, each ending a token.

    The ``Doc`` covers the text exactly, so character offsets are unchanged.
    """

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer
        self.vocab = tokenizer.vocab
        self._bound_suffixes()

    def _bound_suffixes(self) -> None:
        search = self.tokenizer.suffix_search
        if search is not None and not getattr(search, "windowed", False):
            self.tokenizer.suffix_search = _windowed(search, SUFFIX_WINDOW)

    def __call__(self, text: str) -> Doc:
        if _LONG_RUN.search(text) is None:
            return self.tokenizer(text)
        from spacy.tokens import Doc

        words: list[str] = []
        spaces: list[bool] = []
        start = 0
        for run in _LONG_RUN.finditer(text):
            for cut in range(run.start() + MAX_RUN, run.end(), MAX_RUN):
                self._extend(text[start:cut], words, spaces)
                start = cut
        self._extend(text[start:], words, spaces)
        return Doc(self.vocab, words=words, spaces=spaces)

    def _extend(self, piece: str, words: list[str], spaces: list[bool]) -> None:
        for token in self.tokenizer(piece):
            words.append(token.text)
            spaces.append(bool(token.whitespace_))

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterable[Doc]:
        for text in texts:
            yield self(text)

    # Serialization is the wrapped tokenizer's, so nlp.to_disk works; spacy.load
    # gives back spaCy's plain tokenizer, to be wrapped again.
    def to_disk(self, path: Any, **kwargs: Any) -> None:
        self.tokenizer.to_disk(path, **kwargs)

    def from_disk(self, path: Any, **kwargs: Any) -> BoundedTokenizer:
        self.tokenizer.from_disk(path, **kwargs)
        self._bound_suffixes()
        return self

    def to_bytes(self, **kwargs: Any) -> bytes:
        return self.tokenizer.to_bytes(**kwargs)

    def from_bytes(self, data: bytes, **kwargs: Any) -> BoundedTokenizer:
        self.tokenizer.from_bytes(data, **kwargs)
        self._bound_suffixes()
        return self


def _windowed(search: Callable[[str], Any], window: int) -> Callable[[str], Any]:
    """A suffix search that only looks at the end of the string (spaCy uses only the match length)."""

    def windowed_search(string: str) -> Any:
        return search(string[-window:]) if len(string) > window else search(string)

    windowed_search.windowed = True  # type: ignore[attr-defined]
    if hasattr(search, "__self__"):  # spaCy saves a suffix search as its compiled pattern's __self__.pattern
        windowed_search.__self__ = search.__self__  # type: ignore[attr-defined]
    return windowed_search
