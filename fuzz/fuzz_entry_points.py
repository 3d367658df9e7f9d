"""Coverage-guided fuzzing of every public entry point with atheris (run outside CI).

Each input picks an entry point and builds a text from raw Unicode (lone
surrogates included) and fragments that reach the interesting code (flagged
phrasing, facts, quotes, markup, line breaks). The harness checks what the test
suite checks, on far more inputs:

* only our documented exceptions (``ck.ComplaintkitError``) escape;
* every flag, signal and change indexes the original text;
* ``rewrite`` keeps every fact ``find_facts`` sees in the draft;
* batch calls equal single calls;
* no call takes longer than ``--slow`` seconds.

A violation is written to ``findings.jsonl`` (deduplicated by entry point and
message) instead of stopping the run, so one known bug does not hide the next.
``stats.json`` is rewritten every 1,000 inputs.

Usage::

    pip install atheris
    python fuzz/fuzz_entry_points.py -max_total_time=660 -max_len=2048 fuzz/corpus

Arguments after the script name go to libFuzzer; ``--out DIR`` (default
``fuzz/out``), ``--slow SECONDS`` (default 2) and ``--repeat N`` (default 0:
off; repeat a piece of the text up to N times, to find time that grows faster
than the text) are read by the harness.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

import atheris

with atheris.instrument_imports(include=["complaintkit"]):
    import spacy

    import complaintkit as ck
    from complaintkit.tone.api import default_checker
    from complaintkit.tone.facts import find_facts

FRAGMENTS = [
    "Calm down", "you should have", "Sorry, but", "I'm sorry if you feel", "not our fault", "the courier",
    "I will call my lawyer", "I don't want to cancel", "third time", "how do I leave a review?", "refund",
    "charged twice", "#4471", "ENG-5521", "£24.99", "$1,200.50", "3 May", "14/02/2024", "Monday", "8am",
    "0800 123 4567", "+44 (0)20 7946 0958", "help@shop.example", "https://shop.example/t?id=1", "www.x.io",
    "Sarah", "O'Neil", ". ", ", ", "? ", "! ", "\n", "\r\n", "\r", "\t", "  ", '"', "'", "\u201c", "\u201d",
    "\u2018", "\u2019", "> ", "[quote]", "[/quote]", "<blockquote>", "</blockquote>", "{{", "}}", "{%", "%}",
    "<!-- complaintkit: off -->", "<!-- complaintkit: on -->", "\u200b", "\u202e", "\u0301", "\U0001f621",
    "\U0001f469\u200d\U0001f469\u200d\U0001f467", "\U0001f1ec\U0001f1e7", "\x00", "\x1b", "\u0130", "\u00df",
    "\ufb01", "Hi Sam,", "Kind regards,\nTom", "I've refunded you", "That's on us", "we will call you by Friday",
]
ENTRY_POINTS = ["classify", "classify_many", "check_tone", "check_many", "rewrite", "rewrite_complaint", "review",
                "spacy"]


def _options(argv: list[str]) -> tuple[Path, float, int, list[str]]:
    out, slow, repeat, rest = Path("fuzz/out"), 2.0, 0, [argv[0]]
    args = iter(argv[1:])
    for arg in args:
        if arg == "--out":
            out = Path(next(args))
        elif arg == "--slow":
            slow = float(next(args))
        elif arg == "--repeat":
            repeat = int(next(args))
        else:
            rest.append(arg)
    return out, slow, repeat, rest


OUT, SLOW, REPEAT, LIBFUZZER_ARGS = _options(sys.argv)
OUT.mkdir(parents=True, exist_ok=True)
FINDINGS = OUT / "findings.jsonl"
STATS = OUT / "stats.json"
_seen: set[tuple[str, str]] = set()
_counts: Counter[str] = Counter()
_started = time.time()
_slowest: dict[str, float] = {}
_nlp = spacy.blank("en")
_nlp.add_pipe("complaintkit_tone")
_checker = default_checker()


def _text(fdp: atheris.FuzzedDataProvider) -> str:
    parts = []
    for _ in range(fdp.ConsumeIntInRange(0, 24)):
        if fdp.ConsumeBool():
            part = FRAGMENTS[fdp.ConsumeIntInRange(0, len(FRAGMENTS) - 1)]
        else:
            part = fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 12))  # may hold lone surrogates
        if REPEAT and fdp.ConsumeIntInRange(0, 7) == 0:
            part *= fdp.ConsumeIntInRange(2, REPEAT)  # long runs find time that grows faster than the text
        parts.append(part)
    return "".join(parts)


def _spans_index(text: str, spans: Any, what: str) -> None:
    for span in spans:
        if not (0 <= span.start <= span.end <= len(text)) or text[span.start:span.end] != span.text:
            raise AssertionError(f"{what} offsets do not index the text: {span!r}")


def _check_report(text: str, report: Any) -> None:
    if report.text != text:
        raise AssertionError("report.text is not the input text")
    if not 0 <= report.score <= 100:
        raise AssertionError(f"score out of range: {report.score}")
    _spans_index(text, report.flags, "flag")
    _spans_index(text, report.good, "good span")


def _check_rewrite(draft: str, result: Any) -> None:
    for change in result.changes:
        if draft[change.start:change.end] != change.original:
            raise AssertionError(f"change offsets do not index the draft: {change!r}")
    _check_report(result.text, result.report)
    for fact in find_facts(draft):
        if fact.text not in result.text:
            raise AssertionError(f"rewrite lost a fact ({fact.kind})")


def _run(entry: str, text: str, other: str) -> None:
    if entry == "classify":
        _spans_index(text, ck.classify(text).escalation, "signal")
    elif entry == "classify_many":
        many = ck.classify_many([other, text], batch_size=1)
        if many[1].to_dict() != ck.classify(text).to_dict():
            raise AssertionError("classify_many differs from classify")
    elif entry == "check_tone":
        _check_report(text, ck.check_tone(text))
    elif entry == "check_many":
        reports = _checker.check_many([other, text])
        _check_report(text, reports[1])
        if reports[1].to_dict() != ck.check_tone(text).to_dict():
            raise AssertionError("check_many differs from check_tone")
    elif entry == "rewrite":
        _check_rewrite(text, ck.rewrite(text))
    elif entry == "rewrite_complaint":
        _check_rewrite(other, ck.rewrite(other, complaint=text))
    elif entry == "review":
        result = ck.review(text, other)
        _spans_index(text, result.complaint.escalation, "signal")
        _check_report(other, result.tone)
        _check_rewrite(other, result.suggested)
    elif entry == "spacy":
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return  # spaCy's tokenizer refuses lone surrogates before our component runs (SECURITY.md)
        doc = _nlp(text)
        _check_report(text, doc._.tone)


def _record(entry: str, text: str, other: str, kind: str, message: str, detail: str) -> None:
    key = (entry, message[:120])
    _counts[f"finding:{kind}"] += 1
    if key in _seen:
        return
    _seen.add(key)
    with FINDINGS.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"entry": entry, "kind": kind, "message": message, "text": text, "other": other,
                                 "detail": detail[-2000:]}, ensure_ascii=True) + "\n")


def _write_stats() -> None:
    stats = {"inputs": _counts["inputs"], "seconds": round(time.time() - _started, 1), "counts": dict(_counts),
             "slowest_seconds": _slowest, "distinct_findings": len(_seen)}
    STATS.write_text(json.dumps(stats, indent=1, sort_keys=True), encoding="utf-8")


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    entry = ENTRY_POINTS[fdp.ConsumeIntInRange(0, len(ENTRY_POINTS) - 1)]
    text, other = _text(fdp), _text(fdp)
    if entry in ("check_many", "rewrite_complaint", "review", "classify_many"):
        other = other.encode("utf-8", "replace").decode("utf-8")  # keep surrogates to the fuzzed argument
    _counts["inputs"] += 1
    _counts[entry] += 1
    started = time.perf_counter()
    try:
        _run(entry, text, other)
    except ck.ComplaintkitError as err:
        _counts[f"documented:{type(err).__name__}"] += 1
        if isinstance(err, ck.TextValueError) and "lone surrogate" not in str(err):
            _record(entry, text, other, "unexpected-message", str(err), "")
    except AssertionError as err:
        _record(entry, text, other, "property", str(err), traceback.format_exc())
    except Exception as err:  # anything else escaping is a bug
        _record(entry, text, other, "exception", f"{type(err).__name__}: {err}", traceback.format_exc())
    elapsed = time.perf_counter() - started
    if elapsed > _slowest.get(entry, 0.0):
        _slowest[entry] = round(elapsed, 3)
    if elapsed > SLOW:
        _record(entry, text, other, "slow", f"took {elapsed:.1f}s for {len(text) + len(other)} characters", "")
    if _counts["inputs"] % 1000 == 0:
        _write_stats()


def main() -> None:
    atheris.Setup(LIBFUZZER_ARGS, test_one_input)
    try:
        atheris.Fuzz()
    finally:
        _write_stats()


if __name__ == "__main__":
    main()
