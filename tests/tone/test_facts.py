"""The facts a rewrite must keep are found, with offsets into the text."""

from __future__ import annotations

from complaintkit.tone.facts import find_facts


def test_finds_each_kind_of_fact():
    text = ("Hi Sarah, order #A72-19934 (£49.99) ships on 3rd March at 10am; call 0800 123 4567, "
            "email help@shop.co.uk or see https://shop.co.uk/track?id=5 and ask Dave, who said 14/02.")
    kinds = {f.text: f.kind for f in find_facts(text)}
    assert kinds == {
        "Sarah": "name", "#A72-19934": "id", "£49.99": "amount", "3rd March": "date", "10am": "time",
        "0800 123 4567": "phone", "help@shop.co.uk": "email", "https://shop.co.uk/track?id=5": "url",
        "Dave": "name", "14/02": "date",
    }
    for fact in find_facts(text):
        assert text[fact.start:fact.end] == fact.text


def test_capitalised_sentence_openers_are_not_names():
    assert [f.text for f in find_facts("Calm down. Unfortunately Order processing is slow.")] == ["Order"]
    assert find_facts("Relax. Thanks!") == []
