"""Courtesy markers run their examples and move the tone score the documented way."""

from __future__ import annotations

import pytest

import complaintkit as ck
from complaintkit.errors import RuleError
from complaintkit.tone.courtesy import default_courtesy, parse_courtesy
from complaintkit.tone.scoring import COURTESY_POINTS

MARKERS = default_courtesy().markers


@pytest.mark.parametrize("marker", MARKERS, ids=lambda m: m.id)
def test_marker_matches_its_examples(marker):
    for text in marker.flag:
        assert marker.pattern.search(text), (marker.id, text)
    for text in marker.passes:
        assert not marker.pattern.search(text), (marker.id, text)


def test_points_in_data_and_code_agree():
    assert default_courtesy().points == COURTESY_POINTS


def test_courteous_reply_scores_higher_than_curt_one():
    checker = ck.ToneChecker(model=None)
    polite = checker.check("Hi Sam, could you please send a photo of the label? Thanks!")
    curt = checker.check("Why didn't you send a photo of the label?? You need to send it.")
    assert polite.courtesy > 0 > curt.courtesy
    assert polite.score > curt.score


def test_quoted_customer_words_do_not_count():
    checker = ck.ToneChecker(model=None)
    assert checker.check('You wrote "why is this so ridiculous??" and I understand.').courtesy == 0


def test_balance_is_capped():
    courtesy = default_courtesy()
    text = "Hi, thanks, please, could you, I think, sorry, great question, by the way."
    assert courtesy.balance(text) == courtesy.cap


def test_bad_document_names_the_field():
    with pytest.raises(RuleError, match=r"mine\.json: 'points' and 'cap'"):
        parse_courtesy({"points": -1, "cap": 3}, source="mine.json")
