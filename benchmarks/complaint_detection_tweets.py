"""Complaint detection on real tweets (Preotiuc-Pietro et al., ACL 2019).

The shipped model never saw these tweets. We score ``is_complaint`` on the
1,974 tweets of the 9 brand domains with @handles masked, and, for scale,
a TF-IDF + logistic regression trained *on these tweets* with 10-fold CV.

Run: python benchmarks/complaint_detection_tweets.py
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from _common import require_corpus
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline

import complaintkit as ck

HANDLE = re.compile(r"@\w+")


def main() -> None:
    folder = require_corpus("complaints_twitter_acl2019")
    frame = pd.read_csv(folder / "complaints_tweets.csv", dtype={"tweet_id": str})
    brands = frame[frame["is_random_sample"] == 0].reset_index(drop=True)
    texts = [HANDLE.sub("@USER", t) for t in brands["text"]]
    truth = brands["label"].to_numpy().astype(bool)
    results = ck.classify_many(texts)
    guess = np.array([r.is_complaint for r in results])
    scores = np.array([r.complaint_score for r in results])
    print(f"brand-domain tweets: {len(texts)} ({truth.mean():.0%} complaints)")
    print(f"complaintkit default model (never trained on tweets): macro-F1 "
          f"{f1_score(truth, guess, average='macro'):.3f}, accuracy {accuracy_score(truth, guess):.3f}, "
          f"complaint-class F1 {f1_score(truth, guess):.3f}")
    best = max((f1_score(truth, scores >= t, average="macro"), t) for t in np.arange(0.05, 0.95, 0.05))
    print(f"  (oracle threshold {best[1]:.2f} would give macro-F1 {best[0]:.3f}; not used)")
    baseline = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2),
                             LogisticRegression(max_iter=2000, C=4.0))
    folds = StratifiedKFold(10, shuffle=True, random_state=0)
    oof = cross_val_predict(baseline, texts, truth, cv=folds)
    print(f"TF-IDF + LR trained on these tweets (10-fold CV, in-domain reference): macro-F1 "
          f"{f1_score(truth, oof, average='macro'):.3f}, accuracy {accuracy_score(truth, oof):.3f}")
    for domain, group in brands.groupby("domain"):
        idx = group.index.to_numpy()
        print(f"  {domain:<12} n={len(idx):>4} macro-F1 {f1_score(truth[idx], guess[idx], average='macro'):.3f}")


if __name__ == "__main__":
    main()
