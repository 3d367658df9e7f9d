"""Per-label precision, recall and F1 for a classifier on labelled data."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.metrics import f1_score, precision_recall_fscore_support
from sklearn.preprocessing import MultiLabelBinarizer

from .dataset import LabelledData
from .estimator import ComplaintClassifier


def evaluate(model: ComplaintClassifier, data: LabelledData) -> dict[str, Any]:
    """Metrics of ``model`` on ``data``: per label, micro and macro, and complaint detection."""
    results = model.classify_batch(data.texts)
    classes = [str(c) for c in model.classes_]
    binarizer = MultiLabelBinarizer(classes=classes).fit([])
    known = set(classes)
    truth = binarizer.transform([[label for label in row if label in known] for row in data.labels])
    predicted = binarizer.transform([r.labels for r in results])
    p, r, f, s = precision_recall_fscore_support(truth, predicted, zero_division=0)
    per_label = {
        label: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4),
                "f1": round(float(f[i]), 4), "support": int(s[i])}
        for i, label in enumerate(classes)
    }
    report: dict[str, Any] = {"n": len(data), "per_label": per_label}
    for average in ("micro", "macro"):
        ap, ar, af, _ = precision_recall_fscore_support(truth, predicted, average=average, zero_division=0)
        report[average] = {"precision": round(float(ap), 4), "recall": round(float(ar), 4), "f1": round(float(af), 4)}
    flags = np.array(data.complaint, dtype=bool)
    guessed = np.array([r.is_complaint for r in results], dtype=bool)
    if flags.any() and not flags.all():
        report["complaint_detection"] = {
            "macro_f1": round(float(f1_score(flags, guessed, average="macro")), 4),
            "accuracy": round(float((flags == guessed).mean()), 4),
            "support": {"complaint": int(flags.sum()), "not_complaint": int((~flags).sum())},
        }
    unknown = sorted({label for row in data.labels for label in row} - known)
    if unknown:
        report["unknown_labels"] = unknown
    return report


def format_report(report: dict[str, Any]) -> str:
    """A plain-text table of an :func:`evaluate` report."""
    lines = [f"{'label':<20}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}"]
    for label, m in report["per_label"].items():
        lines.append(f"{label:<20}{m['precision']:>10.3f}{m['recall']:>10.3f}{m['f1']:>10.3f}{m['support']:>10}")
    for average in ("micro", "macro"):
        m = report[average]
        name = f"{average} avg"
        lines.append(f"{name:<20}{m['precision']:>10.3f}{m['recall']:>10.3f}{m['f1']:>10.3f}{report['n']:>10}")
    if "complaint_detection" in report:
        c = report["complaint_detection"]
        lines.append(f"complaint detection: macro-F1 {c['macro_f1']:.3f}, accuracy {c['accuracy']:.3f}")
    if report.get("unknown_labels"):
        lines.append(f"labels the model does not know (ignored): {', '.join(report['unknown_labels'])}")
    return "\n".join(lines)
