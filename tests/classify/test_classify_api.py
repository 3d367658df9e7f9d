from __future__ import annotations

import json

import pytest

import complaintkit as ck
from complaintkit.classify import CATEGORY_IDS


def test_issue_example_finds_delivery_and_responsiveness():
    result = ck.classify("my parcel still hasn't shown up and nobody answers my emails")
    assert result.is_complaint
    assert set(result.labels) >= {"delivery", "responsiveness"}
    assert result.top in ("delivery", "responsiveness")


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("I was charged twice for the same order, £49.99 taken two times", "billing"),
        ("ordered a blue jumper in size M, got a red one in XXL", "wrong_item"),
        ("the kettle stopped working after 3 days and leaks everywhere", "product_quality"),
        ("returned the dress 5 weeks ago and still no refund", "refund_return"),
        ("the manager was incredibly rude and laughed at me in front of other customers", "staff_conduct"),
        ("been on hold for 2 hours and no one has replied to my three emails", "responsiveness"),
        ("your advisor told me the plan included roaming. it doesn't. completely wrong info", "misinformation"),
        ("locked out of my account, the password reset link never arrives", "account_access"),
        ("I've tried to cancel my subscription four times and you keep renewing it", "cancellation"),
        ("the 20% discount code was not applied at checkout even though it's valid", "pricing_promotion"),
    ],
)
def test_each_category_is_recognised(text, label):
    assert label in ck.classify(text).labels


def test_result_shape_and_json():
    result = ck.classify("the app keeps crashing and I can't log in")
    assert set(result.scores) == set(CATEGORY_IDS)
    assert all(0.0 <= v <= 1.0 for v in result.scores.values())
    assert result.labels == sorted(result.labels, key=lambda k: -result.scores[k])
    assert set(result.labels) <= set(CATEGORY_IDS)
    assert 0.0 <= result.complaint_score <= 1.0
    payload = json.loads(json.dumps(result.to_dict()))
    assert payload["labels"] == result.labels
    assert payload["scores"] == pytest.approx(result.scores)


def test_results_are_frozen():
    result = ck.classify("late parcel")
    with pytest.raises(AttributeError):
        result.top = "billing"  # type: ignore[misc]


def test_not_a_complaint():
    for text in ("Thanks so much, the team sorted it in minutes!", "what time do you open on Sunday?"):
        result = ck.classify(text)
        assert not result.is_complaint, text


def test_classify_many_matches_classify_in_order():
    texts = [
        "my parcel never came",
        "",
        "thanks for the quick refund!",
        "I was overcharged on my bill",
        "   ",
        "rude staff at the Leeds branch",
    ]
    many = ck.classify_many(texts, batch_size=2)
    assert [r.to_dict() for r in many] == [ck.classify(t).to_dict() for t in texts]


def test_classify_many_accepts_series_and_generators():
    pd = pytest.importorskip("pandas")
    texts = pd.Series(["late parcel", "charged twice"], index=[10, 3])
    assert len(ck.classify_many(texts)) == 2
    assert len(ck.classify_many(t for t in ["a", "b", "c"])) == 3


def test_classify_many_parallel_equals_serial():
    texts = [f"order {i} arrived broken and nobody replies" for i in range(50)] + ["thank you!"] * 10
    serial = ck.classify_many(texts, batch_size=16)
    parallel = ck.classify_many(texts, batch_size=16, n_jobs=2)
    assert [r.to_dict() for r in serial] == [r.to_dict() for r in parallel]


@pytest.mark.parametrize("bad", [None, 42, 3.5, ["a list"], {"text": "x"}])
def test_non_strings_raise_type_error(bad):
    with pytest.raises(TypeError, match="must be a str"):
        ck.classify(bad)


def test_bytes_raise_with_a_hint():
    with pytest.raises(ck.TextTypeError, match="decode"):
        ck.classify(b"my parcel is late")


def test_bad_item_in_batch_is_named_by_position():
    with pytest.raises(ck.TextTypeError, match=r"texts\[2\]"):
        ck.classify_many(["fine", "also fine", None, "fine"])


def test_single_string_to_classify_many_is_refused():
    with pytest.raises(TypeError, match="wrap it in a list"):
        ck.classify_many("one text")


@pytest.mark.parametrize("bad", [0, -3, 1.5, True])
def test_bad_batch_size_is_refused(bad):
    with pytest.raises(ValueError, match="batch_size"):
        ck.classify_many(["a"], batch_size=bad)


@pytest.mark.parametrize("blank", ["", " ", "\n\t  \r\n"])
def test_empty_and_whitespace_give_empty_result(blank):
    result = ck.classify(blank)
    assert result.labels == [] and result.top is None
    assert not result.is_complaint and result.complaint_score == 0.0
    assert result.escalation == []


@pytest.mark.parametrize("text", ["😡😡😡", "¡Mi paquete nunca llegó!", "我的包裹没有到", "!!!???", "\u200b\u200b"])
def test_odd_text_gives_a_clean_result(text):
    result = ck.classify(text)
    assert set(result.scores) == set(CATEGORY_IDS)


def test_very_long_text_is_handled():
    text = "my parcel is late and nobody replies. " * 5000
    assert "delivery" in ck.classify(text).labels


def test_text_over_the_limit_raises_a_clear_error():
    limit = ck.get_max_length()
    try:
        ck.set_max_length(100)
        with pytest.raises(ck.TextValueError, match="limit is 100"):
            ck.classify("x" * 101)
    finally:
        ck.set_max_length(limit)


def test_escalation_spans_index_the_original_text():
    text = (
        "Third time I'm writing!! If this isn't refunded I'm reporting you to the ombudsman "
        "and leaving a 1-star review."
    )
    result = ck.classify(text)
    kinds = {s.kind for s in result.escalation}
    assert kinds == {"repeat_contact", "legal_threat", "public_threat"}
    for signal in result.escalation:
        assert text[signal.start:signal.end] == signal.text


def test_default_model_is_loaded_once_and_shared():
    assert ck.load_model() is ck.load_model()
