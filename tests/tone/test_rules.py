"""Every shipped tone rule flags its 'flag' examples and passes its 'pass' examples."""

from __future__ import annotations

import json

import pytest

from complaintkit.errors import RuleError
from complaintkit.tone import FLAG_KINDS, GOOD_KINDS, ToneChecker, load_rules
from complaintkit.tone.rules import parse_rule_document, read_rule_file, shipped_rule_files

RULES = load_rules()


@pytest.fixture(scope="module")
def rules_only() -> ToneChecker:
    return ToneChecker(model=None)


def _found(report, kind):
    return [f for f in report.flags if f.kind == kind] + [g for g in report.good if g.kind == kind]


def test_one_rule_file_per_kind():
    names = {path.stem for path in shipped_rule_files()}
    assert names == set(FLAG_KINDS) | set(GOOD_KINDS)


def test_every_rule_has_examples_both_ways():
    for rule in RULES:
        assert rule.flag_examples and rule.pass_examples, rule.id


@pytest.mark.parametrize(("rule_id", "text"), [(r.id, t) for r in RULES for t in r.flag_examples])
def test_rule_flags_its_examples(rules_only, rule_id, text):
    kind = rule_id.split(".")[0]
    assert _found(rules_only.check(text), kind), f"{rule_id} missed: {text}"


@pytest.mark.parametrize(("rule_id", "text"), [(r.id, t) for r in RULES for t in r.pass_examples])
def test_rule_passes_its_examples(rules_only, rule_id, text):
    kind = rule_id.split(".")[0]
    assert not _found(rules_only.check(text), kind), f"{rule_id} flagged: {text}"


def _doc(**rule):
    base = {"id": "dismissive.x", "kind": "dismissive", "message": "m", "patterns": [[{"LOWER": "meh"}]],
            "examples": {"flag": ["meh"], "pass": ["ok"]}}
    base.update(rule)
    return {"rules": [base]}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id": "nodots"}, "field 'id' must be a dotted name"),
        ({"kind": "grumpy"}, "field 'kind' must be one of"),
        ({"severity": "fatal"}, "field 'severity' must be one of"),
        ({"message": ""}, "field 'message' must say"),
        ({"patterns": [[{"POS": "VERB"}]]}, "uses 'POS', which spacy.blank"),
        ({"patterns": [[{"LOWER": {"REGEX": "(a+)+$"}}]]}, "may not use regular expressions"),
        ({"examples": {"flag": ["x"]}}, "examples.pass"),
        ({"id": "blame_customer.x"}, "must start with its kind"),
        ({"unless": []}, "field 'unless' must be a non-empty list"),
        ({"unless": [[{"POS": "VERB"}]]}, r"unless\[0\]\[0\] uses 'POS'"),
        ({"outweighed_by": ["blame_customer"]}, "field 'outweighed_by' must be a list of good kinds"),
        ({"id": "act.x", "kind": "act", "unless": [[{"LOWER": "a"}]]}, "are for flag rules"),
    ],
)
def test_bad_rules_are_refused_naming_file_rule_and_field(change, message):
    with pytest.raises(RuleError, match=message) as info:
        parse_rule_document(_doc(**change), source="pack.json")
    assert str(info.value).startswith("pack.json: ")


def test_extra_rule_pack_from_a_file(tmp_path):
    path = tmp_path / "pack.json"
    path.write_text(json.dumps(_doc(id="dismissive.meh")), encoding="utf-8")
    checker = ToneChecker(extra_rules=path, model=None)
    report = checker.check("Meh.")
    assert [f.rule_id for f in report.flags] == ["dismissive.meh"]


def test_rule_pack_with_spacy_invalid_pattern_is_refused(tmp_path):
    path = tmp_path / "pack.json"
    path.write_text(json.dumps(_doc(patterns=[[{"LOWER": {"IN": "not-a-list"}}]])), encoding="utf-8")
    with pytest.raises(RuleError, match=r"rule dismissive\.x: spaCy rejected a pattern"):
        ToneChecker(extra_rules=path, model=None)


def test_unparseable_rule_file_names_the_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(RuleError, match=r"broken\.json: could not parse"):
        read_rule_file(path)


def test_duplicate_rule_ids_are_refused(tmp_path):
    path = tmp_path / "dup.json"
    path.write_text(json.dumps(_doc(id="dismissive.calm_down")), encoding="utf-8")
    with pytest.raises(RuleError, match="already defined"):
        ToneChecker(extra_rules=path, model=None)


def test_unless_pattern_in_the_same_sentence_cancels_a_match(tmp_path):
    path = tmp_path / "pack.json"
    path.write_text(json.dumps(_doc(id="dismissive.meh", unless=[[{"LOWER": "fixed"}]])), encoding="utf-8")
    checker = ToneChecker(rules=[path], model=None)
    assert checker.check("Meh, fixed it anyway.").flags == []
    assert [f.rule_id for f in checker.check("Meh. I fixed it anyway.").flags] == ["dismissive.meh"]


def test_a_good_move_in_the_same_sentence_outweighs_a_match(tmp_path):
    path = tmp_path / "pack.json"
    path.write_text(json.dumps(_doc(id="dismissive.meh", outweighed_by=["act"])), encoding="utf-8")
    act = [p for p in shipped_rule_files() if p.stem == "act"]
    checker = ToneChecker(rules=[path, *act], model=None)
    assert checker.check("Meh, I've refunded you in full.").flags == []
    assert [f.rule_id for f in checker.check("Meh. I've refunded you in full.").flags] == ["dismissive.meh"]
    plain = ToneChecker(rules=[tmp_path / "pack.json"], model=None)
    assert [f.rule_id for f in plain.check("Meh, I've refunded you in full.").flags] == ["dismissive.meh"]
