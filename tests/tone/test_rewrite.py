"""``rewrite`` removes harmful phrasing, opens with an acknowledgment, and keeps every fact."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import complaintkit as ck
from complaintkit.errors import RuleError
from complaintkit.tone.checker import ToneChecker
from complaintkit.tone.facts import find_facts
from complaintkit.tone.rewrite import parse_phrases, rewrite_phrases

FLAGGED_DRAFTS = [
    "Calm down, your parcel #4471 left our depot on Monday.",
    "Hi Sarah,\n\nSorry, but you should have read the terms. Your order 5561203 shipped on 3 May.\n\n"
    "Kind regards,\nTom",
    "That's simply not true, I never said that. The refund of £24.99 was processed on 14/02.",
    "This will never happen again, I guarantee it. Call 0800 123 4567 if you need us.",
    "We followed our procedure correctly. Our policy clearly states that returns close after 14 days.",
    "As I already explained, the engineer (ref ENG-5521) will visit on 12/03 between 8am and 1pm.",
    "It's only a few days late, there's nothing we can do. Email help@shop.example or see https://shop.example/track.",
]


@pytest.fixture(scope="module")
def checker() -> ToneChecker:
    from complaintkit.tone.api import default_checker

    return default_checker()


@pytest.mark.parametrize("draft", FLAGGED_DRAFTS)
def test_rewrite_of_a_flagged_draft_has_no_warnings_and_keeps_facts(draft, checker):
    assert not checker.check(draft).ok
    result = ck.rewrite(draft)
    assert result.report.ok, [f.text for f in result.report.flags]
    for fact in find_facts(draft):
        assert fact.text in result.text, fact
    assert {"acknowledge", "apologize"} <= {g.kind for g in result.report.good}


@pytest.mark.parametrize("draft", FLAGGED_DRAFTS)
def test_changes_point_into_the_draft(draft):
    result = ck.rewrite(draft)
    assert result.changes
    for change in result.changes:
        assert 0 <= change.start <= change.end <= len(draft)
        assert draft[change.start:change.end] == change.original
        assert change.reason


def test_opening_follows_the_greeting_and_fits_the_complaint():
    complaint = ck.classify("my parcel still hasn't arrived and the tracking hasn't moved in a week")
    assert complaint.top == "delivery"
    result = ck.rewrite("Hi Sam,\n\nYou should have checked the tracking page.", complaint=complaint)
    assert result.text.startswith("Hi Sam,\n\nI'm sorry your order hasn't reached you")
    rude = ck.rewrite("Hi Sam,\n\nYou should have checked the tracking page.",
                      complaint="the manager was incredibly rude and laughed at me")
    assert "the way you were treated" in rude.text


def test_good_reply_is_left_alone():
    draft = ("I can see your order arrived damaged, and I'm so sorry; that was our mistake. "
             "I've issued a full refund of £30 today and you'll see it within 3 working days.")
    result = ck.rewrite(draft)
    assert result.text == draft
    assert result.changes == []
    assert result.todo == []


def test_todo_asks_for_what_only_a_person_knows():
    result = ck.rewrite("Noted.")
    assert any("what happens next" in item for item in result.todo)
    assert any("what you have done" in item for item in result.todo)
    assert "tomorrow" not in result.text.lower() and not any(ch.isdigit() for ch in result.text)


def test_empty_draft_gives_an_empty_rewrite():
    assert ck.rewrite("").text == ""
    assert ck.rewrite("   ").changes == []


def test_bad_input_raises_our_errors():
    with pytest.raises(ck.TextTypeError):
        ck.rewrite(None)  # type: ignore[arg-type]
    with pytest.raises(ck.TextTypeError, match="complaint"):
        ck.rewrite("fine", complaint=42)  # type: ignore[arg-type]


def test_to_dict_is_json_safe():
    data = ck.rewrite(FLAGGED_DRAFTS[0]).to_dict()
    assert json.loads(json.dumps(data))["report"]["ok"] is True


def test_every_shipped_phrase_reads_as_intended(checker):
    phrases = rewrite_phrases()
    for category, opener in phrases.openers.items():
        report = checker.check(opener)
        assert report.ok and not report.flags, (category, report.flags)
        assert {"acknowledge", "apologize"} <= {g.kind for g in report.good}, category
        assert not find_facts(opener), category
    assert "own" in {g.kind for g in checker.check(phrases.own).good}
    for kind, phrase in phrases.replacements.items():
        if phrase:
            assert not checker.check(phrase).flags, kind


def test_phrase_file_errors_name_the_field():
    with pytest.raises(RuleError, match=r"mine\.json: field 'openers'"):
        parse_phrases({"openers": {}}, source="mine.json")


_PIECES = st.sampled_from([
    "Calm down.", "you should have read the terms", "That's simply not true.", "I guarantee it.",
    "Sorry, but", "the courier lost it, not our fault", "order #A72-19934", "£49.99", "3rd March", "10am",
    "help@shop.example", "https://shop.example/x", "0800 123 4567", "Priya", "Thanks.", "Hi Sam,\n\n",
    "As I already explained,", "it's only a few days", "\n", " ", ", ", ". ", "refund", "12/03",
])
_DRAFTS = st.one_of(st.lists(_PIECES, max_size=12).map(" ".join), st.text(max_size=80))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_DRAFTS)
def test_rewrite_properties(draft):
    once = ck.rewrite(draft)
    for fact in find_facts(draft):
        assert fact.text in once.text
    for change in once.changes:
        assert draft[change.start:change.end] == change.original
    for flag in once.report.flags:
        assert once.text[flag.start:flag.end] == flag.text
    if draft.strip():
        assert once.report.ok
    assert ck.rewrite(once.text).text == once.text
