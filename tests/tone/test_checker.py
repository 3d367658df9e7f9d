from __future__ import annotations

import json

import pytest

import complaintkit as ck
from complaintkit.tone import ToneChecker


@pytest.fixture(scope="module")
def rules_only() -> ToneChecker:
    return ToneChecker(model=None)


HARD_NEGATIVES = [
    "I've called the courier and they'll redeliver tomorrow.",
    "Our policy lets me refund you in full, so I've done that.",
    "You're right, we should have told you sooner.",
    "Actually, I can do better than that.",
    "I'm sorry, but there's good news.",
    "You should see the refund within 3 days.",
    "I never want a customer to feel ignored.",
    "You wrote 'the parcel never came', and I'm sorry it didn't.",
    "You said \"that's simply not true\" to our agent earlier.",
    "It's not your fault at all.",
]


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_hard_negatives_are_not_flagged(rules_only, text):
    assert rules_only.check(text).flags == []


def test_flags_carry_offsets_into_the_original_text(rules_only):
    text = "Hi Sam,\r\n\r\nSorry, but you should have read the terms. 😊 That's the courier's fault, not ours."
    report = rules_only.check(text)
    assert {f.kind for f in report.flags} >= {"non_apology", "blame_customer", "blame_third_party"}
    for flag in report.flags:
        assert text[flag.start:flag.end] == flag.text
        assert flag.source == "rule" and flag.message and flag.severity in ("info", "warning", "error")
    assert not report.ok


def test_sentence_index_points_at_the_right_sentence(rules_only):
    report = rules_only.check("Thanks for writing in. Calm down, it's only a few days.")
    assert {f.sentence for f in report.flags} == {1}


def test_good_reply_scores_high_and_lists_nothing_missing(rules_only):
    text = ("I can see your parcel is a week late, and I'm so sorry. That was our mistake. "
            "I've sent a replacement by express today and you'll receive tracking by 5pm. "
            "Thank you for your patience.")
    report = rules_only.check(text)
    assert report.ok and report.missing == []
    assert report.score == 100
    assert {"acknowledge", "apologize", "own", "act", "next_steps", "thank"} <= {g.kind for g in report.good}


def test_bad_reply_scores_lower_than_good_reply(rules_only):
    bad = rules_only.check("Calm down. As I already explained, that's the courier's fault, not ours.")
    good = rules_only.check("I'm sorry your order is late; I've chased the courier and will update you by Friday.")
    assert bad.score < good.score
    assert "apologize" in bad.missing


def test_conditional_apology_does_not_count_as_apology(rules_only):
    report = rules_only.check("We're sorry if you feel let down.")
    assert "apologize" in report.missing
    assert [f.kind for f in report.flags] == ["non_apology"]


def test_disable_by_prefix_and_by_id():
    text = "Calm down. I guarantee it will arrive tomorrow."
    assert ToneChecker(model=None, disable=("dismissive",)).check(text).flag_kinds == ["overpromise"]
    assert ToneChecker(model=None, disable=("overpromise.guarantee",)).check(text).flag_kinds == ["dismissive"]


def test_marked_regions_are_ignored(rules_only):
    text = "> you should have read the terms\nThanks for your message."
    assert rules_only.check(text).flags == []
    text = "[quote]calm down[/quote] I'm sorry for the delay."
    assert rules_only.check(text).flags == []


def test_quotes_can_be_checked_when_asked():
    checker = ToneChecker(model=None, ignore_quotes=False)
    assert checker.check('The note said "please calm down".').flag_kinds == ["dismissive"]


def test_report_json_has_a_versioned_schema(rules_only):
    report = rules_only.check("Sorry, but that's on you.")
    payload = json.loads(report.to_json())
    assert payload["schema_version"] == 1
    assert set(payload) == {"schema_version", "text", "ok", "score", "courtesy", "flags", "good", "missing"}
    assert set(payload["flags"][0]) == {"kind", "rule_id", "start", "end", "text", "sentence", "severity",
                                        "message", "suggestion", "source"}


def test_check_many_equals_check(rules_only):
    texts = ["Calm down.", "", "Thanks!", "That's simply not true.", "   "]
    many = rules_only.check_many(texts, batch_size=2)
    assert [r.to_dict() for r in many] == [rules_only.check(t).to_dict() for t in texts]


@pytest.mark.parametrize("bad", [None, 5, b"bytes"])
def test_bad_input_raises_our_type_error(rules_only, bad):
    with pytest.raises(ck.TextTypeError):
        rules_only.check(bad)


def test_empty_text_gives_a_clean_report(rules_only):
    report = rules_only.check("")
    assert report.flags == [] and report.ok and report.score == 35


class _Always:
    """A stand-in sentence classifier that gives every sentence the same kind."""

    def __init__(self, kind: str) -> None:
        from complaintkit.tone.kinds import FLAG_KINDS

        self.classes_ = [*FLAG_KINDS, "none"]
        self._row = [0.99 if c == kind else 0.01 / 8 for c in self.classes_]

    def predict_proba(self, texts):
        import numpy as np

        return np.array([self._row for _ in texts])


def _model_flags(kind: str, text: str) -> list[str]:
    from complaintkit.tone.sentence_model import SentenceModel

    checker = ToneChecker(model=SentenceModel(_Always(kind), {kind: 0.5}))
    return [f.rule_id for f in checker.check(text).flags if f.source == "model"]


def test_a_fix_in_the_same_sentence_outweighs_a_model_guess_of_defensiveness():
    assert _model_flags("defensive", "Our policy is firm, so I have refunded you in full.") == []
    assert _model_flags("defensive", "Our policy is firm. I have refunded you in full.") == ["defensive.model"]


def test_nothing_outweighs_a_model_flag_of_an_overpromise():
    assert _model_flags("overpromise", "I have refunded you in full.") == ["overpromise.model"]


def test_a_plain_apology_outweighs_a_model_guess_of_a_non_apology_but_an_undercut_one_does_not():
    assert _model_flags("non_apology", "I am so sorry about that.") == []
    assert _model_flags("non_apology", "We apologise, you chose the wrong date though.") == ["non_apology.model"]


@pytest.mark.parametrize(("text", "kinds"), [
    ("That isn\u2019t your fault at all.", []),
    ("That\u2019s simply not true.", ["argumentative"]),
])
def test_curly_apostrophes_read_as_straight_ones(rules_only, text, kinds):
    assert rules_only.check(text).flag_kinds == kinds


@pytest.mark.parametrize(("text", "flags", "good"), [
    ("@jo_b @ShopHelp Calm down, it's only a parcel.", ["dismissive"], []),
    ("@115745 Sorry for the inconvenience.", [], ["apologize"]),
    ("Hi Sam,\n@jo_b Relax.", ["dismissive"], []),
    ("@NickFraze_ Sorry for the wait.", [], ["apologize"]),
])
def test_leading_handles_of_a_social_reply_do_not_hide_a_sentence_start(rules_only, text, flags, good):
    report = rules_only.check(text)
    assert report.flag_kinds == flags
    assert [g.kind for g in report.good] == good


def test_the_model_does_not_judge_fragments_too_short_to_judge():
    assert _model_flags("dismissive", "So sorry!") == []
    assert _model_flags("dismissive", "@shop Nope!") == []
    assert _model_flags("dismissive", "Nope, still just the fee.") == ["dismissive.model"]
