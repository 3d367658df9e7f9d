"""``ComplaintClassifier``: a scikit-learn estimator for complaint categories.

Text in, labels out: the estimator owns its features, so it drops into a
``Pipeline`` or ``GridSearchCV`` as the last (or only) step and a user can
train it on their own taxonomy with ``fit(texts, labels)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_predict
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.utils.validation import check_is_fitted

from ..errors import LabelError
from ..results import Classification
from ..text import ensure_text, ensure_texts
from .escalation import find_escalation
from .features import TextFeatures
from .labels import read_labels
from .thresholds import DEFAULT_THRESHOLD, best_secondary_ratio, best_threshold, best_thresholds


class ComplaintClassifier(ClassifierMixin, BaseEstimator):
    """Linear complaint classifier over word and character n-grams.

    Parameters
    ----------
    C : float
        Inverse regularisation strength of each logistic regression.
    word_ngrams : int
        Longest word n-gram used as a feature.
    char_ngrams : tuple of int
        Range of character n-gram lengths inside words (robust to typos).
    min_df : int
        Ignore features seen in fewer training texts than this.
    cv : int
        Folds used to get out-of-fold probabilities for threshold tuning.
        ``0`` or ``1`` keeps every threshold at 0.5.
    random_state : int
        Seed for the folds, so training is repeatable.
    secondary_ratio : float or None
        A label other than the best one is predicted only when its
        probability is at least this share of the best label's. Complaints
        rarely have more than two real topics; this stops a long text from
        collecting every label that crosses its threshold. ``None`` tunes it
        on the out-of-fold predictions, like the thresholds.
    sentiment : bool
        Give the complaint detector lexicon sentiment columns (VADER's word
        valences) besides the n-grams. They help a model trained on a few
        thousand texts tell complaints from other messages in text unlike its
        training data; the label models don't use them (what a complaint is
        about is not how negative it sounds).
    negation : bool
        Add features for words inside a negation's scope ("not our fault"),
        so "fault" under "not" is weighed apart from plain "fault".
    skeleton : bool
        Add function-word frames with content words as gaps ("you never _ to
        _"), which carry how a sentence is built to wordings unseen in training.

    Examples
    --------
    >>> clf = ComplaintClassifier().fit(texts, [["delivery"], [], ["billing"]])  # doctest: +SKIP
    >>> clf.predict(["charged twice for one order"])  # doctest: +SKIP
    [['billing']]
    """

    def __init__(
        self,
        C: float = 8.0,
        word_ngrams: int = 2,
        char_ngrams: tuple[int, int] = (3, 5),
        min_df: int = 2,
        cv: int = 5,
        random_state: int = 0,
        secondary_ratio: float | None = None,
        sentiment: bool = False,
        negation: bool = False,
        skeleton: bool = False,
    ) -> None:
        self.C = C
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.cv = cv
        self.random_state = random_state
        self.secondary_ratio = secondary_ratio
        self.sentiment = sentiment
        self.negation = negation
        self.skeleton = skeleton

    # -- fitting ----------------------------------------------------------
    def fit(self, X: Iterable[str], y: Any, complaint: Sequence[bool] | None = None) -> ComplaintClassifier:
        """Learn labels from texts.

        Parameters
        ----------
        X : list or Series of str
        y : list or Series
            A string per text (single-label) or a list of strings per text
            (multi-label; an empty list means none of the labels).
        complaint : list of bool, optional
            Whether each text is a complaint at all. Defaults to "has at least
            one label", which suits single-label data poorly: pass it when
            your data has non-complaints.
        """
        texts = ensure_texts(X, name="X")
        labels = read_labels(y, len(texts))
        self.multilabel_ = labels.multilabel
        self.classes_ = np.array(labels.classes, dtype=object)
        self.features_ = TextFeatures(
            word_ngrams=self.word_ngrams, char_ngrams=tuple(self.char_ngrams), min_df=self.min_df,
            sentiment=self.sentiment, negation=self.negation, skeleton=self.skeleton,
        ).fit(texts)
        parts = self.features_.transform_parts(texts)
        label_features, features = parts[0], _detector_features(parts)
        if self.multilabel_:
            truth = MultiLabelBinarizer(classes=labels.classes).fit_transform(labels.rows)
            self.model_ = OneVsRestClassifier(self._binary_model()).fit(label_features, truth)
            oof = self._oof(OneVsRestClassifier(self._binary_model()), label_features, truth)
            if oof is None:
                self.thresholds_ = np.full(truth.shape[1], DEFAULT_THRESHOLD)
                self.secondary_ratio_ = 0.5 if self.secondary_ratio is None else float(self.secondary_ratio)
            else:
                self.thresholds_ = best_thresholds(truth, oof)
                self.secondary_ratio_ = (best_secondary_ratio(truth, oof, self.thresholds_)
                                         if self.secondary_ratio is None else float(self.secondary_ratio))
        else:
            values = [row[0] for row in labels.rows]
            target = np.array(values, dtype=object if isinstance(values[0], str) else np.int64)
            self.model_ = LogisticRegression(C=self.C, max_iter=5000).fit(label_features, target)
            self.thresholds_ = np.full(len(self.classes_), np.nan)
            self.secondary_ratio_ = 0.0
        flags = self._complaint_flags(complaint, labels.rows)
        self.complaint_model_ = None
        self.complaint_threshold_ = DEFAULT_THRESHOLD
        if 0 < flags.sum() < len(flags):
            self.complaint_model_ = self._binary_model().fit(features, flags)
            oof = self._oof(self._binary_model(), features, flags, stratify=flags)
            if oof is not None:
                self.complaint_threshold_ = best_threshold(flags, oof[:, 1])
        self.complaint_prior_ = float(flags.mean())
        return self

    def _binary_model(self) -> LogisticRegression:
        return LogisticRegression(C=self.C, solver="liblinear", max_iter=5000)

    def _oof(self, model: Any, features: Any, target: np.ndarray, stratify: Any = None) -> np.ndarray | None:
        folds = min(self.cv, len(target))
        if folds < 2:
            return None
        if stratify is not None and np.bincount(stratify.astype(int)).min() >= folds:
            splitter: Any = StratifiedKFold(folds, shuffle=True, random_state=self.random_state)
        else:
            splitter = KFold(folds, shuffle=True, random_state=self.random_state)
        return cross_val_predict(clone(model), features, target, cv=splitter, method="predict_proba")

    @staticmethod
    def _complaint_flags(complaint: Sequence[bool] | None, rows: list[list[str]]) -> np.ndarray:
        if complaint is None:
            return np.array([bool(row) for row in rows], dtype=int)
        flags = list(complaint)
        if len(flags) != len(rows):
            raise LabelError(f"got {len(rows)} texts but {len(flags)} complaint flags")
        for i, flag in enumerate(flags):
            if not isinstance(flag, (bool, np.bool_, int, np.integer)) or flag not in (0, 1):
                raise LabelError(f"complaint[{i}] must be True or False, got {flag!r}")
        return np.array(flags, dtype=int)

    # -- prediction -------------------------------------------------------
    @property
    def thresholds(self) -> dict[str, float]:
        """Decision threshold of each label (multi-label models only)."""
        check_is_fitted(self, "model_")
        return {str(c): float(t) for c, t in zip(self.classes_, self.thresholds_, strict=True)}

    def _features(self, X: Iterable[str]) -> tuple[Any, Any]:
        """The n-gram matrix (what the label models see) and the sentiment columns, or None."""
        check_is_fitted(self, "model_")
        return self.features_.transform_parts(ensure_texts(X, name="X"))

    def predict_proba(self, X: Iterable[str]) -> np.ndarray:
        """Probability of each label (columns follow ``classes_``)."""
        ngrams, _ = self._features(X)  # first: it says "not fitted" before model_ is looked up
        return self.model_.predict_proba(ngrams)

    def predict(self, X: Iterable[str]) -> Any:
        """Labels per text: a str each (single-label), or a list best first (multi-label)."""
        proba = self.predict_proba(X)
        return self._labels_from_proba(proba)

    def _labels_from_proba(self, proba: np.ndarray) -> Any:
        if not self.multilabel_:
            best = self.classes_[proba.argmax(axis=1)]
            return best.astype(str) if isinstance(self.classes_[0], str) else best.astype(int)
        passed = (proba >= self.thresholds_) & (proba >= self.secondary_ratio_ * proba.max(axis=1, keepdims=True))
        order = np.argsort(-proba, axis=1, kind="stable")
        return [[str(self.classes_[j]) for j in row if ok[j]] for row, ok in zip(order, passed, strict=True)]

    def predict_complaint_proba(self, X: Iterable[str]) -> np.ndarray:
        """Probability that each text is a complaint at all."""
        return self._complaint_proba(_detector_features(self._features(X)))

    def _complaint_proba(self, features: Any) -> np.ndarray:
        if self.complaint_model_ is None:
            return np.full(features.shape[0], self.complaint_prior_)
        return self.complaint_model_.predict_proba(features)[:, 1]

    def score(self, X: Iterable[str], y: Any, sample_weight: Any = None) -> float:
        """Accuracy (single-label) or micro-averaged F1 (multi-label)."""
        predicted = self.predict(X)
        texts_count = len(predicted)
        labels = read_labels(y, texts_count)
        if not self.multilabel_:
            truth = [row[0] for row in labels.rows]
            return float(accuracy_score(truth, predicted, sample_weight=sample_weight))
        binarizer = MultiLabelBinarizer(classes=[str(c) for c in self.classes_])
        binarizer.fit([])
        known = set(binarizer.classes)
        truth_rows = [[label for label in row if label in known] for row in labels.rows]
        return float(
            f1_score(
                binarizer.transform(truth_rows),
                binarizer.transform(predicted),
                average="micro",
                sample_weight=sample_weight,
                zero_division=0,
            )
        )

    def classify_batch(self, texts: Iterable[str]) -> list[Classification]:
        """Full results (labels, scores, complaint flag, escalation) for many texts."""
        checked = ensure_texts(texts)
        results: list[Classification | None] = [None] * len(checked)
        live = [i for i, text in enumerate(checked) if text.strip()]
        if live:
            parts = self._features([checked[i] for i in live])
            proba = self.model_.predict_proba(parts[0])
            complaint = self._complaint_proba(_detector_features(parts))
            labels = self._labels_from_proba(proba)
            names = [str(c) for c in self.classes_]
            rounded = proba.round(6).tolist()
            flags = (complaint >= self.complaint_threshold_).tolist()
            complaint_scores = complaint.round(6).tolist()
            for row, i in enumerate(live):
                is_complaint = flags[row]
                # a text that is not a complaint has no complaint category
                predicted = (labels[row] if self.multilabel_ else [str(labels[row])]) if is_complaint else []
                results[i] = Classification(
                    labels=predicted,
                    top=predicted[0] if predicted else None,
                    scores=dict(zip(names, rounded[row], strict=True)),
                    is_complaint=is_complaint,
                    complaint_score=complaint_scores[row],
                    escalation=find_escalation(checked[i]),
                )
        return [result if result is not None else self._empty_result() for result in results]

    def _empty_result(self) -> Classification:
        check_is_fitted(self, "model_")
        return Classification(
            labels=[],
            top=None,
            scores={str(c): 0.0 for c in self.classes_},
            is_complaint=False,
            complaint_score=0.0,
            escalation=[],
        )

    def explain(
        self, text: str, *, top: int = 8, labels: Sequence[str] | None = None
    ) -> dict[str, list[tuple[str, float]]]:
        """Terms that pushed each label up, with their weights.

        Explains the predicted labels unless ``labels`` names others. A term's
        weight is its feature value times the label's coefficient, so weights
        add up (with the intercept) to the label's log-odds.
        """
        text = ensure_text(text)
        row = self._features([text])[0].tocsr()
        if labels is None:
            predicted = self.predict([text])[0]
            labels = predicted if self.multilabel_ else [predicted]
        names = self.features_.get_feature_names_out()
        out: dict[str, list[tuple[str, float]]] = {}
        for label in labels:
            coef = self._coefficients(label)
            weights = row.data * coef[row.indices]
            order = np.argsort(-weights)[:top]
            out[label] = [
                (_readable(names[row.indices[j]]), round(float(weights[j]), 4)) for j in order if weights[j] > 0
            ]
        return out

    def _coefficients(self, label: str) -> np.ndarray:
        matches = np.flatnonzero(self.classes_ == label)
        if not len(matches):
            raise LabelError(f"unknown label {label!r}; this model knows {list(map(str, self.classes_))}")
        k = int(matches[0])
        if self.multilabel_:
            return self.model_.estimators_[k].coef_[0]
        coef = self.model_.coef_
        if coef.shape[0] == 1:  # binary LogisticRegression stores one row for classes_[1]
            return coef[0] if k == 1 else -coef[0]
        return coef[k]

    # -- persistence ------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """Write the fitted model and its metadata to ``path`` (atomically)."""
        from .persistence import save_model

        return save_model(self, path)

    @classmethod
    def load(cls, path: str | Path, *, trusted: bool = False) -> ComplaintClassifier:
        """Read a model written by :meth:`save`.

        joblib files can run code when loaded, so a file that is not shipped
        with complaintkit is refused unless ``trusted=True``.
        """
        from .persistence import load_model_file

        return load_model_file(path, trusted=trusted)


def _detector_features(parts: tuple[Any, Any]) -> Any:
    """The complaint detector sees the n-grams and, when the model has them, the sentiment columns."""
    ngrams, sentiment = parts
    return ngrams if sentiment is None else sp.hstack([ngrams, sentiment], format="csr")


def _readable(feature: str) -> str:
    """Show a character n-gram feature as the fragment it matches."""
    if feature.startswith("#"):
        return f"*{feature[1:].strip()}*"
    return feature
