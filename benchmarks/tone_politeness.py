"""Does the tone score track human politeness judgments? (Stanford Politeness Corpus)

Danescu-Niculescu-Mizil et al. (2013) had people rate requests from
Wikipedia and Stack Exchange. We take the polite and impolite quartiles of
each community and report the ROC AUC of complaintkit's tone score (never
trained on this corpus) next to VADER's compound sentiment in the same run.
For scale: the paper's classifier, trained in-domain, reached about 0.84
accuracy; humans about 0.87.

Run: python benchmarks/tone_politeness.py   (VADER: pip install vaderSentiment)
"""

from __future__ import annotations

import pandas as pd
from _common import require_corpus
from sklearn.metrics import roc_auc_score

import complaintkit as ck


def main() -> None:
    folder = require_corpus("stanford_politeness")
    frame = pd.read_csv(folder / "politeness_requests.csv")
    frame = frame[frame["label_quartile"].isin(["polite", "impolite"])].reset_index(drop=True)
    # Stack Exchange requests carry their site's name; the paper reports the two communities
    frame["community"] = frame["community"].where(frame["community"] == "Wikipedia", "Stack Exchange")
    texts = frame["text"].astype(str).tolist()
    checker = ck.ToneChecker()
    reports = checker.check_many(texts)
    frame["tone_score"] = [r.score for r in reports]
    frame["tone_flags"] = [len([f for f in r.flags if f.severity != "info"]) for r in reports]
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        analyzer = None
        print("VADER not installed (pip install vaderSentiment): peer column left out")
    else:
        analyzer = SentimentIntensityAnalyzer()
        frame["vader"] = [analyzer.polarity_scores(t)["compound"] for t in texts]
    print(f"{'community':<16}{'n':>6}  {'tone score AUC':>15}  {'VADER AUC':>10}  {'ratio':>6}  "
          "flagged impolite/polite")
    for community, group in frame.groupby("community"):
        truth = (group["label_quartile"] == "polite").to_numpy()
        ours = roc_auc_score(truth, group["tone_score"])
        peer = roc_auc_score(truth, group["vader"]) if analyzer else float("nan")
        flagged = group.groupby("label_quartile")["tone_flags"].apply(lambda s: (s > 0).mean())
        print(f"{community:<16}{len(group):>6}  {ours:>15.3f}  {peer:>10.3f}  {ours / peer:>6.2f}  "
              f"{flagged.get('impolite', 0):.1%} / {flagged.get('polite', 0):.1%}")


if __name__ == "__main__":
    main()
