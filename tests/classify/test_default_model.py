"""The shipped model meets its bar on held-out data and matches its card."""

from __future__ import annotations

import json

from complaintkit.classify.dataset import read_labelled
from complaintkit.classify.default import default_model_path
from complaintkit.classify.evaluation import evaluate
from complaintkit.classify.persistence import file_sha256, shipped_digests
from complaintkit.classify.taxonomy import CATEGORY_IDS

#: Regression floor for held-out macro-F1, a little under what the shipped model measures (0.851 on
#: held-out texts written apart from the training data; the target is 0.85), so floating-point noise
#: on another CPU cannot fail it. Raise it with the model.
HELDOUT_MACRO_F1_FLOOR = 0.84


def test_heldout_macro_f1_stays_above_its_floor(default_model, root):
    report = evaluate(default_model, read_labelled(root / "data" / "heldout" / "complaints.jsonl"))
    assert report["macro"]["f1"] >= HELDOUT_MACRO_F1_FLOOR, report["macro"]
    assert report["complaint_detection"]["macro_f1"] >= 0.9, report["complaint_detection"]
    assert all(report["per_label"][label]["support"] >= 40 for label in CATEGORY_IDS)


def test_model_card_describes_the_shipped_file(root):
    card = json.loads((root / "models" / "classifier.card.json").read_text(encoding="utf-8"))
    assert card["file_sha256"] == file_sha256(default_model_path())
    assert shipped_digests()[default_model_path().name] == card["file_sha256"]
    assert card["rebuild"] == "complaintkit train"
    assert set(card["heldout_metrics"]["per_label"]) == set(CATEGORY_IDS)
    assert {"scikit-learn", "numpy", "complaintkit"} <= set(card["versions"])
    assert len(card["training_data"]["sha256"]) == 64
    assert (root / "models" / "classifier.card.md").is_file()


def test_training_data_meets_the_brief(root):
    from complaintkit.classify.dataset import read_many

    train = read_many(sorted((root / "data" / "train").glob("*.jsonl")))
    counts = {label: sum(label in row for row in train.labels) for label in CATEGORY_IDS}
    assert min(counts.values()) >= 200, counts
    assert len(train) - sum(train.complaint) >= 600
    heldout = set(read_labelled(root / "data" / "heldout" / "complaints.jsonl").texts)
    assert not heldout & set(train.texts), "held-out texts leaked into training"
