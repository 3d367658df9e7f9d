"""Train-your-own taxonomy on real CFPB narratives: complaintkit vs peers, one run.

Fits ``ComplaintClassifier`` on the CFPB product group (fixed 80/20 split,
seed 0) next to a plain TF-IDF + LogisticRegression pipeline and spaCy's
``textcat`` with the bag-of-words architecture, and prints macro-F1 and
fit/predict times with ratios.

Run: python benchmarks/train_your_own_cfpb.py
"""

from __future__ import annotations

import random
import time

import pandas as pd
from _common import require_corpus
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline

import complaintkit as ck


def spacy_textcat(train_x, train_y, test_x, labels, epochs=5):
    import spacy
    from spacy.training import Example

    nlp = spacy.blank("en")
    config = {"model": {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 2,
                        "no_output_layer": False, "length": 262144}}
    textcat = nlp.add_pipe("textcat", config=config)
    for label in labels:
        textcat.add_label(label)
    examples = [Example.from_dict(nlp.make_doc(x), {"cats": {lab: float(lab == y) for lab in labels}})
                for x, y in zip(train_x, train_y, strict=False)]
    started = time.perf_counter()
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(0)
    for _ in range(epochs):
        rng.shuffle(examples)
        for i in range(0, len(examples), 64):
            nlp.update(examples[i:i + 64], sgd=optimizer, drop=0.0)
    fit = time.perf_counter() - started
    started = time.perf_counter()
    predicted = [max(doc.cats, key=doc.cats.get) for doc in nlp.pipe(test_x, batch_size=256)]
    return fit, time.perf_counter() - started, predicted


def main() -> None:
    folder = require_corpus("cfpb_narratives")
    frame = pd.read_csv(folder / "cfpb_narratives_combined.csv", usecols=["narrative", "product_group"]).dropna()
    counts = frame["product_group"].value_counts()
    frame = frame[frame["product_group"].isin(counts[counts >= 20].index)]
    train, test = train_test_split(frame, test_size=0.2, random_state=0, stratify=frame["product_group"])
    train_x, test_x = train["narrative"].tolist(), test["narrative"].tolist()
    train_y, test_y = train["product_group"].tolist(), test["product_group"].tolist()
    labels = sorted(set(train_y))
    print(f"CFPB product groups: {len(labels)} labels, {len(train_x)} train / {len(test_x)} test narratives")
    rows = []

    started = time.perf_counter()
    ours = ck.ComplaintClassifier().fit(train_x, train_y)
    fit = time.perf_counter() - started
    started = time.perf_counter()
    predicted = ours.predict(test_x)
    rows.append(("complaintkit ComplaintClassifier", fit, time.perf_counter() - started, predicted))

    baseline = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2),
                             LogisticRegression(max_iter=2000, C=10.0))
    started = time.perf_counter()
    baseline.fit(train_x, train_y)
    fit = time.perf_counter() - started
    started = time.perf_counter()
    predicted = baseline.predict(test_x)
    rows.append(("TF-IDF(1,2) + LogisticRegression", fit, time.perf_counter() - started, predicted))

    fit, predict, predicted = spacy_textcat(train_x, train_y, test_x, labels)
    rows.append(("spaCy textcat (bow, 5 epochs)", fit, predict, predicted))

    base_f1 = f1_score(test_y, rows[1][3], average="macro")
    base_fit, base_predict = rows[1][1], rows[1][2]
    print(f"{'model':<36}{'macro-F1':>9}{'vs base':>8}{'fit s':>8}{'x base':>7}{'predict s':>10}{'x base':>7}")
    for name, fit, predict, predicted in rows:
        f1 = f1_score(test_y, predicted, average="macro")
        print(f"{name:<36}{f1:>9.3f}{f1 - base_f1:>+8.3f}{fit:>8.1f}{fit / base_fit:>7.2f}"
              f"{predict:>10.2f}{predict / base_predict:>7.2f}")


if __name__ == "__main__":
    main()
