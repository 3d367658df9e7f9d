"""Fast sparse text features: word uni/bigrams plus character n-grams of words.

scikit-learn's ``TfidfVectorizer`` builds character n-grams for every word of
every document in Python, which caps a word+char model at roughly 8,000 short
texts a second. Here the n-grams of a word are computed once and cached, so
repeated words (most of them, in real text) cost one dictionary lookup, and
the sparse matrix is assembled with numpy in one go.

Optionally (``sentiment=True``) five more columns say how positive and how
negative a text's words are, from VADER's human-rated lexicon (Hutto and
Gilbert, 2014). They carry what n-grams learned from a few thousand texts
cannot: that "useless" and "joke" are negative even when no training text
used them. The lexicon is read once at ``fit`` and stored in the fitted
object, so a saved model does not change when the lexicon package does.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain, repeat
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from ..errors import ModelError

_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
_HANDLE = re.compile(r"@\w+")
_DIGITS = re.compile(r"\d+")
_ZEROS = re.compile(r"0{2,}")
#: Curly quotes to straight ones, and ASCII digits to 0 (runs are then collapsed): one C-level pass.
_QUOTES_AND_DIGITS = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', **{d: "0" for d in "123456789"}}
)
_TOKEN = re.compile(r"[^\W\d_](?:[\w']*\w)?|0|[!?]+|[^\w\s]")
#: Words that open a negation scope, and tokens that close one (see ``negation_keys``).
_NEGATORS = frozenset({
    "not", "no", "never", "nothing", "nobody", "none", "nor", "cannot", "without",
    "dont", "didnt", "doesnt", "cant", "wont", "isnt", "arent", "wasnt", "werent", "havent", "hasnt", "hadnt",
    "shouldnt", "couldnt", "wouldnt",
})
_SCOPE_ENDS = frozenset({".", ",", ";", ":", "!", "?", "but", "however", "although", "though"})
#: Closed-class words kept by ``skeleton_keys`` (the negators among them); every other word becomes a gap.
_FUNCTION_WORDS = _NEGATORS | frozenset({
    "i", "you", "we", "they", "he", "she", "it", "me", "us", "them", "my", "your", "our", "their", "his", "her",
    "its", "yours", "ours", "theirs", "yourself", "ourselves", "i'm", "you're", "we're", "they're", "it's",
    "that's", "there's", "here's", "i've", "you've", "we've", "they've", "i'd", "you'd", "we'd", "they'd", "i'll",
    "you'll", "we'll", "they'll", "he's", "she's", "is", "are", "was", "were", "be", "been", "being", "am", "do",
    "does", "did", "have", "has", "had", "will", "would", "shall", "should", "can", "could", "may", "might", "must",
    "don't", "didn't", "doesn't", "can't", "won't", "isn't", "aren't", "wasn't", "weren't", "haven't",
    "hasn't", "hadn't", "shouldn't", "couldn't", "wouldn't", "the", "a", "an", "this", "that", "these", "those",
    "any", "all", "some", "every", "each", "which", "who", "whom", "whose", "what", "when", "why", "how", "where",
    "to", "of", "in", "on", "at", "for", "with", "by", "from", "about", "as", "if", "because", "since", "unless",
    "until", "than", "so", "but", "and", "or", "yet", "just", "only", "already", "still", "even", "again",
    "clearly", "simply", "obviously", "actually", "really", "also", "too", "very", "quite", "here", "there",
    "please", "sorry", "yes", "ok",
})
_GAP = "_"
_FRAME_JOIN = "\u00a7".join

#: Cap on cached words: bounds memory on adversarial input with endless new words.
_CACHE_LIMIT = 200_000


def normalize_text(text: str) -> str:
    """Lowercase and mask what varies without changing meaning.

    Handles are masked because the brand a customer writes to says nothing
    about what went wrong; digits are collapsed so order numbers, amounts and
    dates become one feature each.
    """
    text = text.translate(_QUOTES_AND_DIGITS).lower()
    if "http" in text or "www." in text:
        text = _URL.sub(" urltoken ", text)
    if "@" in text:
        text = _HANDLE.sub(" @user ", _EMAIL.sub(" emailtoken ", text))
    if not text.isascii():  # digits of other scripts
        return _DIGITS.sub("0", text)
    return _ZEROS.sub("0", text) if "00" in text else text


def tokenize(text: str) -> list[str]:
    """Words of the normalized text, with runs of ! and ? kept as tokens."""
    return _TOKEN.findall(normalize_text(text))


def negation_keys(tokens: list[str]) -> list[str]:
    """``~word`` for each word between a negation and the end of its clause.

    "not our fault" and "our fault" share every n-gram but the first; marking
    the scope lets a linear model weigh "fault" under a negation on its own
    (Das and Chen, 2001; Pang et al., 2002).
    """
    keys: list[str] = []
    negated = False
    for token in tokens:
        if token in _SCOPE_ENDS or token[0] in "!?":
            negated = False
        elif negated:
            keys.append(f"~{token}")
        elif token in _NEGATORS or token.endswith("n't"):
            negated = True
    return keys


def skeleton_keys(tokens: list[str]) -> list[str]:
    """Three- and four-grams of the sentence's function words, content words as gaps.

    "you never bothered to check" and "you never thought to ask" share the
    frame ``you never _ to _``: the way a reply is built (who does what,
    negated or not) carries tone that its topic words, unseen in training,
    do not. Keys join three or four tokens with "§" and hold no space, so
    none equals a word or word n-gram key.
    """
    frame: list[str] = []
    gap = False
    for token in tokens:
        if token in _FUNCTION_WORDS or not token[0].isalpha():
            frame.append(token)
            gap = False
        elif not gap:
            frame.append(_GAP)
            gap = True
    keys = list(map(_FRAME_JOIN, zip(frame, frame[1:], frame[2:], strict=False)))
    keys.extend(map(_FRAME_JOIN, zip(frame, frame[1:], frame[2:], frame[3:], strict=False)))
    return keys


class TextFeatures(TransformerMixin, BaseEstimator):
    """TF-IDF over word n-grams and within-word character n-grams.

    Parameters
    ----------
    word_ngrams : int
        Longest run of words used as a feature (1 = unigrams, 2 = add bigrams).
    char_ngrams : tuple of int
        Range of character n-gram lengths taken inside each word (padded with
        spaces). ``(0, 0)`` turns them off.
    min_df : int
        Drop features seen in fewer documents than this during ``fit``.
    sublinear_tf : bool
        Use ``1 + log(count)`` instead of raw counts.
    sentiment : bool
        Add five lexicon sentiment columns (see the module docstring).
    negation : bool
        Add a ``~word`` feature for each word inside a negation's scope (see ``negation_keys``).
    skeleton : bool
        Add function-word frames with content words as gaps (see ``skeleton_keys``).
    """

    def __init__(
        self,
        word_ngrams: int = 2,
        char_ngrams: tuple[int, int] = (3, 5),
        min_df: int = 2,
        sublinear_tf: bool = True,
        sentiment: bool = False,
        negation: bool = False,
        skeleton: bool = False,
    ) -> None:
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.sublinear_tf = sublinear_tf
        self.sentiment = sentiment
        self.negation = negation
        self.skeleton = skeleton

    # -- analysis ---------------------------------------------------------
    def _word_keys(self, word: str) -> list[str]:
        keys = [word]
        low, high = self.char_ngrams
        if high > 0 and len(word) > 1 and word[0].isalpha():
            padded = f" {word} "
            for n in range(low, high + 1):
                keys.extend(f"#{padded[i:i + n]}" for i in range(len(padded) - n + 1))
        return keys

    def _doc_keys(self, tokens: list[str]) -> list[str]:
        keys: list[str] = []
        for word in tokens:
            keys.extend(self._word_keys(word))
        for n in range(2, self.word_ngrams + 1):
            keys.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
        keys.extend(self._context_keys(tokens))
        return keys

    def _context_keys(self, tokens: list[str]) -> list[str]:
        # .get: models saved before these options existed lack the attributes
        keys = negation_keys(tokens) if self.__dict__.get("negation") else []
        if self.__dict__.get("skeleton"):
            keys.extend(skeleton_keys(tokens))
        return keys

    # -- estimator API ----------------------------------------------------
    def fit(self, X: Iterable[str], y: Any = None) -> TextFeatures:
        docs = list(X)
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(set(self._doc_keys(tokenize(doc))))
        kept = sorted(k for k, c in df.items() if c >= self.min_df)
        if not kept:
            kept = sorted(df)
        self.vocabulary_ = {k: i for i, k in enumerate(kept)}
        n_docs = len(docs)
        counts = np.array([df[k] for k in kept], dtype=np.float64)
        self.idf_ = np.log((1.0 + n_docs) / (1.0 + counts)) + 1.0
        self.valence_ = sentiment_lexicon() if self.sentiment else {}
        self.n_features_out_ = len(kept) + (len(SENTIMENT_COLUMNS) if self.sentiment else 0)
        return self

    def transform(self, X: Iterable[str]) -> sp.csr_matrix:
        ngrams, sentiment = self.transform_parts(X)
        return ngrams if sentiment is None else sp.hstack([ngrams, sentiment], format="csr")

    def transform_parts(self, X: Iterable[str]) -> tuple[sp.csr_matrix, sp.csr_matrix | None]:
        """The n-gram matrix and, with ``sentiment=True``, the sentiment columns, kept apart for models
        that use only the first."""
        check_is_fitted(self, "vocabulary_")
        cache = self.__dict__.get("_cache")
        if cache is None:
            cache = self.__dict__["_cache"] = _WordCache(self)
        get = self.vocabulary_.get
        context = self.__dict__.get("negation") or self.__dict__.get("skeleton")
        # Words are counted per document first; each distinct word of the
        # batch is expanded into its features once, and one sparse product
        # spreads those features over the documents.
        batch_words = _Numbering()
        word_ids = array("l")
        word_ptr = array("l", [0])
        gram_ids = array("l")
        gram_ptr = array("l", [0])
        for doc in X:
            tokens = tokenize(doc)
            word_ids.extend(map(batch_words.__getitem__, tokens))
            word_ptr.append(len(word_ids))
            for n in range(2, self.word_ngrams + 1):
                grams = map(" ".join, zip(*(tokens[i:] for i in range(n)), strict=False))
                gram_ids.extend(map(get, grams, repeat(-1)))
            if context:
                gram_ids.extend(map(get, self._context_keys(tokens), repeat(-1)))
            gram_ptr.append(len(gram_ids))
        n_docs = len(word_ptr) - 1
        width = len(self.vocabulary_)
        doc_words = _csr(word_ids, word_ptr, (n_docs, len(batch_words)))
        rows = [cache[word] for word in batch_words]
        row_ptr = np.zeros(len(rows) + 1, dtype=np.int_)
        np.cumsum([len(r) for r in rows], out=row_ptr[1:])
        flat = np.fromiter(chain.from_iterable(rows), dtype=np.int_, count=int(row_ptr[-1]))
        word_features = sp.csr_matrix((np.ones(len(flat)), flat, row_ptr), shape=(len(rows), width))
        matrix = (doc_words @ word_features + _csr(gram_ids, gram_ptr, (n_docs, width))).tocsr()
        matrix.sum_duplicates()
        matrix.eliminate_zeros()
        if self.sublinear_tf:
            np.log(matrix.data, out=matrix.data)
            matrix.data += 1.0
        matrix.data *= self.idf_[matrix.indices]
        matrix = normalize(matrix, copy=False)
        if not self.__dict__.get("sentiment"):
            return matrix, None
        lengths = np.diff(np.frombuffer(word_ptr, dtype=np.int_))
        return matrix, _sentiment_columns(doc_words, batch_words, self.valence_, lengths)

    def get_feature_names_out(self, input_features: Sequence[str] | None = None) -> np.ndarray:
        check_is_fitted(self, "vocabulary_")
        names = np.empty(self.n_features_out_, dtype=object)
        for key, index in self.vocabulary_.items():
            names[index] = key
        if self.__dict__.get("sentiment"):
            names[len(self.vocabulary_):] = SENTIMENT_COLUMNS
        return names

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_cache", None)
        return state


#: Names of the sentiment columns, in order.
SENTIMENT_COLUMNS = ("sentiment:positive", "sentiment:negative", "sentiment:balance", "sentiment:any_negative",
                     "sentiment:any_positive")


def sentiment_lexicon() -> dict[str, float]:
    """VADER's word valences (-4 to 4), from the ``vaderSentiment`` package's data file."""
    from importlib import resources

    try:
        text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        raise ModelError(
            "to fit with sentiment=True complaintkit needs the package vaderSentiment: "
            "pip install 'complaintkit[sentiment]' (a fitted model carries its lexicon and does not need it)"
        ) from None
    valence: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0] and not any(c.isspace() for c in parts[0]):
            valence[parts[0]] = float(parts[1])
    return valence


def _sentiment_columns(
    doc_words: sp.csr_matrix, batch_words: dict[str, int], valence: dict[str, float], lengths: np.ndarray
) -> sp.csr_matrix:
    """Positive and negative strength, their balance per word, and whether any is present."""
    values = np.fromiter((valence.get(word, 0.0) for word in batch_words), dtype=np.float64, count=len(batch_words))
    positive = doc_words @ np.maximum(values, 0.0)
    negative = doc_words @ np.maximum(-values, 0.0)
    columns = np.column_stack([
        positive / 4.0, negative / 4.0, 2.0 * (positive - negative) / np.maximum(lengths, 1),
        (negative > 0).astype(np.float64), (positive > 0).astype(np.float64),
    ])
    return sp.csr_matrix(columns)


class _WordCache(dict[str, tuple[int, ...]]):
    """Feature indices of each word seen so far, computed on first sight."""

    def __init__(self, features: TextFeatures) -> None:
        super().__init__()
        self._features = features

    def __missing__(self, word: str) -> tuple[int, ...]:
        vocab = self._features.vocabulary_
        found = tuple(i for i in map(vocab.get, self._features._word_keys(word)) if i is not None)
        if len(self) < _CACHE_LIMIT:
            self[word] = found
        return found


class _Numbering(dict[str, int]):
    """Gives each new key the next integer, in order of first sight."""

    def __missing__(self, key: str) -> int:
        self[key] = number = len(self)
        return number


def _csr(ids: array, ptr: array, shape: tuple[int, int]) -> sp.csr_matrix:
    """Count matrix from flat column ids (-1 = unknown, dropped) and row pointers."""
    cols = np.frombuffer(ids, dtype=np.int_) if len(ids) else np.zeros(0, np.int_)
    rows = np.frombuffer(ptr, dtype=np.int_)
    known = cols >= 0
    if not known.all():
        rows = np.concatenate(([0], np.cumsum(known)))[rows]
        cols = cols[known]
    return sp.csr_matrix((np.ones(len(cols)), cols, rows), shape=shape)
