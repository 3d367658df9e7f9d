"""Every public entry point survives bad and hostile text (issue 6).

Whatever arrives, an entry point gives a clean result or one of our documented
exceptions with a message that says what was wrong: never an error from inside
spaCy or scikit-learn, never a hang. Offsets in results index the original text.
The timing tests compare growth ratios (a larger input against a smaller one in
the same run), never absolute times, so a slow machine cannot fail them.
"""

from __future__ import annotations

import gc
import itertools
import math
import time
from collections.abc import Callable
from typing import Any

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import complaintkit as ck
from complaintkit.classify.taxonomy import CATEGORY_IDS
from complaintkit.text import MAX_RUN, BoundedTokenizer
from complaintkit.tone.facts import find_facts

# -- the entry points ----------------------------------------------------------


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    """A user's pipeline: spacy.blank("en") with our component added by name."""
    pipeline = spacy.blank("en")
    pipeline.add_pipe("complaintkit_tone")
    return pipeline


@pytest.fixture(scope="module")
def bounded_nlp() -> spacy.language.Language:
    """The recipe SECURITY.md gives for hostile text in your own pipeline: wrap the tokenizer."""
    pipeline = spacy.blank("en")
    pipeline.tokenizer = BoundedTokenizer(pipeline.tokenizer)
    pipeline.add_pipe("complaintkit_tone")
    return pipeline


def _checker() -> ck.ToneChecker:
    from complaintkit.tone.api import default_checker

    return default_checker()


ENTRY_POINTS: dict[str, Callable[[Any], Any]] = {
    "classify": lambda text: ck.classify(text),
    "classify_many": lambda text: ck.classify_many([text])[0],
    "check_tone": lambda text: ck.check_tone(text),
    "check_many": lambda text: _checker().check_many([text])[0],
    "rewrite": lambda text: ck.rewrite(text),
    "rewrite_complaint": lambda text: ck.rewrite("Calm down, it's only a few days.", complaint=text),
    "review_draft": lambda text: ck.review("Where is my parcel? Third time asking.", text),
    "review_complaint": lambda text: ck.review(text, "Sorry, but you should have read the terms."),
}
STRING_ENTRY_POINTS = [*ENTRY_POINTS, "spacy"]


def _run(name: str, text: Any, nlp: spacy.language.Language) -> Any:
    return nlp(text) if name == "spacy" else ENTRY_POINTS[name](text)


# -- what a clean result looks like ---------------------------------------------


def _assert_spans_index(text: str, spans: Any) -> None:
    for span in spans:
        assert 0 <= span.start <= span.end <= len(text), span
        assert text[span.start:span.end] == span.text, span


def _assert_clean_classification(text: str, result: ck.Classification) -> None:
    assert isinstance(result, ck.Classification)
    assert set(result.scores) == set(CATEGORY_IDS)
    assert all(0.0 <= s <= 1.0 and math.isfinite(s) for s in result.scores.values())
    assert set(result.labels) <= set(CATEGORY_IDS)
    assert 0.0 <= result.complaint_score <= 1.0
    _assert_spans_index(text, result.escalation)


def _assert_clean_report(text: str, report: ck.ToneReport) -> None:
    assert isinstance(report, ck.ToneReport)
    assert report.text == text
    assert 0 <= report.score <= 100
    _assert_spans_index(text, report.flags)
    _assert_spans_index(text, report.good)


def _assert_clean_rewrite(draft: str, result: ck.Rewrite) -> None:
    assert isinstance(result, ck.Rewrite)
    for change in result.changes:
        assert 0 <= change.start <= change.end <= len(draft), change
        assert draft[change.start:change.end] == change.original, change
    _assert_clean_report(result.text, result.report)
    for fact in find_facts(draft):
        assert fact.text in result.text, f"rewrite lost {fact.kind} {fact.text!r}"


def _assert_clean(name: str, text: str, result: Any) -> None:
    if name in ("classify", "classify_many"):
        _assert_clean_classification(text, result)
    elif name in ("check_tone", "check_many"):
        _assert_clean_report(text, result)
    elif name == "rewrite":
        _assert_clean_rewrite(text, result)
    elif name == "rewrite_complaint":
        assert isinstance(result, ck.Rewrite)
    elif name == "review_draft":
        assert isinstance(result, ck.Review)
        _assert_clean_report(text, result.tone)
        _assert_clean_rewrite(text, result.suggested)
    elif name == "review_complaint":
        assert isinstance(result, ck.Review)
        _assert_clean_classification(text, result.complaint)
    elif name == "spacy":
        assert result.text == text
        _assert_clean_report(text, result._.tone)
        for span in result.spans["complaintkit_tone"]:
            assert text[span.start_char:span.end_char] == span.text
    else:  # pragma: no cover
        raise AssertionError(name)


# -- not a string -------------------------------------------------------------

NOT_TEXT = [None, 42, 3.5, True, ["a list"], ("a", "tuple"), {"text": "x"}, object()]


@pytest.mark.parametrize(
    ("name", "value"),
    # complaint=None is rewrite's documented default, not a mistake
    [(n, v) for n in ENTRY_POINTS for v in NOT_TEXT if not (n == "rewrite_complaint" and v is None)],
    ids=lambda x: x if isinstance(x, str) else type(x).__name__,
)
def test_non_strings_raise_our_type_error_naming_what_arrived(name, value):
    with pytest.raises(ck.TextTypeError, match="must be a str, got") as info:
        ENTRY_POINTS[name](value)
    assert type(value).__name__ in str(info.value) or value is None


@pytest.mark.parametrize("name", list(ENTRY_POINTS))
@pytest.mark.parametrize("value", [b"my parcel is late", bytearray(b"calm down")], ids=["bytes", "bytearray"])
def test_bytes_raise_our_type_error_with_a_hint_to_decode(name, value):
    with pytest.raises(ck.TextTypeError, match=r"got bytes; decode it first"):
        ENTRY_POINTS[name](value)


def test_rewrite_errors_name_the_draft():
    with pytest.raises(ck.TextTypeError, match=r"^draft must be a str, got None"):
        ck.rewrite(None)


def test_a_batch_names_the_position_of_the_first_bad_item():
    with pytest.raises(ck.TextTypeError, match=r"texts\[1\] must be a str, got None"):
        _checker().check_many(["fine", None, b"bytes"])
    with pytest.raises(ck.TextValueError, match=r"texts\[2\] holds a lone surrogate"):
        ck.classify_many(["fine", "also fine", "bad \udc80 text"])


# -- strange strings ------------------------------------------------------------

#: Each must give a clean result from every entry point.
ODD_TEXTS: dict[str, str] = {
    "empty": "",
    "whitespace": " \t\n\r\n \u00a0\u3000\u2028\u2029 ",
    "control": "Calm down\x01\x02\x1b[31m, you\x7f should have\x0b\x0c read the terms.\x08 Order #5561.",
    "nul": "Calm down\x00 you should have read\x00 the terms\x00. Refund of £24.99\x00 on 3 May.",
    "only_nul": "\x00" * 50,
    "zero_width": "Calm\u200b down,\u200c you\u200d should\u2060 have read\ufeff the terms. Ref #A-55\u200b21.",
    "bidi": "\u202eCalm down\u202c, \u2066you should have read the terms\u2069. \u200fRef 5561\u200e.",
    "combining": "Cal\u0301m do\u0308wn, you\u0336 should have read the terms. Caf\u0065\u0301 order #12\u0334.",
    "zalgo": "Y" + "\u0300\u0301\u0302\u0303\u0304" * 200 + "ou should have read the terms.",
    "emoji": "😡😡 Calm down 👍🏽👩‍👩‍👧 you should have read the terms 🇬🇧. Order #5561 on 3 May 💥",
    "mixed_scripts": "Спокойно, calm down, 你应该 you should have read the terms. مرحبا £20. שלום 3/5.",
    "rtl": "السلام عليكم، لم يصل طلبي بعد. سأتصل بمحامي. Calm down.",
    "html": "<p>Calm down</p><script>alert('x')</script><b>You should have</b> read <a href='http://x.io'>it</a>",
    "markdown": "# Calm down\n\n**You should have** read the [terms](https://shop.example/t). `#4471`\n> quoted\n",
    "crlf": "Hi Sam,\r\n\r\nCalm down.\r\nYou should have read the terms.\r\nOrder #5561 shipped 3 May.\r\n",
    "lone_cr": "Calm down.\rYou should have read the terms.\r\rRef 12345.",
    "only_punctuation": "!!!???...,,,;;;:::((()))[[[]]]{{{}}}<<<>>>" * 20,
    "quotes": "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u201f" * 100,
    "template": "{{name}} {% if x %}Calm down{% endif %} <!-- complaintkit: off --> you should have",
    "fullwidth": "".join(chr(ord(c) + 0xFEE0) if c != " " else c for c in "Calm down, you should have read it."),
    "dotless_i": "İİİ I will call my lawyer and cancel. İstanbul office, ref İ-5521.",
    "private_use": "\ue000\uf8ff Calm down \U000f0000 you should have read the terms.",
    "noncharacters": "\ufffe\uffff\ufdd0 Calm down.",
    "long_line_breaks": "\n" * 500 + "Calm down." + "\r\n" * 500,
    "long_word": "a" * 100_000,
}


@pytest.mark.parametrize("name", STRING_ENTRY_POINTS)
@pytest.mark.parametrize("key", list(ODD_TEXTS))
def test_odd_text_gives_a_clean_result(name, key, nlp):
    text = ODD_TEXTS[key]
    _assert_clean(name, text, _run(name, text, nlp))


_fresh = itertools.count()


def _runs_without_spaces(unit: str, n: int) -> str:
    """n characters with no space: runs of ``unit``, each piece the tokenizer cuts off different.

    spaCy caches how it split a piece, so identical pieces would cost nothing
    after the first and hide the time a hostile text really takes.
    """
    fill = (MAX_RUN - 8) // len(unit)
    return "".join(unit * fill + f"{next(_fresh):08d}" for _ in range(n // (fill * len(unit) + 8) + 1))[:n]


@pytest.mark.parametrize("name", ["classify", "check_tone", "spacy_bounded"])
@pytest.mark.parametrize(
    ("unit", "length"),
    [("(", 100_000), ("😡", 100_000), ("$", 20_000), ("<>", 20_000), ("'s", 20_000)],
    ids=["paren", "emoji", "dollar", "angle", "apos_s"],
)
def test_a_100000_character_word_of_punctuation_or_emoji_is_fast(name, unit, length, bounded_nlp):
    """spaCy's own tokenizer takes about ten minutes on 100,000 brackets without a space; ours is linear."""
    text = _runs_without_spaces(unit, length)
    started = time.perf_counter()
    if name == "spacy_bounded":
        _assert_clean("spacy", text, bounded_nlp(text))
    else:
        _assert_clean(name, text, ENTRY_POINTS[name](text))
    assert time.perf_counter() - started < 15


def test_the_bounded_tokenizer_tokenizes_ordinary_text_like_spacy_and_saves(tmp_path, bounded_nlp):
    plain = spacy.blank("en").tokenizer
    texts = [*ODD_TEXTS.values(), FLAGGED, "It's 5km/h... U.S.A. (see https://x.io/a?b=1) -- “quoted”, £5.99!"]
    for text in texts:
        if len(text) < 1000:
            assert [t.text for t in bounded_nlp.tokenizer(text)] == [t.text for t in plain(text)]
    long = "(" * 1234 + " ok " + "a" * 1234
    assert bounded_nlp.tokenizer(long).text == long
    assert max(len(t) for t in bounded_nlp.tokenizer(long)) <= MAX_RUN
    bounded_nlp.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    assert [t.text for t in loaded(FLAGGED)] == [t.text for t in bounded_nlp(FLAGGED)]


def test_rewrite_of_a_long_word_of_punctuation():
    text = "Calm down. Ref #4471. " + "(" * 20_000
    _assert_clean_rewrite(text, ck.rewrite(text))


@pytest.mark.parametrize("name", STRING_ENTRY_POINTS)
@pytest.mark.parametrize("where", [0, 17, -1])
def test_lone_surrogates_are_refused_saying_where(name, where, nlp):
    text = list("Calm down, it's only a few days.")
    text.insert(where if where >= 0 else len(text), "\udc9f")
    text = "".join(text)
    position = text.index("\udc9f")
    if name == "spacy":
        # spaCy's own tokenizer fails on the text before our component runs; we
        # document that callers of nlp() must clean text first (SECURITY.md).
        with pytest.raises(UnicodeEncodeError):
            nlp(text)
        return
    with pytest.raises(ck.TextValueError, match=rf"lone surrogate \(U\+DC9F\) at position {position}"):
        ENTRY_POINTS[name](text)


def test_the_surrogate_error_says_how_to_clean_the_text():
    with pytest.raises(ck.TextValueError) as info:
        ck.check_tone("bad \ud800 text")
    message = str(info.value)
    assert "not valid Unicode" in message and "encode('utf-8', 'replace')" in message
    cleaned = "bad \ud800 text".encode("utf-8", "replace").decode("utf-8")
    assert ck.check_tone(cleaned).text == cleaned


# -- length ---------------------------------------------------------------------


@pytest.mark.parametrize("name", list(ENTRY_POINTS))
def test_a_5_mb_text_is_refused_with_the_limit_and_how_to_raise_it(name):
    text = "my parcel is late. " * 275_000  # 5.2 million characters
    started = time.perf_counter()
    with pytest.raises(ck.TextValueError, match=r"5,225,000 characters long; the limit is 1,000,000") as info:
        ENTRY_POINTS[name](text)
    assert "set_max_length" in str(info.value)
    assert time.perf_counter() - started < 1.0  # refused before any work is done


def test_the_spacy_component_enforces_the_same_limit(nlp):
    limit = ck.get_max_length()
    try:
        ck.set_max_length(1000)
        with pytest.raises(ck.TextValueError, match=r"doc.text is 1,100 characters long; the limit is 1,000"):
            nlp("Calm down. " * 100)
    finally:
        ck.set_max_length(limit)


@pytest.mark.parametrize("name", ["classify", "classify_many", "check_tone"])
def test_a_900_kb_text_completes(name):
    # Few flags or signals here: texts dense with them are the linear-time tests' business below.
    text = "My parcel is late and nobody replies to my emails about it. " * 15_000
    assert 900_000 <= len(text) <= ck.get_max_length()
    _assert_clean(name, text, ENTRY_POINTS[name](text))


def test_raising_the_limit_lets_longer_texts_through_every_layer():
    """spaCy refuses texts over its own nlp.max_length (1,000,000); our pipeline defers to ck's limit."""
    limit = ck.get_max_length()
    text = "Calm down. " + "a" * 1_200_000
    try:
        ck.set_max_length(2_000_000)
        report = ck.check_tone(text)
        assert [f.kind for f in report.flags][:1] == ["dismissive"]
        _assert_clean_report(text, report)
    finally:
        ck.set_max_length(limit)


@pytest.mark.parametrize("bad", [0, -5, 1.5, "100", None, True])
def test_set_max_length_refuses_what_is_not_a_positive_int(bad):
    limit = ck.get_max_length()
    with pytest.raises(ck.TextValueError, match=r"max length must be a positive int, got"):
        ck.set_max_length(bad)
    assert ck.get_max_length() == limit


# -- offsets --------------------------------------------------------------------

#: Text put before a flagged draft; none of it may shift or break the offsets.
PREFIXES = {
    "emoji": "😡👩‍👩‍👧🇬🇧 ",
    "crlf": "Hello,\r\n\r\n",
    "nfd": "Cafe\u0301 re\u0301sume\u0301. ",
    "nfkc_ligature": "ﬁnal ﬂight. ",
    "dotless_i": "İİİ. ",  # lower-cases to two characters each
    "sharp_s": "STRAẞE. ",  # upper-case sharp s
    "zero_width": "\u200b\u200d\ufeff",
    "bidi": "\u202e\u2066",
    "astral": "\U0001d573\U0001d58a\U0001d591\U0001d591\U0001d594 \U0001d7d9\U0001d7da\U0001d7db. ",
}
FLAGGED = "Calm down, you should have read the terms. I will report you to the ombudsman."


@pytest.mark.parametrize("prefix", list(PREFIXES))
@pytest.mark.parametrize("joint", ["\n", "\r\n", ""], ids=["lf", "crlf", "same-sentence"])
def test_flag_offsets_index_the_original_text_after_any_prefix(prefix, joint):
    text = PREFIXES[prefix] + joint + FLAGGED
    report = ck.check_tone(text)
    _assert_clean_report(text, report)
    # "Calm down" flags at the start of a sentence only, so only after a line break
    expected = {"dismissive", "blame_customer"} if joint else {"blame_customer"}
    assert expected <= {f.kind for f in report.flags}
    signals = ck.classify(text).escalation
    _assert_spans_index(text, signals)
    assert "legal_threat" in {s.kind for s in signals}


@pytest.mark.parametrize("prefix", list(PREFIXES))
def test_rewrite_changes_index_the_original_draft_after_any_prefix(prefix):
    _assert_clean_rewrite(PREFIXES[prefix] + FLAGGED, ck.rewrite(PREFIXES[prefix] + FLAGGED))


def test_spacy_component_spans_match_the_report_with_crlf_and_emoji(nlp):
    text = "Hi 😡,\r\n\r\nI\u0301 hear you.\r\nYou should have read the terms 👩‍👩‍👧. Calm down 🇬🇧."
    doc = nlp(text)
    spans = [(s.start_char, s.end_char) for s in doc.spans["complaintkit_tone"]]
    assert spans == [(f.start, f.end) for f in doc._.tone.flags]
    assert "blame_customer" in {s.label_ for s in doc.spans["complaintkit_tone"]}
    _assert_clean("spacy", text, doc)


# -- properties over arbitrary Unicode ----------------------------------------------

#: Pieces that reach the interesting code: flagged phrasing, facts, quotes, markup.
FRAGMENTS = [
    "Calm down", "you should have", "Sorry, but", "I'm sorry if you feel", "not our fault", "the courier",
    "I will call my lawyer", "I don't want to cancel", "third time", "refund", "parcel", "charged twice",
    "#4471", "ENG-5521", "£24.99", "$1,200.50", "3 May", "14/02/2024", "Monday", "8am", "0800 123 4567",
    "+44 (0)20 7946 0958", "help@shop.example", "https://shop.example/track?id=1", "www.x.io", "Sarah", "O'Neil",
    ". ", ", ", "? ", "! ", "\n", "\r\n", "\r", "\t", "  ", "\"", "'", "“", "”", "\u2018", "\u2019", "> ", "[quote]",
    "[/quote]", "<blockquote>", "</blockquote>", "{{", "}}", "{%", "%}", "<!-- complaintkit: off -->",
    "<!-- complaintkit: on -->", "\u200b", "\u202e", "\u0301", "😡", "👩‍👩‍👧", "🇬🇧", "\x00", "\x1b", "İ", "ß", "ﬁ",
]
_PIECE = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(st.characters(codec="utf-8"), max_size=6),  # any code point except surrogates
)
TEXTS = st.lists(_PIECE, max_size=25).map("".join)
#: Like TEXTS, but any code point, lone surrogates included.
ANY_TEXT = st.lists(st.one_of(_PIECE, st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)),
                    max_size=25).map("".join)
PROPERTY_SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                             suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def _call_or_documented_error(name: str, text: str, nlp: spacy.language.Language) -> Any:
    """The result, or None when the entry point raised one of our documented errors."""
    try:
        return _run(name, text, nlp)
    except ck.TextValueError as err:  # a lone surrogate
        assert "lone surrogate" in str(err)
        assert any(0xD800 <= ord(c) <= 0xDFFF for c in text)
        return None


@pytest.mark.parametrize("name", [n for n in ENTRY_POINTS if n not in ("rewrite_complaint", "review_complaint")])
@PROPERTY_SETTINGS
@given(text=ANY_TEXT)
def test_any_unicode_gives_a_clean_result_or_a_documented_error(name, text, nlp):
    result = _call_or_documented_error(name, text, nlp)
    if result is not None:
        _assert_clean(name, text, result)


@PROPERTY_SETTINGS
@given(text=TEXTS)
def test_spacy_component_on_any_valid_unicode(text, nlp):
    _assert_clean("spacy", text, nlp(text))


@PROPERTY_SETTINGS
@given(complaint=ANY_TEXT, draft=TEXTS)
def test_review_of_any_complaint_and_draft(complaint, draft):
    try:
        result = ck.review(complaint, draft)
    except ck.TextValueError as err:
        assert "lone surrogate" in str(err)
        return
    _assert_clean("review_draft", draft, result)
    _assert_clean_classification(complaint, result.complaint)


@PROPERTY_SETTINGS
@given(texts=st.lists(TEXTS, max_size=6))
def test_batches_equal_single_calls_for_any_text(texts):
    assert [r.to_dict() for r in ck.classify_many(texts, batch_size=2)] == [ck.classify(t).to_dict() for t in texts]
    assert [r.to_dict() for r in _checker().check_many(texts, batch_size=2)] == [
        ck.check_tone(t).to_dict() for t in texts
    ]


# -- time linear in length ----------------------------------------------------------


def _seconds(fn: Callable[[str], Any], text: str, repeat: int) -> float:
    """Best of ``repeat`` runs, with the garbage collector paused so a collection of what
    earlier tests left behind doesn't land in one run and pass for superlinear work."""
    best = math.inf
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeat):
            started = time.perf_counter()
            fn(text)
            best = min(best, time.perf_counter() - started)
    finally:
        gc.enable()
    return best


def _growth(
    fn: Callable[[str], Any], make: Callable[[int], str], n: int, factor: int = 8, large_repeat: int = 2
) -> float:
    """Time for a text ``factor`` times longer, over time for the short one: ~factor when linear.

    Quadratic work shows as ~factor**2 (64), so the threshold used below (4 x
    factor) leaves room for timing noise without hiding a quadratic.
    """
    fn(make(n))  # warm caches and lazy loads
    small = _seconds(fn, make(n), repeat=5)
    large = _seconds(fn, make(n * factor), repeat=max(large_repeat, 3))  # best of 3: one slow run is noise
    return large / max(small, 1e-4)


LINEAR = 32  # 4 x the factor of 8: far from the 64 of quadratic work, clear of timing noise


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("check_tone", "My parcel is late and nobody replies. "),
        ("check_tone", "("),
        ("check_tone", "😡"),
        ("check_tone", "a" * (MAX_RUN + 7) + " "),
        ("classify", "My parcel is late and nobody replies. "),
        ("classify", "a@b."),
    ],
    ids=["tone-prose", "tone-paren-run", "tone-emoji-run", "tone-long-words", "classify-prose", "classify-at-dot"],
)
def test_time_grows_linearly_with_length(name, unit):
    def make(n: int) -> str:
        if len(unit) == 1:  # a run without spaces: a fresh one each time (see _runs_without_spaces)
            return _runs_without_spaces(unit, n)
        return (unit * (n // len(unit) + 1))[:n]

    assert _growth(ENTRY_POINTS[name], make, 4_000) < LINEAR


def test_many_line_breaks_take_linear_time():
    assert _growth(ck.check_tone, lambda n: "ok\n" * (n // 3), 2_000, large_repeat=1) < LINEAR


def test_many_flagged_phrases_take_linear_time():
    assert _growth(ck.check_tone, lambda n: "Calm down. " * (n // 11), 4_000, large_repeat=1) < LINEAR


def test_unclosed_template_braces_take_linear_time():
    assert _growth(ck.check_tone, lambda n: "{{" * (n // 2), 1_000, large_repeat=1) < LINEAR


def test_blank_lines_take_linear_time():
    assert _growth(ck.check_tone, lambda n: "\n" * n, 500, large_repeat=1) < LINEAR


def test_many_escalation_signals_take_linear_time():
    from complaintkit.classify.escalation import find_escalation

    assert _growth(find_escalation, lambda n: "sue " * (n // 4), 3_000, large_repeat=1) < LINEAR


def test_rewrite_of_many_flagged_sentences_takes_linear_time():
    assert _growth(ck.rewrite, lambda n: "Calm down. " * (n // 11), 650, large_repeat=1) < LINEAR


def test_finding_many_facts_takes_linear_time():
    assert _growth(find_facts, lambda n: "#a1 " * (n // 4), 1_000, large_repeat=1) < LINEAR


def test_finding_facts_in_a_long_dotted_run_takes_linear_time():
    assert _growth(find_facts, lambda n: "a." * (n // 2), 1_000, large_repeat=1) < LINEAR
