"""Throughput of ``classify_many`` on short texts, next to a plain sklearn pipeline.

Uses the real tweets when ../shared/corpora is present, otherwise our own
held-out texts, repeated to 40,000. Prints texts per second and the ratio to
``TfidfVectorizer(word 1-2 + char_wb 3-5) + LogisticRegression.predict_proba`` on
the same texts in the same run (a peer with the same kind of features).

Run: python benchmarks/classify_speed.py
"""

from __future__ import annotations

import json

import pandas as pd
from _common import ROOT, corpora_dir, timed
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import make_pipeline, make_union

import complaintkit as ck

N = 40_000


def short_texts() -> tuple[str, list[str]]:
    base = corpora_dir()
    if base is not None and (base / "complaints_twitter_acl2019").is_dir():
        frame = pd.read_csv(base / "complaints_twitter_acl2019" / "complaints_tweets.csv")
        texts, source = frame["text"].tolist(), "real tweets (ACL 2019)"
    else:
        path = ROOT / "data" / "heldout" / "complaints.jsonl"
        texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
        source = "complaintkit held-out texts"
    return source, (texts * (N // len(texts) + 1))[:N]


def main() -> None:
    source, texts = short_texts()
    mean_chars = sum(map(len, texts)) / len(texts)
    print(f"{len(texts):,} texts from {source}, mean {mean_chars:.0f} characters")
    model = ck.load_model()
    ck.classify_many(texts[:100])
    ours, _ = timed(lambda: ck.classify_many(texts, batch_size=4096), repeat=2)
    train = [json.loads(line) for line in (ROOT / "data" / "heldout" / "complaints.jsonl").read_text().splitlines()]
    peer = make_pipeline(
        make_union(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                   TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)),
        OneVsRestClassifier(LogisticRegression(max_iter=1000)),
    )
    from sklearn.preprocessing import MultiLabelBinarizer

    y = MultiLabelBinarizer(classes=[str(c) for c in model.classes_]).fit_transform([r["labels"] for r in train])
    peer.fit([r["text"] for r in train], y)
    theirs, _ = timed(lambda: peer.predict_proba(texts), repeat=2)
    print(f"complaintkit classify_many (labels + complaint + escalation): {len(texts) / ours:>10,.0f} texts/s")
    print(f"sklearn TF-IDF word+char + OvR LR predict_proba only:        {len(texts) / theirs:>10,.0f} texts/s")
    print(f"ratio complaintkit / sklearn peer: {theirs / ours:.2f}x")


if __name__ == "__main__":
    main()
