"""complaintkit: classify complaints and check the tone of replies.

Importing the package is cheap: scikit-learn, spaCy and the models load on
first use of the names below, not at import.

Examples
--------
>>> import complaintkit as ck
>>> result = ck.classify("my parcel still hasn't shown up and nobody answers my emails")
>>> result.labels
['responsiveness', 'delivery']
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from . import classify as _classify_package  # noqa: F401  (see the del below)
from .accessor import register_when_pandas_loads as _register_accessor
from .errors import (
    ComplaintkitError,
    DataFormatError,
    LabelError,
    ModelError,
    ModelIntegrityError,
    ModelVersionWarning,
    RuleError,
    TextTypeError,
    TextValueError,
    UntrustedModelError,
)
from .results import Change, Classification, GoodSpan, Need, Review, Rewrite, Signal, ToneFlag, ToneReport
from .text import get_max_length, set_max_length

# Python binds a subpackage to its parent's attribute of the same name when it is
# first imported, which would shadow the public function ``classify``. The
# (cheap, lazy) subpackage was imported above; dropping that binding keeps
# ``ck.classify`` the function whatever is imported later.
del globals()["classify"]

# ``series.complaints.classify()`` works after ``import complaintkit``, in either
# import order, without this import paying for pandas.
_register_accessor()

__version__ = "0.1.0"

#: Public names that live in heavier modules, imported on first access.
_LAZY = {
    "CATEGORIES": "complaintkit.classify.taxonomy",
    "CATEGORY_IDS": "complaintkit.classify.taxonomy",
    "ComplaintClassifier": "complaintkit.classify.estimator",
    "classify": "complaintkit.classify.default",
    "classify_many": "complaintkit.classify.default",
    "load_model": "complaintkit.classify.default",
    "ToneChecker": "complaintkit.tone.checker",
    "check_tone": "complaintkit.tone.api",
    "rewrite": "complaintkit.tone.rewrite",
    "review": "complaintkit.reply_review",
    "analyze_frame": "complaintkit.frame",
    "tone_spans": "complaintkit.frame",
    "Report": "complaintkit.reporting",
    "report": "complaintkit.reporting",
}

if TYPE_CHECKING:
    from .classify.default import classify, classify_many, load_model
    from .classify.estimator import ComplaintClassifier
    from .classify.taxonomy import CATEGORIES, CATEGORY_IDS
    from .frame import analyze_frame, tone_spans
    from .reply_review import review
    from .reporting import Report, report
    from .tone.api import check_tone
    from .tone.checker import ToneChecker
    from .tone.rewrite import rewrite


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'complaintkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "CATEGORIES",
    "CATEGORY_IDS",
    "Change",
    "Classification",
    "ComplaintClassifier",
    "ComplaintkitError",
    "DataFormatError",
    "GoodSpan",
    "LabelError",
    "ModelError",
    "ModelIntegrityError",
    "ModelVersionWarning",
    "Need",
    "Report",
    "Review",
    "Rewrite",
    "RuleError",
    "Signal",
    "TextTypeError",
    "TextValueError",
    "ToneChecker",
    "ToneFlag",
    "ToneReport",
    "UntrustedModelError",
    "__version__",
    "analyze_frame",
    "check_tone",
    "classify",
    "classify_many",
    "get_max_length",
    "load_model",
    "report",
    "review",
    "rewrite",
    "set_max_length",
    "tone_spans",
]
