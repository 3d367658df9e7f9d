"""Model and rule files are not a way in (issue 6).

Loading a pickle runs code, so complaintkit loads one only when it is a shipped
model matching its recorded SHA-256 or the caller passes ``trusted=True``; the
skops format loads without running code. Rule packs are data, checked against a
schema, and cannot make the checker hang. Every file we write appears whole or
not at all.
"""

from __future__ import annotations

import gc
import json
import os
import time
import zipfile
from pathlib import Path
from typing import Any

import joblib
import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import complaintkit as ck
from complaintkit import _io
from complaintkit.classify import persistence
from complaintkit.classify.default import default_model_path
from complaintkit.classify.persistence import FILE_FORMAT, load_model_file, shipped_digests, verify_shipped
from complaintkit.errors import RuleError
from complaintkit.tone.checker import ToneChecker
from complaintkit.tone.matcher import RuleMatcher
from complaintkit.tone.rules import MAX_OPTIONAL, parse_rule_document, read_rule_file

TEXTS = ["charged twice for one order", "my parcel is late", "thanks, all good"]


@pytest.fixture(scope="module")
def fitted(small_training_set: tuple[list[str], list[list[str]]]) -> ck.ComplaintClassifier:
    texts, labels = small_training_set
    return ck.ComplaintClassifier(cv=2, min_df=1).fit(texts, labels)


def _same_predictions(a: ck.ComplaintClassifier, b: ck.ComplaintClassifier) -> bool:
    return [r.to_dict() for r in a.classify_batch(TEXTS)] == [r.to_dict() for r in b.classify_batch(TEXTS)]


class _RunsCode:
    """Unpickling this runs code: it writes a marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (exec, (f"open({str(self.marker)!r}, 'w').write('ran')",))


def _hostile_pickle(path: Path, marker: Path) -> Path:
    joblib.dump({"format": FILE_FORMAT, "format_version": 1, "metadata": {}, "estimator": _RunsCode(marker)}, path)
    return path


# -- pickles -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["model.joblib", "model.pkl", "model.skops", "classifier.joblib"])
def test_a_pickle_that_runs_code_is_refused_and_never_runs(tmp_path, name):
    marker = tmp_path / "ran.txt"
    path = _hostile_pickle(tmp_path / name, marker)
    for load in (ck.ComplaintClassifier.load, ck.load_model, load_model_file):
        with pytest.raises(ck.UntrustedModelError, match=r"can run code when loaded.*trusted=True.*'\.skops'"):
            load(path)
    assert not marker.exists()


def test_a_pickle_posing_as_the_shipped_model_is_refused_by_its_digest(tmp_path):
    marker = tmp_path / "ran.txt"
    path = _hostile_pickle(tmp_path / default_model_path().name, marker)
    with pytest.raises(ck.ModelIntegrityError, match=r"changed after release\. Reinstall complaintkit"):
        load_model_file(path, shipped=True)
    assert not marker.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "could not read"),
        (b"\x80\x04not really a pickle", "could not read"),
        (b"PK\x03\x04 truncated zip", "could not read"),
    ],
    ids=["empty", "garbage", "broken-zip"],
)
def test_unreadable_model_files_raise_model_error(tmp_path, content, message):
    path = tmp_path / "model.joblib"
    path.write_bytes(content)
    with pytest.raises(ck.ModelError, match=message):
        ck.ComplaintClassifier.load(path, trusted=True)


def test_a_truncated_model_file_raises_model_error(fitted, tmp_path):
    path = fitted.save(tmp_path / "model.joblib")
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(ck.ModelError, match="could not read"):
        ck.ComplaintClassifier.load(path, trusted=True)


@pytest.mark.parametrize("path", [None, 42, b"model.joblib"], ids=["None", "int", "bytes"])
def test_a_model_path_that_is_not_a_path_is_refused(path):
    with pytest.raises(ck.ModelError, match=r"a model path must be a str or os\.PathLike, got"):
        ck.ComplaintClassifier.load(path)


def test_a_folder_is_not_a_model_file(tmp_path):
    with pytest.raises(ck.ModelError, match="no model file at"):
        ck.ComplaintClassifier.load(tmp_path, trusted=True)


# -- shipped models --------------------------------------------------------------------


def test_every_shipped_model_file_has_a_matching_digest():
    folder = default_model_path().parent
    shipped = sorted(p.name for p in folder.glob("*.joblib"))
    assert shipped and sorted(shipped_digests()) == shipped
    for name in shipped:
        verify_shipped(folder / name)  # raises on a mismatch


def test_the_tone_sentence_model_is_verified_and_loaded():
    """A missing digest would silently switch the model off (load_sentence_model returns None)."""
    from complaintkit.tone.sentence_model import load_sentence_model

    assert load_sentence_model() is not None


@pytest.mark.parametrize("name", sorted(shipped_digests()))
def test_a_tampered_shipped_model_is_refused(tmp_path, name):
    source = default_model_path().parent / name
    fake = tmp_path / name
    data = bytearray(source.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte
    fake.write_bytes(bytes(data))
    with pytest.raises(ck.ModelIntegrityError, match=rf"shipped model .*{name} has SHA-256 .*changed after release"):
        verify_shipped(fake)


def test_a_shipped_name_without_a_digest_is_refused(tmp_path):
    fake = tmp_path / "extra.joblib"
    fake.write_bytes(b"anything")
    with pytest.raises(ck.ModelIntegrityError, match=r"no digest is recorded for shipped model 'extra\.joblib'"):
        load_model_file(fake, shipped=True)


# -- the safe skops format ---------------------------------------------------------------------


def test_a_skops_model_loads_without_trusted(fitted, tmp_path):
    pytest.importorskip("skops")
    path = fitted.save(tmp_path / "model.skops")
    assert zipfile.is_zipfile(path)
    loaded = ck.ComplaintClassifier.load(path)
    assert _same_predictions(loaded, fitted)
    assert loaded.metadata_["labels"] == ["billing", "delivery"]
    assert _same_predictions(ck.load_model(path), fitted)


def test_a_skops_file_is_recognised_by_content_not_name(fitted, tmp_path):
    pytest.importorskip("skops")
    path = fitted.save(tmp_path / "model.skops")
    renamed = path.rename(tmp_path / "model.joblib")
    assert _same_predictions(ck.ComplaintClassifier.load(renamed), fitted)


class _Foreign:
    """A type complaintkit does not vouch for; rebuilding it would run its __setstate__."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __setstate__(self, state: dict[str, Any]) -> None:
        Path(state["marker"]).write_text("ran")
        self.__dict__.update(state)


def test_a_skops_file_with_foreign_types_is_refused_and_never_runs(tmp_path):
    sio = pytest.importorskip("skops.io")
    marker = tmp_path / "ran.txt"
    path = tmp_path / "model.skops"
    sio.dump({"format": FILE_FORMAT, "metadata": {}, "estimator": _Foreign(str(marker))}, path)
    with pytest.raises(ck.UntrustedModelError, match=r"types complaintkit does not vouch for \(.*_Foreign\)"):
        ck.ComplaintClassifier.load(path)
    assert not marker.exists()


def test_a_skops_file_holding_something_else_is_not_a_model(tmp_path):
    sio = pytest.importorskip("skops.io")
    path = tmp_path / "model.skops"
    sio.dump({"format": "something else", "estimator": [1, 2, 3]}, path)
    with pytest.raises(ck.ModelError, match="is not a complaintkit classifier file"):
        ck.ComplaintClassifier.load(path)


def test_a_zip_that_is_not_a_skops_file_raises_model_error(tmp_path):
    pytest.importorskip("skops")
    path = tmp_path / "model.skops"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a model")
    with pytest.raises(ck.ModelError, match=r"could not read .* as a skops model file"):
        ck.ComplaintClassifier.load(path)


def test_a_skops_file_that_would_unpack_too_large_is_refused(fitted, tmp_path, monkeypatch):
    pytest.importorskip("skops")
    path = fitted.save(tmp_path / "model.skops")
    monkeypatch.setattr(persistence, "SKOPS_MAX_BYTES", path.stat().st_size + 10)
    with pytest.raises(ck.ModelError, match=r"would unpack to [0-9,]+ bytes"):
        ck.ComplaintClassifier.load(path)


# -- atomic writes ---------------------------------------------------------------------------


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("name", ["model.joblib", "model.skops"])
def test_a_crash_while_saving_leaves_the_old_model_whole(fitted, tmp_path, monkeypatch, name):
    if name.endswith(".skops"):
        pytest.importorskip("skops")
    path = fitted.save(tmp_path / name)
    before = path.read_bytes()

    def crash(obj: Any, target: Any, **kwargs: Any) -> None:
        Path(target).write_bytes(b"half a model")
        raise KeyboardInterrupt  # a crash or Ctrl-C mid-write

    if name.endswith(".skops"):
        import skops.io

        monkeypatch.setattr(skops.io, "dump", crash)
    else:
        monkeypatch.setattr(persistence.joblib, "dump", crash)
    with pytest.raises(KeyboardInterrupt):
        fitted.save(path)
    assert path.read_bytes() == before
    assert _leftovers(tmp_path) == []
    monkeypatch.undo()
    assert _same_predictions(load_model_file(path, trusted=True), fitted)


def test_a_crash_while_writing_a_text_file_leaves_the_old_one(tmp_path):
    path = _io.write_text_atomic(tmp_path / "out.json", '{"old": true}')

    def crash(handle: Any) -> None:
        handle.write(b'{"new": ')
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        _io.write_atomic(path, crash)
    assert path.read_text(encoding="utf-8") == '{"old": true}'
    assert _leftovers(tmp_path) == []


def test_saved_files_are_flushed_before_the_rename(tmp_path, monkeypatch):
    """The rename is only atomic on disk if the data got there first."""
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(_io.os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(_io.os, "replace", lambda a, b: (events.append("replace"), real_replace(a, b))[1])
    _io.write_text_atomic(tmp_path / "out.txt", "hello")
    assert events[:2] == ["fsync", "replace"]


def test_the_spacy_component_saves_its_rules_atomically(tmp_path, monkeypatch):
    nlp = spacy.blank("en")
    component = nlp.add_pipe("complaintkit_tone", config={"use_model": False})
    component.add_rules([_rule(id="dismissive.meh")["rules"][0]])
    component.to_disk(tmp_path)
    before = (tmp_path / "rules.json").read_text(encoding="utf-8")
    component.add_rules([_rule(id="dismissive.whatever", patterns=[[{"LOWER": "whatever"}]])["rules"][0]])
    monkeypatch.setattr(Path, "write_text", lambda self, *a, **k: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError, match="disk full"):
        component.to_disk(tmp_path)
    monkeypatch.undo()
    assert (tmp_path / "rules.json").read_text(encoding="utf-8") == before
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize(("content", "message"), [(b"{not json", "could not read the rules"),
                                                   (b"\xff\xfe\x00", "could not read the rules"),
                                                   (b'{"rules": 5}', "expected an object with a 'rules' list")])
def test_a_broken_saved_spacy_component_raises_rule_error(tmp_path, content, message):
    nlp = spacy.blank("en")
    component = nlp.add_pipe("complaintkit_tone", config={"use_model": False})
    (tmp_path / "rules.json").write_bytes(content)
    with pytest.raises(RuleError, match=rf"rules.json: {message}"):
        component.from_disk(tmp_path)


# -- rule packs ------------------------------------------------------------------------------


def _rule(**change: Any) -> dict[str, Any]:
    rule = {"id": "dismissive.x", "kind": "dismissive", "message": "Sounds like you don't care.",
            "patterns": [[{"LOWER": "meh"}]], "examples": {"flag": ["meh"], "pass": ["ok"]}}
    rule.update(change)
    return {"rules": [rule]}


@pytest.mark.parametrize("op", ["*", "+", "{2,}", "{0,99}", "{,}", "{1,2,3}", "1", 1, None, "{" + "9" * 5000 + "}"],
                         ids=["star", "plus", "open", "too-many", "empty", "junk", "one", "int", "none", "huge"])
def test_unbounded_repeats_are_refused_naming_file_rule_and_field(op):
    with pytest.raises(RuleError, match=r"^pack.json: rule dismissive.x: patterns\[0\]\[1\].OP is .*bounded repeat"):
        parse_rule_document(_rule(patterns=[[{"LOWER": "meh"}, {"IS_ALPHA": True, "OP": op}]]), source="pack.json")


@pytest.mark.parametrize("op", ["?", "!", "{2}", "{0,3}", "{,4}"])
def test_bounded_operators_are_allowed(op):
    rules = parse_rule_document(_rule(patterns=[[{"LOWER": "meh"}, {"IS_ALPHA": True, "OP": op}]]),
                                source="pack.json")
    RuleMatcher(rules, spacy.blank("en").vocab)  # spaCy accepts it too


def test_too_many_optional_tokens_in_one_pattern_are_refused():
    """spaCy's Matcher follows every combination of optional tokens: 3 x {0,8} ran out of memory on 80 words."""
    pattern = [{"LOWER": "meh"}] + [{"IS_ALPHA": True, "OP": "{0,4}"}] * 3
    with pytest.raises(RuleError, match=rf"patterns\[0\] has 12 optional token slots.*at most {MAX_OPTIONAL}"):
        parse_rule_document(_rule(patterns=[pattern]), source="pack.json")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "acknowledge", "id": "acknowledge.x", "message": 5}, "field 'message'"),
        ({"link": ["http://x"]}, "field 'link' must be a URL string or null"),
        ({"suggestion": 3}, "field 'suggestion' must be a string or null"),
        ({"patterns": [[{"LOWER": {"REGEX": "(a+)+$"}}]]}, "may not use regular expressions"),
        ({"patterns": [[{"LOWER": {"FUZZY9": "x"}}]]}, r"unknown predicate\(s\) \['FUZZY9'\]"),
        ({"patterns": [[{"LOWER": 5}]]}, "spaCy rejected a pattern"),
    ],
)
def test_bad_rules_are_refused_with_our_error(change, message):
    with pytest.raises(RuleError, match=message) as info:
        rules = parse_rule_document(_rule(**change), source="pack.json")
        RuleMatcher(rules, spacy.blank("en").vocab)
    assert str(info.value).startswith("pack.json: ")


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"\xff\xfe{ not utf-8", "could not read the file as UTF-8"), (b'{"rules": [', "could not parse"),
     (b"[1, 2]", "expected an object with a 'rules' list, got list")],
    ids=["not-utf8", "bad-json", "wrong-shape"],
)
def test_unreadable_rule_files_name_the_file(tmp_path, content, message):
    path = tmp_path / "pack.json"
    path.write_bytes(content)
    with pytest.raises(RuleError, match=message) as info:
        read_rule_file(path)
    assert str(path) in str(info.value)


def test_a_yaml_rule_pack_cannot_run_code(tmp_path):
    pytest.importorskip("yaml")
    marker = tmp_path / "ran.txt"
    path = tmp_path / "pack.yaml"
    path.write_text(f"rules: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    with pytest.raises(RuleError, match="could not parse"):
        ToneChecker(extra_rules=path, model=None)
    assert not marker.exists()


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 12) | st.sampled_from(
        ["", "x", "meh", "dismissive", "dismissive.x", "warning", "?", "*", "{0,3}", "IN", "LOWER", "OP", "REGEX"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "kind", "message", "patterns", "examples", "flag", "pass", "severity", "LOWER", "OP",
                         "IN", "IS_ALPHA", "negatable", "link", "suggestion", "rules", "REGEX", "LEMMA"]),
        children, max_size=5),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(["id", "kind", "message", "patterns", "examples", "severity", "negatable", "link",
                              "suggestion"]), value=_JSON)
def test_any_malformed_rule_raises_only_rule_error(field, value):
    document = _rule(**{field: value})
    try:
        rules = parse_rule_document(document, source="pack.json")
        RuleMatcher(rules, spacy.blank("en").vocab)
    except RuleError as err:
        assert str(err).startswith("pack.json")


def test_the_most_permissive_allowed_rule_takes_linear_time():
    pattern = [{"IS_ALPHA": True, "OP": "?"}] * MAX_OPTIONAL + [{"IS_ALPHA": True}]
    checker = ToneChecker(parse_rule_document(_rule(patterns=[pattern]), source="pack.json"), model=None)

    def seconds(words: int) -> float:
        gc.collect()  # and paused while timing: a collection landing in one run is noise, not growth
        gc.disable()
        try:
            started = time.perf_counter()
            checker.check("word " * words)
            return time.perf_counter() - started
        finally:
            gc.enable()

    seconds(100)
    small = min(seconds(250) for _ in range(3))
    assert min(seconds(2_000) for _ in range(2)) / small < 24  # 8 times the text: ~8 linear, ~64 quadratic


def test_a_rule_with_an_optional_bounded_repeat_still_flags_without_the_optional_word():
    pattern = [{"LOWER": "very", "OP": "{0,2}"}, {"LOWER": "whatever"}]
    checker = ToneChecker(parse_rule_document(_rule(patterns=[pattern]), source="pack.json"), model=None)
    assert [f.rule_id for f in checker.check("Very very whatever.").flags] == ["dismissive.x"]
    assert [f.rule_id for f in checker.check("Whatever.").flags] == ["dismissive.x"]


# -- retraining keeps the digests ----------------------------------------------------------------


def test_retraining_the_classifier_keeps_the_other_digests(tmp_path):
    from complaintkit.classify.training import train_default

    rows = [("my parcel never arrived", ["delivery"]), ("still waiting for my order", ["delivery"]),
            ("the courier lost my package", ["delivery"]), ("you charged me twice", ["billing"]),
            ("a fee on my bill I never agreed to", ["billing"]), ("my invoice is wrong", ["billing"]),
            ("thanks, all arrived", []), ("what time do you open", []), ("love the new store", []),
            ("great service today", [])]
    for folder in ("data/train", "data/heldout", "models", "complaintkit/classify"):
        (tmp_path / folder).mkdir(parents=True)
    lines = [json.dumps({"text": t, "labels": labels, "complaint": bool(labels)}) for t, labels in rows * 3]
    (tmp_path / "data/train/a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "data/heldout/complaints.jsonl").write_text("\n".join(lines[:10]) + "\n", encoding="utf-8")
    digests = tmp_path / "complaintkit/classify/shipped_digests.json"
    digests.write_text(json.dumps({"classifier.joblib": "0" * 64, "tone_sentences.joblib": "1" * 64}),
                       encoding="utf-8")
    train_default(tmp_path, log=lambda *args: None)
    assert json.loads(digests.read_text(encoding="utf-8")).get("tone_sentences.joblib") == "1" * 64
