"""Rebuilding the shipped default classifier and its model card from ``data/``."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._io import write_text_atomic
from ..errors import DataFormatError
from .dataset import files_sha256, read_labelled, read_many
from .estimator import ComplaintClassifier
from .evaluation import evaluate, format_report
from .persistence import DIGESTS_FILE, file_sha256, library_versions, save_model
from .taxonomy import CATEGORY_IDS

#: Settings of the shipped model; changing them changes the model card.
DEFAULT_PARAMS: dict[str, Any] = {"C": 16.0, "word_ngrams": 2, "char_ngrams": (3, 5), "min_df": 2, "cv": 5,
                                  "random_state": 0, "sentiment": True}
REBUILD_COMMAND = "complaintkit train"


@dataclass(frozen=True)
class TrainingPaths:
    """Where training reads data and writes the model, relative to a checkout."""

    root: Path

    @property
    def train_files(self) -> list[Path]:
        return sorted((self.root / "data" / "train").glob("*.jsonl"))

    @property
    def heldout_file(self) -> Path:
        return self.root / "data" / "heldout" / "complaints.jsonl"

    @property
    def model_file(self) -> Path:
        return self.root / "models" / "classifier.joblib"

    @property
    def digests_file(self) -> Path:
        return self.root / "complaintkit" / "classify" / DIGESTS_FILE


def train_default(root: str | Path = ".", *, log: Any = print) -> dict[str, Any]:
    """Fit the default model on ``data/train``, score it on ``data/heldout``, write model and card."""
    paths = TrainingPaths(Path(root))
    if not paths.train_files or not paths.heldout_file.is_file():
        raise DataFormatError(
            f"expected training files in {paths.root / 'data' / 'train'} and held-out data at "
            f"{paths.heldout_file}; run `complaintkit train` from a complaintkit checkout"
        )
    train = read_many(paths.train_files)
    heldout = read_labelled(paths.heldout_file)
    unknown = sorted({lab for row in train.labels for lab in row} - set(CATEGORY_IDS))
    if unknown:
        raise DataFormatError(f"training data uses labels outside the taxonomy: {unknown}")
    data_hash = files_sha256([*paths.train_files, paths.heldout_file])
    started = time.perf_counter()
    model = ComplaintClassifier(**DEFAULT_PARAMS).fit(train.texts, train.labels, complaint=train.complaint)
    model.training_hash_ = data_hash
    seconds = time.perf_counter() - started
    report = evaluate(model, heldout)
    log(format_report(report))
    save_model(model, paths.model_file)
    # other shipped models (the tone sentence model) keep their digests
    digests = json.loads(paths.digests_file.read_text(encoding="utf-8")) if paths.digests_file.is_file() else {}
    digests[paths.model_file.name] = file_sha256(paths.model_file)
    write_text_atomic(paths.digests_file, json.dumps(digests, indent=2, sort_keys=True) + "\n")
    card = _card(model, paths, train, heldout, report, data_hash, digests, seconds)
    write_text_atomic(paths.model_file.with_suffix(".card.json"), json.dumps(card, indent=2) + "\n")
    write_text_atomic(paths.model_file.with_suffix(".card.md"), card_markdown(card))
    log(f"wrote {paths.model_file} ({paths.model_file.stat().st_size / 1e6:.1f} MB) and its model card")
    return card


def _card(
    model: ComplaintClassifier,
    paths: TrainingPaths,
    train: Any,
    heldout: Any,
    report: dict[str, Any],
    data_hash: str,
    digests: dict[str, str],
    seconds: float,
) -> dict[str, Any]:
    counts = {label: sum(label in row for row in train.labels) for label in CATEGORY_IDS}
    return {
        "model": "complaintkit default complaint classifier",
        "file": "classifier.joblib",
        "file_sha256": digests["classifier.joblib"],
        "rebuild": REBUILD_COMMAND,
        "training_data": {
            "files": [f"data/train/{p.name}" for p in paths.train_files],
            "sha256": data_hash,
            "texts": len(train),
            "complaints": sum(train.complaint),
            "non_complaints": len(train) - sum(train.complaint),
            "label_counts": counts,
        },
        "heldout_data": {"file": "data/heldout/complaints.jsonl", "texts": len(heldout)},
        "parameters": {k: list(v) if isinstance(v, tuple) else v for k, v in DEFAULT_PARAMS.items()},
        "features": model.features_.n_features_out_,
        "thresholds": model.thresholds,
        "secondary_ratio": model.secondary_ratio_,
        "complaint_threshold": model.complaint_threshold_,
        "fit_seconds": round(seconds, 1),
        "versions": library_versions(),
        "heldout_metrics": report,
        "limits": [
            "English only; trained on texts the project wrote, not on real customer data.",
            "classify() gives categories only to texts it detects as complaints; a second label must score "
            "at least a share of the best label's probability (secondary_ratio, tuned out-of-fold).",
            "Probabilities come from independent logistic regressions per label; thresholds were "
            "tuned for F1 on 5-fold out-of-fold predictions of the training data.",
        ],
    }


def card_markdown(card: dict[str, Any]) -> str:
    """Render a model card dictionary as Markdown."""
    metrics = card["heldout_metrics"]
    rows = "\n".join(
        f"| {label} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['support']} | "
        f"{card['thresholds'][label]:.2f} |"
        for label, m in metrics["per_label"].items()
    )
    detection = metrics.get("complaint_detection", {})
    versions = ", ".join(f"{k} {v}" for k, v in card["versions"].items())
    data = card["training_data"]
    return f"""# Model card: {card['model']}

- File: `models/{card['file']}` (SHA-256 `{card['file_sha256']}`, verified before loading)
- Rebuild: `{card['rebuild']}` (deterministic: same data and versions, same model)
- Training data: {data['texts']} texts ({data['complaints']} complaints, {data['non_complaints']} non-complaints) \
from `data/train/*.jsonl`, SHA-256 `{data['sha256']}` (train and held-out files)
- Held-out data: `{card['heldout_data']['file']}`, {card['heldout_data']['texts']} texts written separately, never \
used in training or tuning
- Features: {card['features']:,} word uni/bigram and in-word character 3-5-gram TF-IDF features; the \
complaint detector also gets five sentiment columns from the VADER lexicon's word valences (Hutto & Gilbert \
2014, MIT License; read from `vaderSentiment` at training time and stored in the model file)
- Library versions: {versions}
- Fit time: {card['fit_seconds']} s

## Held-out metrics

| label | precision | recall | F1 | support | threshold |
|---|---|---|---|---|---|
{rows}

- Micro F1 {metrics['micro']['f1']:.3f}, macro F1 {metrics['macro']['f1']:.3f}
- Complaint detection: macro-F1 {detection.get('macro_f1', float('nan')):.3f}, accuracy \
{detection.get('accuracy', float('nan')):.3f} (threshold {card['complaint_threshold']:.2f})

## Limits

""" + "\n".join(f"- {limit}" for limit in card["limits"]) + "\n"
