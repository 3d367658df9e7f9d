"""Reading training labels: one string per text, or a list of strings per text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from numbers import Integral
from typing import Any

from ..errors import LabelError, describe


@dataclass(frozen=True)
class LabelSet:
    """Labels normalised to lists, with the mode they came in."""

    rows: list[list[Any]]
    multilabel: bool
    classes: list[Any]


def read_labels(y: object, n_texts: int) -> LabelSet:
    """Check ``y`` and say whether it is single-label or multi-label.

    Single-label: every item is a non-empty string, or every item an integer
    (scikit-learn's ``cross_val_predict`` encodes labels as integers before
    calling ``fit``). Multi-label: every item is a list, tuple or set of
    strings (empty means "no label").
    """
    if isinstance(y, (str, bytes)) or not isinstance(y, Iterable):
        raise LabelError(
            f"labels must be a list or Series with one entry per text, got {describe(y)}"
        )
    items = list(y)
    if len(items) != n_texts:
        raise LabelError(f"got {n_texts} texts but {len(items)} labels; they must match one to one")
    if not items:
        raise LabelError("got no training examples; fit needs at least two texts")
    single = [isinstance(item, str) for item in items]
    if all(isinstance(item, Integral) and not isinstance(item, bool) for item in items):
        rows = [[int(item)] for item in items]
        classes = sorted({row[0] for row in rows})
        if len(classes) < 2:
            raise LabelError(f"single-label training needs at least two distinct labels, got only {classes[0]!r}")
        return LabelSet(rows=rows, multilabel=False, classes=classes)
    if all(single):
        rows = [[_check_label(item, i)] for i, item in enumerate(items)]
        multilabel = False
    elif not any(single):
        rows = []
        for i, item in enumerate(items):
            if not isinstance(item, (list, tuple, set, frozenset)) and not hasattr(item, "tolist"):
                raise LabelError(
                    f"labels[{i}] must be a str or a list of str, got {describe(item)}"
                )
            values = item.tolist() if hasattr(item, "tolist") else list(item)
            rows.append(sorted({_check_label(v, i) for v in values}))
        multilabel = True
    else:
        first_str = single.index(True)
        first_other = single.index(False)
        raise LabelError(
            "labels mix single strings and lists: "
            f"labels[{first_str}] is a str, labels[{first_other}] is "
            f"{type(items[first_other]).__name__}; use one form for all rows"
        )
    classes = sorted({label for row in rows for label in row})
    if not classes:
        raise LabelError("every example has an empty label list; there is nothing to learn")
    if not multilabel and len(classes) < 2:
        raise LabelError(
            f"single-label training needs at least two distinct labels, got only {classes[0]!r}"
        )
    return LabelSet(rows=rows, multilabel=multilabel, classes=classes)


def _check_label(value: object, position: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise LabelError(f"labels[{position}] must hold non-empty strings, got {describe(value)}")
    return value.strip()
