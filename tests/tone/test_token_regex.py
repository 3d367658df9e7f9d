"""The compiled token patterns find exactly what spaCy's Matcher finds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.matcher import Matcher

import complaintkit as ck
from complaintkit.text import make_pipeline
from complaintkit.tone.rules import load_rules
from complaintkit.tone.token_regex import TokenRegexMatcher

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def nlp():
    return make_pipeline()


def spacy_matches(nlp, patterns, doc):
    matcher = Matcher(nlp.vocab)
    for key, pattern in patterns:
        matcher.add(key, [list(pattern)])
    return sorted((nlp.vocab.strings[i], s, e) for i, s, e in matcher(doc))


def test_every_shipped_pattern_compiles():
    patterns = [p for rule in load_rules() for p in rule.patterns + rule.unless]
    assert all(TokenRegexMatcher.supports(p) for p in patterns)


def test_shipped_rules_match_as_spacy_does_on_data_sentences(nlp):
    rules = load_rules()
    patterns = [(rule.id, p) for rule in rules for p in rule.patterns]
    patterns += [(rule.id + " unless", p) for rule in rules for p in rule.unless]
    ours = TokenRegexMatcher(patterns)
    theirs = Matcher(nlp.vocab)
    for key, pattern in patterns:
        theirs.add(key, [list(pattern)])
    texts = [json.loads(line)["text"] for path in sorted((ROOT / "data" / "tone").rglob("*.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = texts[::2]  # every other sentence: spaCy's Matcher takes a minute over thousands of patterns
    texts += [e for rule in rules for e in rule.flag_examples + rule.pass_examples]
    texts = [t.replace("\u2019", "'") for t in texts]  # curly apostrophes match straight ones on purpose: below
    assert len(texts) > 5000
    differ = []
    for doc in nlp.pipe(texts):
        expected = sorted((nlp.vocab.strings[i], s, e) for i, s, e in theirs(doc))
        if sorted(ours(doc)) != expected:
            differ.append(doc.text)
    assert differ == []


@pytest.mark.parametrize("pattern, text", [
    ([{"LOWER": "not"}, {"LOWER": {"IN": ["really", "very"]}, "OP": "?"}, {"LEMMA": "be"}], "Not really is it."),
    ([{"LOWER": {"NOT_IN": ["the", "a"]}}, {"LOWER": "box"}], "the box, a box, this box, red box"),
    ([{"IS_SENT_START": True}, {"LOWER": "calm"}], "Calm down. calm down. Please calm down."),
    ([{"LOWER": "very", "OP": "{1,3}"}, {"LOWER": "late"}], "very very very very late and very late"),
    ([{"LOWER": "ha"}, {"LOWER": "ha", "OP": "?"}], "ha ha ha ha"),
    ([{"IS_PUNCT": True}, {"LIKE_NUM": True}, {"IS_ALPHA": False, "OP": "?"}], "Order (12) and , 7 % done"),
    ([{"ORTH": "Sorry"}, {}], "Sorry but sorry you Sorry"),
    ([{"LOWER": "a"}, {}, {"LOWER": "b"}], "a \u001d b a\u001fb a x b"),
])
def test_operators_and_attributes_match_as_spacy_does(nlp, pattern, text):
    doc = nlp(text)
    if not TokenRegexMatcher.supports(pattern):
        pytest.fail(f"expected {pattern} to be supported")
    assert sorted(TokenRegexMatcher([("p", pattern)])(doc)) == spacy_matches(nlp, [("p", pattern)], doc)


@pytest.mark.parametrize("pattern", [
    [{"LOWER": "a", "OP": "!"}, {"LOWER": "b"}],
    [{"LENGTH": {">=": 3}}],
    [{"LOWER": {"FUZZY": "sory"}}],
    [{"LOWER": "x\u001dy"}],
])
def test_patterns_outside_the_subset_are_refused(pattern):
    assert not TokenRegexMatcher.supports(pattern)
    with pytest.raises(ValueError):
        TokenRegexMatcher([("p", pattern)])


def test_rules_outside_the_subset_still_run_through_spacys_matcher(tmp_path):
    pack = {"rules": [{
        "id": "dismissive.long_word_whatever", "kind": "dismissive", "message": "Shrugging the problem off.",
        "patterns": [[{"LOWER": "whatever"}, {"LENGTH": {">=": 6}}]],
        "examples": {"flag": ["Whatever happens, fine."], "pass": ["Whatever you need."]},
    }]}
    path = tmp_path / "pack.json"
    path.write_text(json.dumps(pack), encoding="utf-8")
    checker = ck.ToneChecker(extra_rules=path, model=None)
    assert "dismissive.long_word_whatever" in {f.rule_id for f in checker.check("Whatever happens, fine.").flags}
    assert "dismissive.long_word_whatever" not in {f.rule_id for f in checker.check("Whatever you need.").flags}


def test_two_patterns_of_one_key_matching_alike_give_one_match(nlp):
    patterns = [("k", [{"LOWER": "refunded"}]), ("k", [{"LEMMA": "refund"}]), ("j", [{"LOWER": "refunded"}])]
    doc = nlp("I refunded it.")
    assert sorted(TokenRegexMatcher(patterns)(doc)) == spacy_matches(nlp, patterns, doc) == [("j", 1, 2), ("k", 1, 2)]


def test_a_curly_apostrophe_matches_a_straight_one(nlp):
    patterns = [("k", [{"LOWER": "we"}, {"LOWER": "'re"}, {"LOWER": "sorry"}]), ("n", [{"LOWER": "n't"}])]
    straight, curly = nlp("We're sorry we don't know."), nlp("We\u2019re sorry we don\u2019t know.")
    assert sorted(TokenRegexMatcher(patterns)(curly)) == sorted(TokenRegexMatcher(patterns)(straight)) == [
        ("k", 0, 3), ("n", 5, 6)]


def test_a_pattern_with_a_prerequisite_is_reported_only_where_the_prerequisite_matched(nlp):
    patterns = [("rule", [{"LOWER": "policy"}, {"LOWER": "says"}]), ("rule unless", [{"LOWER": "refund"}])]
    matcher = TokenRegexMatcher(patterns, requires={"rule unless": "rule"})
    assert matcher(nlp("A refund is on its way.")) == []
    assert sorted(matcher(nlp("Our policy says a refund is due."))) == [("rule", 1, 3), ("rule unless", 4, 5)]


def test_every_required_word_must_be_in_the_doc_not_only_the_anchor(nlp):
    pattern = [{"LOWER": "you"}, {"LOWER": {"IN": ["should", "could"]}}, {"LEMMA": "read"}]
    matcher = TokenRegexMatcher([("p", pattern)])
    for text in ["You should read it.", "you could have read", "You should check. I read it.", "read you could"]:
        doc = nlp(text)
        assert sorted(matcher(doc)) == spacy_matches(nlp, [("p", pattern)], doc)
