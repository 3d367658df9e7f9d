"""The HTML report: every section, embedded charts, escaping, and the example that builds one."""

from __future__ import annotations

import base64
import re
import struct
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import complaintkit as ck
from complaintkit.reporting import SECTIONS, summarize

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_CSV = ROOT / "examples" / "complaints.csv"
PNG = re.compile(r'<img alt="([^"]+)" src="data:image/png;base64,([A-Za-z0-9+/=]+)">')


@pytest.fixture(scope="module")
def example() -> pd.DataFrame:
    return pd.read_csv(EXAMPLE_CSV, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def analysed(example) -> pd.DataFrame:
    return example.join(ck.analyze_frame(example, reply="reply"))


@pytest.fixture(scope="module")
def full(analysed, tmp_path_factory) -> ck.Report:
    out = tmp_path_factory.mktemp("report") / "report.html"
    return ck.report(analysed, date="date", out=out)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_report_has_every_section_and_an_embedded_png_per_chart(full):
    page = full.path.read_text(encoding="utf-8")
    assert page == full.html and page.startswith("<!DOCTYPE html>")
    for section in SECTIONS:
        assert f'<section id="{section}">' in page, section
    images = PNG.findall(page)
    assert [alt.split(" of ")[0] for alt, _ in images] == [
        "Bar chart", "Bar chart", "Histogram", "Bar chart", "Stacked bar chart"]
    assert len(images) == len(full.images) == 5
    for _, data in images:
        width, height = png_size(base64.b64decode(data))
        assert 600 <= width <= 1000 and 200 <= height <= 1000
    assert "src=\"http" not in page and "<script" not in page  # self-contained, nothing to fetch or run


def test_report_numbers_agree_with_the_analysed_frame(full, analysed):
    summary = full.summary
    assert summary["rows"] == len(analysed)
    assert summary["complaints"] == int(analysed["is_complaint"].sum())
    counts = analysed["categories"].explode().value_counts()
    by_category = {row["category"]: row for row in summary["categories"]}
    for category, count in counts.items():
        assert by_category[category]["rows"] == count
        assert by_category[category]["share"] == pytest.approx(count / summary["complaints"], abs=1e-4)
    assert set(by_category) == set(ck.CATEGORY_IDS)
    escalated = analysed["escalation"].explode().value_counts()
    assert {r["kind"]: r["rows"] for r in summary["escalation"] if r["rows"]} == escalated.to_dict()
    replies = analysed["tone_score"].dropna()
    assert summary["tone"]["replies"] == len(replies) == int((analysed["reply"].str.strip() != "").sum())
    assert summary["tone"]["mean"] == pytest.approx(replies.mean(), abs=0.05)
    assert sum(summary["tone"]["histogram"]["counts"]) == len(replies)
    over_time = summary["over_time"]
    assert over_time["period"] == "month" and over_time["labels"][0] == "Jan 2026"
    assert sum(map(sum, over_time["series"].values())) == summary["complaints"]


def test_examples_quote_complaints_of_their_category(full, analysed):
    for category, texts in full.summary["examples"].items():
        assert 1 <= len(texts) <= 3
        for text in texts:
            row = analysed.loc[analysed["complaint"] == text].iloc[0]
            assert category in row["categories"]


def test_notebook_rendering_is_the_fragment_without_a_document(full):
    fragment = full._repr_html_()
    assert fragment.startswith('<div class="ck-report">') and "<html" not in fragment
    assert fragment in full.html


def test_raw_complaints_are_analysed_first_and_texts_are_escaped(tmp_path):
    df = pd.DataFrame({"complaint": ["you charged me twice <script>alert('x')</script> for one order",
                                     "my parcel never arrived"]})
    result = ck.report(df, out=tmp_path / "r.html")
    assert "<script>" not in result.html and "&lt;script&gt;" in result.html
    assert result.summary["complaints"] == 2
    assert '<section id="tone">' not in result.html and '<section id="over-time">' not in result.html


def test_without_matplotlib_the_report_keeps_its_tables_and_says_so(analysed, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    result = ck.report(analysed, out=None)
    assert result.images == () and not PNG.search(result.html)
    assert "pip install &#x27;complaintkit[plot]&#x27;" in result.html
    assert "<table>" in result.html and result.path is None


def test_a_file_read_back_from_csv_gives_the_same_numbers(analysed, tmp_path):
    from complaintkit.frame import read_table, write_table

    back = read_table(write_table(analysed, tmp_path / "analysed.csv"))
    assert back["categories"].map(lambda v: isinstance(v, str)).all()  # "a;b" strings, bools as text
    fresh, again = summarize(analysed), summarize(back)
    for key in ("rows", "complaints", "categories", "escalation", "tone"):
        assert fresh[key] == again[key], key


def test_the_period_follows_the_span_of_the_dates():
    def period(dates: list[str]) -> str:
        df = pd.DataFrame({"category": "billing", "categories": [["billing"]] * len(dates), "is_complaint": True,
                           "complaint_score": 0.9, "escalation": [[]] * len(dates), "when": dates})
        return ck.report(df, date="when", out=None).summary["over_time"]["period"]

    assert period([f"2026-03-{d:02d}" for d in range(1, 11) for _ in range(6)]) == "day"
    assert period([f"2026-{m:02d}-15" for m in range(1, 13) for _ in range(5)]) == "month"
    assert period([f"20{y}-06-01" for y in range(10, 26) for _ in range(5)]) == "year"


def test_bad_input_says_what_was_expected(analysed):
    with pytest.raises(ck.TextTypeError, match="expects a pandas DataFrame, got list"):
        ck.report([1, 2], out=None)
    with pytest.raises(ck.DataFormatError, match="expected a date column 'day'"):
        ck.report(analysed, date="day", out=None)
    with pytest.raises(ck.DataFormatError, match=r"expected a column 'body' with complaint texts"):
        ck.report(pd.DataFrame({"text": ["x"]}), text="body", out=None)


def test_the_analyst_example_runs_and_writes_its_report(tmp_path):
    out = subprocess.run([sys.executable, str(ROOT / "examples" / "analyze_complaints.py"), "--out", str(tmp_path)],
                         capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "with 5 charts" in out.stdout and "complaint rate" in out.stdout
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert len(PNG.findall(page)) == 5 and "Complaints, January to April" in page
