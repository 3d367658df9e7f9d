"""Time per character from 1 KB to 1 MB: is every entry point linear in text length?

Issue 6 asks for time per character that stays flat from 1 KB to 1 MB (up to
the default limit of ``ck.get_max_length()`` characters). For each entry point
and kind of text this prints microseconds per character at each size, and the
ratio of the largest size's to the smallest's: about 1 when linear, growing
with size when not. As a peer, measured in the same run, ``spacy.blank("en")``'s
own tokenizer on the same text: the cost spaCy alone would add.

Texts: real-looking prose (our held-out complaints, joined), a reply-like text
dense with flagged phrasing, text with no spaces at all made of runs of
brackets (each run different, so spaCy's tokenizer cache cannot hide the
cost) and words longer than the tokenizer's run limit.

Meant for benchmarks/ (run outside the test suite):

    python benchmarks/input_length.py              # all sizes; rewrite up to 100 KB
    python benchmarks/input_length.py --quick      # up to 100 KB everywhere
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import spacy

import complaintkit as ck

ROOT = Path(__file__).resolve().parents[1]
SIZES = [1_000, 10_000, 100_000, 1_000_000]
#: A size is skipped when it would take longer than this (seconds), predicted from the
#: previous size times ten times the growth in time per character seen so far.
BUDGET = 120.0
#: Entry points whose time per character we measure, with the largest size each runs at.
ENTRY_POINTS: dict[str, tuple[Callable[[str], Any], int]] = {
    "classify": (ck.classify, 1_000_000),
    "check_tone": (ck.check_tone, 1_000_000),
    "rewrite": (ck.rewrite, 100_000),
}


def _prose() -> str:
    path = ROOT / "data" / "heldout" / "complaints.jsonl"
    return "\n\n".join(json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines())


def _repeated(unit: str) -> Callable[[int, int], str]:
    return lambda n, attempt: (unit * (n // len(unit) + 1))[:n]


def _bracket_runs(n: int, attempt: int) -> str:
    """n characters without a space: runs of 480-499 brackets, each ended by a different number.

    Every attempt gets new numbers: spaCy caches how it split a piece, and a
    repeated piece would cost nothing the second time.
    """
    rnd = random.Random(n * 10 + attempt)
    parts: list[str] = []
    size = 0
    while size < n:
        parts.append("(" * rnd.randrange(480, 500) + str(rnd.randrange(10**6)))
        size += len(parts[-1])
    return "".join(parts)[:n]


def _texts() -> dict[str, Callable[[int, int], str]]:
    return {
        "prose": _repeated(_prose()),
        "flagged": _repeated("Sorry, but you should have read the terms. Calm down, it's only a few days. "
                             "Order #4471 ships Monday. "),
        "bracket-runs": _bracket_runs,
        "long-words": _repeated("a" * 700 + " "),
    }


def _seconds(fn: Callable[[str], Any], make: Callable[[int, int], str], n: int) -> float:
    """Best of three when a run is quick, else one run."""
    best = float("inf")
    for attempt in range(3):
        text = make(n, attempt)
        started = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - started)
        if best > 1.0:
            break
    return best


def main() -> None:
    quick = "--quick" in sys.argv
    peer = spacy.blank("en").tokenizer
    for fn, _ in ENTRY_POINTS.values():
        fn("warm up the models")
    print(f"{'entry point':<12} {'text':<12}" + "".join(f"{n:>12,}" for n in SIZES) + "   last/first  (us per char)")
    rows = []
    for kind, make in _texts().items():
        # spaCy alone on 100,000 characters without a space takes about ten minutes
        peer_largest = 10_000 if kind == "bracket-runs" else 100_000
        for name, (fn, largest) in [*ENTRY_POINTS.items(), ("spaCy peer", (peer, peer_largest))]:
            limit = min(largest, 100_000) if quick else largest
            per_char: list[float | None] = []
            over_budget = False
            for n in SIZES:
                if n > limit or over_budget:
                    per_char.append(None)
                    continue
                seconds = _seconds(fn, make, n)
                per_char.append(seconds / n * 1e6)
                growth = per_char[-1] / per_char[-2] if len(per_char) > 1 and per_char[-2] else 1.0
                over_budget = seconds * 10 * max(1.0, growth) > BUDGET
            measured = [v for v in per_char if v is not None]
            ratio = measured[-1] / measured[0] if measured[0] else float("nan")
            cells = "".join(f"{v:>12.2f}" if v is not None else f"{'-':>12}" for v in per_char)
            note = "  (stopped: the next size would exceed the time budget)" if over_budget and len(measured) < len(
                [n for n in SIZES if n <= limit]) else ""
            print(f"{name:<12} {kind:<12}{cells}   {ratio:>8.2f}x{note}", flush=True)
            rows.append((name, kind, ratio))
    worst = max((r for r in rows if r[0] != "spaCy peer"), key=lambda r: r[2])
    print(f"\nleast flat: {worst[0]} on {worst[1]} text, {worst[2]:.1f}x the time per character of 1 KB "
          "(1x = perfectly linear; the spaCy peer rows show spaCy's tokenizer alone)")


if __name__ == "__main__":
    main()
