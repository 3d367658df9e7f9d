"""Throughput of ``ToneChecker.check_many`` next to proselint on the same sentences.

Sentences are real company replies when ../shared/corpora is present, else our
held-out tone sentences. Both tools run in this process, in the same run; we
print sentences per second and the ratio. proselint checks general prose
style, not tone: it is here as a peer for speed, not for what it finds.

Run: python benchmarks/tone_speed.py   (peer: pip install proselint)
"""

from __future__ import annotations

import json

import pandas as pd
from _common import ROOT, corpora_dir, timed

import complaintkit as ck
from complaintkit.line_breaks import HANDLES_ONLY

N = 20_000


def replies() -> tuple[str, list[str]]:
    base = corpora_dir()
    path = None if base is None else base / "twcs_pairs" / "twcs_customer_reply_pairs.csv"
    if path is not None and path.is_file():
        texts, source = pd.read_csv(path)["reply_text"].dropna().astype(str).tolist(), "real replies (TWCS)"
    else:
        texts = [json.loads(line)["text"] for p in sorted((ROOT / "data" / "tone" / "heldout").glob("*.jsonl"))
                 for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
        source = "complaintkit held-out tone sentences"
    return source, (texts * (N // len(texts) + 1))[:N]


def main() -> None:
    source, texts = replies()
    checker = ck.ToneChecker()
    rules_only = ck.ToneChecker(model=None)
    checker.check_many(texts[:200])
    rules_only.check_many(texts[:200])
    ours, _ = timed(lambda: checker.check_many(texts, batch_size=1000), repeat=2)
    bare, _ = timed(lambda: rules_only.check_many(texts, batch_size=1000), repeat=2)
    # the checker treats the @handles a reply opens with as their own segment; they are not sentences
    sentences = sum(
        1 for t in texts[:2000] for start, end in checker.sentence_spans(t) if not HANDLES_ONLY.fullmatch(t[start:end])
    ) / 2000 * len(texts)
    print(f"{len(texts):,} texts ({sentences:,.0f} sentences) from {source}, "
          f"mean {sum(map(len, texts)) / len(texts):.0f} characters")
    print(f"complaintkit check_many (rules + model): {len(texts) / ours:>9,.0f} texts/s "
          f"{sentences / ours:>9,.0f} sentences/s")
    print(f"complaintkit check_many (rules only):    {len(texts) / bare:>9,.0f} texts/s "
          f"{sentences / bare:>9,.0f} sentences/s")
    try:
        from proselint.checks import __register__
        from proselint.config import DEFAULT
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile
    except ImportError:
        print("proselint not installed (pip install proselint): no peer in this run")
        return
    CheckRegistry().register_many(__register__)
    sample = texts[:2000]  # proselint is slow; time a slice and scale
    theirs, _ = timed(lambda: [LintFile("reply", t).lint(DEFAULT) for t in sample], repeat=1)
    peer = len(sample) / theirs
    print(f"proselint LintFile.lint (all checks):    {peer:>9,.0f} texts/s")
    print(f"ratio complaintkit (rules + model) / proselint: {len(texts) / ours / peer:.1f}x")


if __name__ == "__main__":
    main()
