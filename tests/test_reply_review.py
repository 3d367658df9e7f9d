"""``review`` says what a reply misses for the complaint it answers."""

from __future__ import annotations

import json

import pytest

import complaintkit as ck
from complaintkit.errors import RuleError
from complaintkit.reply_review import parse_needs, review_needs

COMPLAINT = ("This is the third time I'm writing: my parcel 88123 still hasn't arrived. "
             "If it isn't sorted by Friday I'm taking this to the ombudsman.")


def _ids(result: ck.Review) -> set[str]:
    return {need.id for need in result.missing}


def test_reply_that_ignores_the_problem_and_threat_is_called_out():
    result = ck.review(COMPLAINT, "Thanks for your message, we value your feedback.")
    assert {"mention.delivery", "escalation.legal_threat", "escalation.repeat_contact", "next_steps"} <= _ids(result)
    assert not result.ok
    assert result.suggested.report.ok


def test_reply_that_covers_everything_needs_nothing():
    reply = ("I'm sorry you've had to chase us again about parcel 88123, that's our mistake. I've logged this as a "
             "formal complaint and I've asked the courier to redeliver; I'll email you by 5pm tomorrow with the "
             "new tracking number.")
    result = ck.review(COMPLAINT, reply)
    assert _ids(result) == set(), result.missing
    assert result.complaint.top == "delivery"


def test_review_accepts_a_classification():
    classification = ck.classify(COMPLAINT)
    assert ck.review(classification, "ok").complaint is classification


def test_empty_reply_to_a_complaint_needs_a_reply():
    assert _ids(ck.review(COMPLAINT, "")) == {"reply"}


def test_bad_input_raises_our_errors():
    with pytest.raises(ck.TextTypeError, match="draft"):
        ck.review(COMPLAINT, None)  # type: ignore[arg-type]
    with pytest.raises(ck.TextTypeError, match="complaint"):
        ck.review(b"bytes", "reply")  # type: ignore[arg-type]


def test_to_dict_is_json_safe():
    data = json.loads(json.dumps(ck.review(COMPLAINT, "Calm down.").to_dict()))
    assert data["ok"] is False and data["missing"]


def test_every_topic_runs_its_examples():
    needs = review_needs()
    for topic in [*needs.categories.values(), *needs.escalation.values()]:
        for text in topic.covers:
            assert topic.mentioned_in(text), (topic.id, text)
        for text in topic.misses:
            assert not topic.mentioned_in(text), (topic.id, text)


def test_needs_file_errors_name_the_field():
    with pytest.raises(RuleError, match=r"mine\.json: field 'categories'"):
        parse_needs({"categories": {}}, source="mine.json")
