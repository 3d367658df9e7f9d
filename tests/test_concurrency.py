"""Many threads at once, and the same output every time (issue 6).

complaintkit runs inside web services: ``check_tone``, ``classify`` and the shared
default model must give each of many concurrent callers exactly what a single
caller gets, and the same input must give the same output across runs, batch
sizes, ``n_jobs`` and retraining with the same seed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

import complaintkit as ck

TEXTS = [
    "my parcel still hasn't shown up and nobody answers my emails",
    "You charged me twice for order #5561. Third time writing. I'll go to the ombudsman.",
    "Sorry, but you should have read the terms. Your order #5561 shipped on 3 May.",
    "Calm down, it's only a few days. That's the courier's fault, not ours.",
    "I'm sorry your refund is late. That's on us. I've refunded £24.99 today and will email you by Friday.",
    "Hi Sam,\r\n\r\nThis will never happen again, I guarantee it.\r\nKind regards,\r\nTom",
    "thanks, everything arrived fine 👍",
    "😡😡😡 worst service ever, cancelling my subscription and telling everyone on Twitter",
    "",
    "   \n\t ",
    "Спокойно. 你应该 read the terms. مرحبا",
    "\u202eCalm\u200b down\u202c\x00",
    "> You wrote: calm down\nWe are sorry, we understand how frustrating this is.",
    "{{name}}, as I already explained, the engineer (ref ENG-5521) will visit on 12/03.",
    "I want to cancel my account but the website keeps logging me out",
    "we followed our procedure correctly; our policy clearly states returns close after 14 days",
]
CALLS = 5_000
THREADS = 8


def _call(kind: str, text: str) -> dict[str, Any]:
    if kind == "classify":
        return ck.classify(text).to_dict()
    if kind == "check_tone":
        return ck.check_tone(text).to_dict()
    if kind == "classify_many":
        return ck.classify_many([text, text])[1].to_dict()
    return _shared_checker().check_many([text])[0].to_dict()


def _shared_checker() -> ck.ToneChecker:
    from complaintkit.tone.api import default_checker

    return default_checker()


KINDS = ("classify", "check_tone", "classify_many", "check_many")


def test_8_threads_and_5000_mixed_calls_get_the_single_thread_results():
    expected = {(kind, text): _call(kind, text) for kind in KINDS for text in TEXTS}
    jobs = [(KINDS[i % len(KINDS)], TEXTS[(i * 7) % len(TEXTS)]) for i in range(CALLS)]
    start = threading.Barrier(THREADS)

    def run(chunk: list[tuple[str, str]]) -> list[dict[str, Any]]:
        start.wait()  # all threads begin together, so calls really overlap
        return [_call(kind, text) for kind, text in chunk]

    chunks = [jobs[i::THREADS] for i in range(THREADS)]
    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(run, chunks))
    mismatches = [
        (kind, text) for chunk, got in zip(chunks, results, strict=True)
        for (kind, text), result in zip(chunk, got, strict=True) if result != expected[(kind, text)]
    ]
    assert sum(map(len, results)) == CALLS
    assert mismatches == []


#: Run in a fresh process with another PYTHONHASHSEED: 8 threads race to load the
#: default model and checker, then the main thread rewrites and trains.
_ANOTHER_PROCESS = r"""
import json, sys, threading
import complaintkit as ck
texts = json.loads(sys.argv[1])
train, labels = json.loads(sys.argv[2])
barrier = threading.Barrier(8)
models, out, errors = [], [None] * 8, []
def run(i):
    try:
        barrier.wait()  # every thread asks for the not-yet-loaded default model and checker at once
        models.append(id(ck.load_model()))
        out[i] = [[ck.classify(t).to_dict(), ck.check_tone(t).to_dict()] for t in texts]
    except BaseException as err:
        errors.append(repr(err))
threads = [threading.Thread(target=run, args=(i,)) for i in range(8)]
for t in threads: t.start()
for t in threads: t.join()
clf = ck.ComplaintClassifier(cv=2, min_df=1).fit(train, labels)
print(json.dumps({
    "models": len(set(models)), "threads_agree": all(o == out[0] for o in out), "errors": errors,
    "classify": [pair[0] for pair in out[0] or []], "tone": [pair[1] for pair in out[0] or []],
    "rewrite": [ck.rewrite(t).text for t in texts],
    "trained": clf.predict_proba(texts).round(12).tolist(),
}))
"""


@pytest.fixture(scope="module")
def another_process(small_training_set: tuple[list[str], list[list[str]]]) -> dict[str, Any]:
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    done = subprocess.run([sys.executable, "-c", _ANOTHER_PROCESS, json.dumps(TEXTS),
                           json.dumps(list(small_training_set))],
                          capture_output=True, text=True, check=True, env=env, timeout=300)
    return json.loads(done.stdout)


def test_threads_racing_to_load_the_default_model_share_one_and_agree(another_process):
    """In a fresh process, so the lazy loading itself is what races."""
    assert another_process["errors"] == []
    assert another_process["models"] == 1
    assert another_process["threads_agree"]


# -- determinism ---------------------------------------------------------------------


@pytest.mark.parametrize("batch_size", [1, 3, 2048])
def test_classify_many_is_the_same_for_every_batch_size(batch_size):
    single = [ck.classify(t).to_dict() for t in TEXTS]
    assert [r.to_dict() for r in ck.classify_many(TEXTS, batch_size=batch_size)] == single


def test_classify_many_is_the_same_across_processes():
    single = [ck.classify(t).to_dict() for t in TEXTS * 2]
    assert [r.to_dict() for r in ck.classify_many(TEXTS * 2, batch_size=5, n_jobs=2)] == single


@pytest.mark.parametrize("batch_size", [1, 4, 256])
def test_check_many_is_the_same_for_every_batch_size(batch_size):
    single = [ck.check_tone(t).to_dict() for t in TEXTS]
    assert [r.to_dict() for r in _shared_checker().check_many(TEXTS, batch_size=batch_size)] == single


def test_calls_do_not_depend_on_what_came_before():
    """Caches (word features, spaCy's vocabulary) must not change a result."""
    fresh = [ck.check_tone(t).to_dict() for t in TEXTS]
    for text in ["zzqx " * 500, "Calm down. " * 200, "".join(chr(c) for c in range(0x4E00, 0x5200))]:
        ck.check_tone(text)
        ck.classify(text)
    assert [ck.check_tone(t).to_dict() for t in TEXTS] == fresh


def test_another_process_with_another_hash_seed_gives_the_same_output(another_process, small_training_set):
    """Set and dict order must not leak into results: a new process with another PYTHONHASHSEED agrees."""
    train, labels = small_training_set
    clf = ck.ComplaintClassifier(cv=2, min_df=1).fit(train, labels)
    assert another_process["classify"] == [ck.classify(t).to_dict() for t in TEXTS]
    assert another_process["tone"] == [ck.check_tone(t).to_dict() for t in TEXTS]
    assert another_process["rewrite"] == [ck.rewrite(t).text for t in TEXTS]
    assert another_process["trained"] == clf.predict_proba(TEXTS).round(12).tolist()


def test_training_twice_with_the_same_seed_predicts_the_same(small_training_set):
    train, labels = small_training_set
    a = ck.ComplaintClassifier(cv=3, min_df=1, random_state=7).fit(train, labels)
    b = ck.ComplaintClassifier(cv=3, min_df=1, random_state=7).fit(list(train), [list(x) for x in labels])
    assert (a.predict_proba(TEXTS) == b.predict_proba(TEXTS)).all()
    assert a.thresholds == b.thresholds
    assert [r.to_dict() for r in a.classify_batch(TEXTS)] == [r.to_dict() for r in b.classify_batch(TEXTS)]
