"""pandas: analyze_frame, tone_spans, the .complaints accessor, progress and table files."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import complaintkit as ck
from complaintkit import _progress
from complaintkit.frame import read_table, write_table

COMPLAINTS = [
    "you charged me twice for one order and nobody answers my emails",
    "the courier lost my parcel, third time I'm writing. I'll report you to trading standards",
    "thanks, everything arrived fine",
    "",
    "my new kettle leaks and the handle snapped off on day two",
    "you charged me twice for one order and nobody answers my emails",  # a repeat: same result
]
REPLIES = [
    "Sorry, but you should have read the terms.",
    "I'm sorry your parcel is lost. I've sent a replacement today and will email tracking tonight.",
    None,
    "   ",
    "Calm down, it's only a kettle.",
    "Sorry, but you should have read the terms.",
]


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    """Complaints under a shuffled, non-default index, with replies and a column we must keep."""
    index = pd.Index(["r5", "r1", "r9", "r3", "r7", "r2"], name="ticket")
    return pd.DataFrame({"complaint": COMPLAINTS, "reply": REPLIES, "agent": list("abcdef")}, index=index)


def test_columns_follow_the_index_and_row_order_and_agree_with_classify_many(frame):
    before = frame.copy()
    result = ck.analyze_frame(frame, scores=True)
    pd.testing.assert_frame_equal(frame, before)  # the input is never modified
    assert result.index.equals(frame.index)
    names = [f"score_{c}" for c in ck.CATEGORY_IDS]
    assert list(result.columns) == ["category", "categories", "is_complaint", "complaint_score", "escalation",
                                    *names]
    for (label, row), expected in zip(result.iterrows(), ck.classify_many(COMPLAINTS), strict=True):
        assert row["category"] == expected.top, label
        assert row["categories"] == expected.labels
        assert row["is_complaint"] == expected.is_complaint
        assert row["complaint_score"] == pytest.approx(expected.complaint_score)
        assert row["escalation"] == expected.escalation_kinds
        assert [row[n] for n in names] == pytest.approx([expected.scores[c] for c in ck.CATEGORY_IDS])
    assert "billing" in result.loc["r5", "categories"]
    assert "legal_threat" in result.loc["r1", "escalation"]
    assert result.loc["r3", "category"] is None and result.loc["r3", "categories"] == []  # empty text
    assert result["is_complaint"].dtype == bool and result["complaint_score"].dtype == float


def test_list_cells_are_not_shared_between_repeated_texts(frame):
    result = ck.analyze_frame(frame)
    result.loc["r5", "categories"].append("changed")
    assert "changed" not in result.loc["r2", "categories"]


def test_reply_adds_tone_columns_that_agree_with_check_many_and_mark_missing_replies(frame):
    result = ck.analyze_frame(frame, reply="reply")
    assert list(result.columns)[-4:] == ["tone_score", "tone_ok", "tone_flags", "tone_missing"]
    assert str(result["tone_score"].dtype) == "Int64" and str(result["tone_ok"].dtype) == "boolean"
    reports = ck.ToneChecker().check_many([REPLIES[i] for i in (0, 1, 4, 5)])
    for label, report in zip(["r5", "r1", "r7", "r2"], reports, strict=True):
        assert result.loc[label, "tone_score"] == report.score
        assert bool(result.loc[label, "tone_ok"]) == report.ok
        assert result.loc[label, "tone_flags"] == report.flag_kinds
        assert result.loc[label, "tone_missing"] == report.missing
    assert "dismissive" in result.loc["r7", "tone_flags"]
    for label in ("r9", "r3"):  # no reply (None) and a blank one
        assert result.loc[label, "tone_score"] is pd.NA and result.loc[label, "tone_ok"] is pd.NA
        assert result.loc[label, "tone_flags"] == [] and result.loc[label, "tone_missing"] == []


def test_raise_names_the_first_bad_rows_index_label():
    df = pd.DataFrame({"complaint": ["fine text", None, 42]}, index=["a", "b", "c"])
    with pytest.raises(ck.TextTypeError, match=r"index label 'b', row 1\).*errors='coerce'") as info:
        ck.analyze_frame(df)
    assert "complaint is missing" in str(info.value)


def test_coerce_keeps_every_row_in_place_and_says_why(frame):
    bad = frame.copy()
    bad = bad.astype({"complaint": object, "reply": object})
    bad.loc["r1", "complaint"] = None
    bad.loc["r3", "complaint"] = 42
    bad.loc["r7", "reply"] = b"bytes reply"
    clean = ck.analyze_frame(frame, reply="reply")
    result = ck.analyze_frame(bad, reply="reply", errors="coerce")
    assert result.index.equals(frame.index)
    assert list(result.columns) == [*clean.columns, "error"]
    assert "complaint is missing" in result.loc["r1", "error"]
    assert "int 42" in result.loc["r3", "error"]
    assert "decode" in result.loc["r7", "error"]
    assert result.loc["r1", "category"] is None and result.loc["r1", "categories"] == []
    assert not result.loc["r1", "is_complaint"] and result.loc["r1", "complaint_score"] == 0.0
    assert result.loc["r7", "tone_score"] is pd.NA
    assert result.loc["r7", "category"] == clean.loc["r7", "category"]  # its complaint is still analysed
    good = ["r5", "r9", "r2"]
    assert result.loc[good, "error"].isna().all()
    pd.testing.assert_frame_equal(result.loc[good, clean.columns], clean.loc[good])


def test_text_too_long_is_a_value_error_naming_the_row(monkeypatch):
    monkeypatch.setattr("complaintkit.text._max_length", 10)
    df = pd.DataFrame({"complaint": ["short", "this one is far too long"]})
    with pytest.raises(ck.TextValueError, match=r"index label 1"):
        ck.analyze_frame(df)
    assert "characters long" in ck.analyze_frame(df, errors="coerce").loc[1, "error"]


def test_n_jobs_2_gives_identical_results_to_n_jobs_1(frame):
    big = pd.concat([frame] * 8, ignore_index=True)
    big["complaint"] = [f"{text} (order {i})" if text else text for i, text in enumerate(big["complaint"])]
    serial = ck.analyze_frame(big, reply="reply", scores=True, batch_size=7)
    parallel = ck.analyze_frame(big, reply="reply", scores=True, batch_size=7, n_jobs=2)
    pd.testing.assert_frame_equal(serial, parallel)
    pd.testing.assert_frame_equal(serial, ck.analyze_frame(big, reply="reply", scores=True, batch_size=4096))


def test_tone_spans_has_one_row_per_flag_with_the_rows_label(frame):
    spans = ck.tone_spans(frame, reply="reply")
    assert list(spans.columns) == ["row", "kind", "rule_id", "start", "end", "text", "severity", "message",
                                   "suggestion", "source"]
    expected = []
    for label, reply in zip(frame.index, REPLIES, strict=True):
        if reply and reply.strip():
            for flag in ck.check_tone(reply).flags:
                expected.append((label, flag.rule_id, flag.start, flag.end, flag.text))
    assert list(spans[["row", "rule_id", "start", "end", "text"]].itertuples(index=False, name=None)) == expected
    for row in spans.itertuples():
        assert frame.loc[row.row, "reply"][row.start:row.end] == row.text
    assert set(spans.groupby("kind").size().index) >= {"non_apology", "blame_customer", "dismissive"}
    assert spans["start"].dtype == np.int64


def test_tone_spans_of_replies_without_flags_is_empty_with_columns():
    spans = ck.tone_spans(pd.DataFrame({"reply": ["I'm sorry; I've refunded you today.", None]}))
    assert spans.empty and "kind" in spans.columns


def test_accessors_return_index_aligned_frames(frame):
    classified = frame["complaint"].complaints.classify()
    pd.testing.assert_frame_equal(classified, ck.analyze_frame(frame))
    tone = frame["reply"].complaints.tone()
    pd.testing.assert_frame_equal(tone, ck.analyze_frame(frame, reply="reply")[list(tone.columns)])
    assert len(frame["reply"].complaints.spans()) == len(ck.tone_spans(frame, reply="reply"))


def test_accessor_refuses_a_numeric_column_and_names_its_dtype():
    with pytest.raises(ck.TextTypeError, match="dtype int64"):
        pd.Series([1, 2], name="n").complaints.classify()


@pytest.mark.parametrize("order", ["import complaintkit; import pandas as pd",
                                   "import pandas as pd; import complaintkit"])
def test_accessor_is_registered_by_importing_complaintkit_in_either_order(order):
    code = f"{order}; print(pd.Series(['you charged me twice']).complaints.classify()['category'][0])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "billing"


def test_bad_arguments_say_what_was_expected(frame):
    with pytest.raises(ck.DataFormatError, match=r"expected a column 'body'.*'complaint', 'reply'"):
        ck.analyze_frame(frame, text="body")
    with pytest.raises(ck.TextValueError, match="errors must be 'raise' or 'coerce', got str 'ignore'"):
        ck.analyze_frame(frame, errors="ignore")
    with pytest.raises(ck.TextValueError, match="n_jobs"):
        ck.analyze_frame(frame, n_jobs=0)
    with pytest.raises(ck.TextValueError, match="progress must be True, False or None"):
        ck.analyze_frame(frame, progress="yes")
    message = r"expects a pandas DataFrame, got a Series \(6 rows, name 'complaint'\); .*complaints.classify"
    with pytest.raises(ck.TextTypeError, match=message):
        ck.analyze_frame(frame["complaint"])


def test_an_empty_frame_gives_an_empty_result_with_every_column():
    result = ck.analyze_frame(pd.DataFrame({"complaint": [], "reply": []}), reply="reply", errors="coerce")
    assert result.empty and "tone_flags" in result.columns and "error" in result.columns


def test_progress_bar_when_asked_and_silence_by_default(frame, capsys):
    ck.analyze_frame(frame)
    assert capsys.readouterr().err == ""
    ck.analyze_frame(frame, progress=True)
    err = capsys.readouterr().err
    assert "complaints" in err and "100%" in err


def test_default_progress_needs_many_rows_and_someone_watching(monkeypatch):
    monkeypatch.setattr(_progress, "stderr_is_terminal", lambda: False)
    assert not _progress.wants_progress(50_000, None)  # a pipe, a test, a log
    monkeypatch.setattr(_progress, "stderr_is_terminal", lambda: True)
    assert _progress.wants_progress(50_000, None)
    assert not _progress.wants_progress(10_000, None)
    assert not _progress.wants_progress(50_000, False) and _progress.wants_progress(5, True)


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_tables_round_trip_by_extension(tmp_path, frame, suffix):
    table = frame.reset_index().join(ck.analyze_frame(frame).reset_index(drop=True))
    path = write_table(table, tmp_path / f"out{suffix}")
    back = read_table(path)
    assert list(back.columns) == list(table.columns) and len(back) == len(table)
    first = back["categories"][0]
    expected = table["categories"][0]
    assert "billing" in expected
    assert (first == ";".join(expected)) if suffix == ".csv" else (list(first) == expected)


def test_write_table_refuses_unknown_extensions_and_leaves_nothing_when_interrupted(tmp_path, frame, monkeypatch):
    with pytest.raises(ck.DataFormatError, match=r"expected one of \.csv"):
        write_table(frame, tmp_path / "out.xlsx")

    def half_then_interrupt(self, path, **kwargs):
        with open(path, "w", encoding="utf-8") as handle:
            handle.write('{"complaint": "half a ro')
        raise KeyboardInterrupt

    monkeypatch.setattr(pd.DataFrame, "to_json", half_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_table(frame, tmp_path / "out.jsonl")
    assert list(tmp_path.iterdir()) == []
