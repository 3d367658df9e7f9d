"""complaintkit: classify complaints and check the tone of replies.

Examples
--------
>>> import complaintkit as ck
>>> result = ck.classify("my parcel still hasn't shown up and nobody answers my emails")
>>> result.labels
['delivery', 'responsiveness']
"""

from __future__ import annotations

__version__ = "0.1.0"

from .classify import CATEGORIES, CATEGORY_IDS, ComplaintClassifier, classify, classify_many, load_model
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
from .results import Classification, Signal
from .text import get_max_length, set_max_length

__all__ = [
    "CATEGORIES",
    "CATEGORY_IDS",
    "Classification",
    "ComplaintClassifier",
    "ComplaintkitError",
    "DataFormatError",
    "LabelError",
    "ModelError",
    "ModelIntegrityError",
    "ModelVersionWarning",
    "RuleError",
    "Signal",
    "TextTypeError",
    "TextValueError",
    "UntrustedModelError",
    "__version__",
    "classify",
    "classify_many",
    "get_max_length",
    "load_model",
    "set_max_length",
]
