from __future__ import annotations

import json
import re

import pytest

from complaintkit.classify.escalation import SIGNAL_KINDS, default_rules, find_escalation, parse_rules
from complaintkit.errors import RuleError

RULES = default_rules().rules


def _ids(examples: str) -> list[tuple[str, str]]:
    return [(rule.id, text) for rule in RULES for text in getattr(rule, examples)]


def test_every_rule_has_examples_both_ways():
    for rule in RULES:
        assert rule.flag, f"{rule.id} has no examples that must flag"
        assert rule.passes, f"{rule.id} has no examples that must pass"


def test_every_kind_has_a_rule():
    assert {rule.kind for rule in RULES} == set(SIGNAL_KINDS)


@pytest.mark.parametrize(("rule_id", "text"), _ids("flag"))
def test_rule_flags_its_examples(rule_id, text):
    kind = rule_id.split(".")[0]
    assert any(s.kind == kind for s in find_escalation(text)), f"{rule_id} missed: {text}"


@pytest.mark.parametrize(("rule_id", "text"), _ids("passes"))
def test_rule_passes_its_examples(rule_id, text):
    kind = rule_id.split(".")[0]
    assert not any(s.kind == kind for s in find_escalation(text)), f"{rule_id} flagged: {text}"


@pytest.mark.parametrize(
    "text",
    [
        "I don't want to cancel, I just want this fixed.",
        "no need for lawyers, just refund me",
        "how do I leave a review?",
        "Do I need to cancel before the 5th?",
        "I'm not going to leave a bad review.",
    ],
)
def test_negated_and_hypothetical_mentions_do_not_count(text):
    assert find_escalation(text) == []


def test_heldout_escalation_set(root):
    """Rules are scored on escalation texts written apart from the rules."""
    path = root / "data" / "heldout" / "escalation.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    tp = fp = fn = 0
    for row in rows:
        expected = {s["kind"] for s in row["signals"]}
        found = {s.kind for s in find_escalation(row["text"])}
        tp += len(expected & found)
        fp += len(found - expected)
        fn += len(expected - found)
    precision = tp / max(tp + fp, 1)
    recall = tp / max(tp + fn, 1)
    assert precision >= 0.85, f"precision {precision:.2f}"
    assert recall >= 0.75, f"recall {recall:.2f}"


def test_rule_file_errors_name_the_rule():
    bad = {"rules": [{"id": "legal_threat.x", "kind": "legal_threat", "pattern": "(unclosed",
                      "examples": {"flag": ["a"], "pass": ["b"]}}]}
    with pytest.raises(RuleError, match=r"mine\.json: rule legal_threat\.x: 'pattern' is not a valid"):
        parse_rules(bad, source="mine.json")


def test_rule_without_examples_is_refused():
    bad = {"rules": [{"id": "churn_threat.y", "kind": "churn_threat", "pattern": "leave"}]}
    with pytest.raises(RuleError, match="examples"):
        parse_rules(bad, source="mine.json")


def test_unknown_kind_is_refused():
    bad = {"rules": [{"id": "anger.z", "kind": "anger", "pattern": "x", "examples": {"flag": ["x"], "pass": ["y"]}}]}
    with pytest.raises(RuleError, match="'kind' must be one of"):
        parse_rules(bad, source="mine.json")


def test_quick_precheck_never_changes_what_is_found(root):
    """'requires' only skips work: with and without it, every training text gives the same signals."""
    from complaintkit.classify.dataset import read_many

    data = json.loads((root / "complaintkit" / "classify" / "escalation_rules.json").read_text(encoding="utf-8"))
    for rule in data["rules"]:
        rule.pop("requires", None)
    unfiltered = parse_rules(data, source="unfiltered")
    texts = read_many(sorted((root / "data" / "train").glob("*.jsonl"))).texts
    assert sum(bool(find_escalation(t)) for t in texts) > 100
    assert [find_escalation(t) for t in texts] == [unfiltered.find(t) for t in texts]


def test_requires_narrower_than_the_examples_is_refused():
    bad = {"rules": [{"id": "legal_threat.x", "kind": "legal_threat", "pattern": "sue", "requires": [["lawyer"]],
                      "examples": {"flag": ["I will sue"], "pass": ["fine"]}}]}
    with pytest.raises(RuleError, match="narrower than the pattern"):
        parse_rules(bad, source="mine.json")


def test_trigger_finds_the_longest_fragment_at_each_word_start():
    fragments = ["can", "cancel", "cancel my", "canada", "sue", "su", "small claims", "claim"]
    rules = {"rules": [{"id": f"legal_threat.r{i}", "kind": "legal_threat", "pattern": re.escape(f),
                        "requires": [[f]], "examples": {"flag": [f], "pass": ["fine"]}}
                       for i, f in enumerate(fragments)]}
    trigger = parse_rules(rules, source="mine.json").trigger
    text = "cancel my cancellation in canada, can i sue? small claims. suddenly cant claimed"
    assert trigger.findall(text) == [
        "cancel my", "cancel", "canada", "can", "sue", "small claims", "claim", "su", "can", "claim"]


def test_curly_apostrophes_read_as_straight_ones():
    assert find_escalation("I don\u2019t want to cancel, I just want it fixed.") == []
    signals = find_escalation("I\u2019m cancelling my contract.")
    assert [s.kind for s in signals] == ["churn_threat"]
    assert signals[0].text == "I\u2019m cancelling my contract."[signals[0].start:signals[0].end]
