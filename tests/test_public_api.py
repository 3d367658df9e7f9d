"""Snapshot of the public API, so an accidental change is seen in review."""

from __future__ import annotations

import subprocess
import sys

import complaintkit as ck

EXPECTED = {
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
}


def test_all_matches_snapshot():
    assert set(ck.__all__) == EXPECTED
    for name in ck.__all__:
        assert hasattr(ck, name), name


def test_import_does_not_load_a_model():
    code = "import complaintkit; from complaintkit.classify import default as d; print(d._default is None)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def test_import_is_light():
    code = "import sys, complaintkit; print([m for m in ('sklearn', 'spacy', 'pandas') if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_errors_are_builtin_compatible():
    assert issubclass(ck.TextTypeError, TypeError)
    assert issubclass(ck.TextValueError, ValueError)
    assert issubclass(ck.LabelError, ValueError)
    assert issubclass(ck.ModelIntegrityError, ck.ModelError)


def test_classify_stays_the_function_after_its_subpackage_is_imported():
    code = (
        "import complaintkit.classify.estimator, complaintkit as ck; "
        "from complaintkit.classify import CATEGORY_IDS; print(callable(ck.classify), type(ck.classify).__name__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "function"]
