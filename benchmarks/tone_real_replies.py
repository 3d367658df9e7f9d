"""Flag rate on real company replies (IBM Twitter customer care, TWCS 2017).

These replies are real and mostly polite, so a high flag rate means false
positives. Prints the rate per corpus and per source (rule, model), the most
frequent rules, and the top flagged replies to read by hand.

Run: python benchmarks/tone_real_replies.py [--show 15]
"""

from __future__ import annotations

import argparse
from collections import Counter

import pandas as pd
from _common import corpora_dir

import complaintkit as ck

CORPORA = {
    "ibm_twitter_customer_care": "ibm_customer_reply_pairs.csv",
    "twcs_pairs": "twcs_customer_reply_pairs.csv",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", type=int, default=10, help="flagged replies to print per corpus")
    args = parser.parse_args()
    base = corpora_dir()
    if base is None:
        print("skipped: ../shared/corpora not found")
        return
    checker = ck.ToneChecker()
    for name, file in CORPORA.items():
        path = base / name / file
        if not path.is_file():
            print(f"skipped: {path} not found")
            continue
        replies = pd.read_csv(path)["reply_text"].dropna().astype(str).tolist()
        reports = checker.check_many(replies)
        flagged = [(r, t) for r, t in zip(reports, replies, strict=True) if not r.ok]
        sources = Counter(f.source for r in reports for f in r.flags if f.severity != "info")
        rules = Counter(f.rule_id for r in reports for f in r.flags if f.severity != "info")
        print(f"\n{name}: {len(replies):,} real replies, {len(flagged) / len(replies):.1%} with a warning or error "
              f"(rule flags {sources['rule']}, model flags {sources['model']})")
        print("  most frequent: " + ", ".join(f"{rule} {count}" for rule, count in rules.most_common(8)))
        for report, text in flagged[: args.show]:
            kinds = ",".join(f"{f.rule_id}[{f.text[:40]!r}]" for f in report.flags if f.severity != "info")
            print(f"  - {text[:140]!r}\n      {kinds}")


if __name__ == "__main__":
    main()
