"""Rows per second of ``analyze_frame`` on 100,000 short complaints, next to the obvious pandas way.

The texts are real complaint tweets when ../shared/corpora is present, otherwise
complaintkit's held-out texts; each gets a distinct order reference appended, so
all 100,000 rows differ and analyze_frame's "each distinct text once" shortcut
does not flatter the numbers. Measured in the same run:

- ``df["complaint"].apply(ck.classify)``: the peer an analyst would write first
  (timed on 5,000 rows; its cost per row does not depend on the frame size);
- ``ck.classify_many`` on the same texts: the batch API analyze_frame builds on;
- ``ck.analyze_frame`` with ``n_jobs=1`` and ``n_jobs=2``; for ``n_jobs=2`` the
  first call includes starting the worker processes (and loading the model in
  each), the second reuses them, as later calls in a notebook do.

Run: python benchmarks/frame_speed.py [--rows N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time

import pandas as pd
from _common import ROOT, corpora_dir

import complaintkit as ck

PEER_ROWS = 5_000


def short_complaints(rows: int) -> tuple[str, pd.DataFrame]:
    base = corpora_dir()
    tweets = None if base is None else base / "complaints_twitter_acl2019" / "complaints_tweets.csv"
    if tweets is not None and tweets.is_file():
        texts, source = pd.read_csv(tweets)["text"].dropna().astype(str).tolist(), "real complaint tweets"
    else:
        path = ROOT / "data" / "heldout" / "complaints.jsonl"
        texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
        source = "complaintkit held-out texts"
    rng = random.Random(0)
    column = [f"{texts[i % len(texts)]} (ref {rng.randrange(10**9):09d})" for i in range(rows)]
    return source, pd.DataFrame({"complaint": column})


def rate(rows: int, seconds: float) -> str:
    return f"{rows / seconds:>9,.0f} rows/s"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    rows = parser.parse_args().rows
    source, df = short_complaints(rows)
    print(f"{len(df):,} distinct short complaints from {source}, mean {df['complaint'].str.len().mean():.0f} "
          f"characters; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} before the run "
          "(other busy processes lower the n_jobs=2 numbers)")
    ck.analyze_frame(df.head(200))  # load the model once, outside the timings

    sample = df["complaint"].head(PEER_ROWS)
    started = time.perf_counter()
    sample.apply(ck.classify)
    peer = (time.perf_counter() - started) / len(sample)

    timings: dict[str, float] = {}
    results = {}
    for name, call in [
        ("classify_many (list of results)", lambda: ck.classify_many(df["complaint"].tolist(), batch_size=2048)),
        ("analyze_frame n_jobs=1", lambda: ck.analyze_frame(df, progress=False)),
        ("analyze_frame n_jobs=2, first call", lambda: ck.analyze_frame(df, n_jobs=2, progress=False)),
        ("analyze_frame n_jobs=2, workers warm", lambda: ck.analyze_frame(df, n_jobs=2, progress=False)),
    ]:
        started = time.perf_counter()
        results[name] = call()
        timings[name] = time.perf_counter() - started

    assert results["analyze_frame n_jobs=1"].equals(results["analyze_frame n_jobs=2, workers warm"])
    print(f"{'pandas .apply(ck.classify), per row':<40}{rate(1, peer)}   (on {PEER_ROWS:,} rows)")
    for name, seconds in timings.items():
        print(f"{name:<40}{rate(rows, seconds)}   {peer * rows / seconds:5.1f}x the .apply peer")
    one, two = timings["analyze_frame n_jobs=1"], timings["analyze_frame n_jobs=2, workers warm"]
    print(f"n_jobs=2 / n_jobs=1 (warm): {one / two:.2f}x; results identical: yes")


if __name__ == "__main__":
    main()
