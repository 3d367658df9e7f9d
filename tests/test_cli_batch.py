"""The batch commands of the CLI, run as real subprocesses: classify, report, lint-templates, rewrite, review."""

from __future__ import annotations

import hashlib
import json
import os
import pty
import random
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_CSV = ROOT / "examples" / "complaints.csv"


def run(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "complaintkit", *args], capture_output=True, text=True, cwd=cwd,
                          input=stdin, timeout=300)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp") or p.name.startswith("."))


@pytest.fixture()
def example(tmp_path: Path) -> Path:
    path = tmp_path / "complaints.csv"
    path.write_bytes(EXAMPLE_CSV.read_bytes())
    return path


# -- classify --------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_classify_adds_columns_keeps_inputs_and_leaves_the_input_untouched(example, suffix):
    before = digest(example)
    out = example.with_name(f"out{suffix}")
    done = run("classify", str(example), "-o", str(out), "--text-col", "complaint", "--reply-col", "reply",
               "--scores")
    assert done.returncode == 0, done.stderr
    assert digest(example) == before and leftovers(example.parent) == []
    assert "wrote 40 rows" in done.stderr and done.stdout == ""
    result = pd.read_json(out, lines=True) if suffix == ".jsonl" else pd.read_parquet(out)
    source = pd.read_csv(example, dtype=str, keep_default_na=False)
    assert list(result.columns[:5]) == list(source.columns) and result["id"].tolist() == source["id"].tolist()
    assert {"category", "categories", "escalation", "score_billing", "tone_score", "tone_flags"} <= set(result)
    assert list(result["categories"][1]) == list(result.loc[1, "categories"]) and "billing" in result["categories"][1]
    assert result["tone_score"].isna().sum() == (source["reply"] == "").sum()


def test_classify_csv_output_joins_lists_and_coerce_marks_bad_rows(tmp_path):
    source = tmp_path / "in.jsonl"
    rows = [{"id": 1, "body": "you charged me twice for one order"}, {"id": 2, "body": None},
            {"id": 3, "body": "thanks, all good"}]
    source.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    stopped = run("classify", str(source), "-o", str(tmp_path / "out.csv"), "--text-col", "body")
    assert stopped.returncode == 2 and "index label 1" in stopped.stderr and "errors='coerce'" in stopped.stderr
    assert not (tmp_path / "out.csv").exists() and leftovers(tmp_path) == []
    done = run("classify", str(source), "-o", str(tmp_path / "out.csv"), "--text-col", "body", "--errors", "coerce")
    assert done.returncode == 0, done.stderr
    assert "1 rows could not be analysed" in done.stderr
    result = pd.read_csv(tmp_path / "out.csv", dtype=str, keep_default_na=False)
    assert result["id"].tolist() == ["1", "2", "3"]
    assert "billing" in result.loc[0, "categories"].split(";") and result.loc[1, "categories"] == ""
    assert "missing" in result.loc[1, "error"] and result.loc[0, "error"] == ""


def test_classify_refuses_to_overwrite_its_input_and_checks_names_before_working(example, tmp_path):
    before = digest(example)
    same = run("classify", str(example), "-o", str(example))
    assert same.returncode == 2 and "refusing to overwrite the input" in same.stderr
    link = tmp_path / "alias.csv"
    link.symlink_to(example)
    assert run("classify", str(example), "-o", str(link)).returncode == 2
    assert digest(example) == before
    wrong = run("classify", str(example), "-o", str(tmp_path / "out.xlsx"))
    assert wrong.returncode == 2 and "expected an output ending in .csv" in wrong.stderr
    missing = run("classify", str(tmp_path / "nope.csv"), "-o", str(tmp_path / "out.csv"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
    column = run("classify", str(example), "-o", str(tmp_path / "out.csv"), "--text-col", "body")
    assert column.returncode == 2 and "expected a column 'body'" in column.stderr and "'complaint'" in column.stderr
    assert not (tmp_path / "out.csv").exists()


@pytest.fixture(scope="module")
def big_input(tmp_path_factory) -> Path:
    """Enough distinct complaints that classifying takes several seconds."""
    rng = random.Random(3)
    texts = pd.read_csv(EXAMPLE_CSV, dtype=str)["complaint"].tolist()
    path = tmp_path_factory.mktemp("big") / "big.csv"
    pd.DataFrame({"id": range(80_000),
                  "complaint": [f"{rng.choice(texts)} Ref {rng.randrange(10**9)}" for _ in range(80_000)]}
                 ).to_csv(path, index=False)
    return path


@pytest.mark.parametrize(("sent", "n_jobs", "code"), [(signal.SIGINT, "1", 130), (signal.SIGTERM, "2", 143)])
def test_an_interrupted_classify_exits_cleanly_and_leaves_no_output(big_input, tmp_path, sent, n_jobs, code):
    before = digest(big_input)
    out = tmp_path / "out.parquet"
    out.write_bytes(b"yesterday's results")  # an existing output survives an interrupted run
    process = subprocess.Popen([sys.executable, "-m", "complaintkit", "classify", str(big_input), "-o", str(out),
                                "--n-jobs", n_jobs], stderr=subprocess.PIPE, text=True)
    assert "classifying 80,000 rows" in process.stderr.readline()
    time.sleep(1.5)  # well into the work: the model is loading or classifying
    process.send_signal(sent)
    assert process.wait(timeout=60) == code
    assert ("terminated" if sent == signal.SIGTERM else "interrupted") in process.stderr.read()
    process.stderr.close()
    assert out.read_bytes() == b"yesterday's results" and leftovers(tmp_path) == []
    assert digest(big_input) == before


def test_classify_shows_a_progress_bar_on_a_terminal(example):
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "complaintkit", "classify", str(example), "-o",
                                str(example.with_name("out.csv"))], stderr=follower, stdout=subprocess.DEVNULL)
    os.close(follower)
    screen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 120)
        try:
            chunk = os.read(leader, 4096) if ready else b""
        except OSError:  # the child closed the terminal
            chunk = b""
        if not chunk:
            break
        screen += chunk
    os.close(leader)
    assert process.wait(timeout=60) == 0
    text = screen.decode("utf-8", "replace")
    assert re.search(r"complaints: 100%.*40/40", text), text


# -- report ----------------------------------------------------------------------------


def test_report_writes_an_html_file_with_charts_from_raw_complaints(example):
    out = example.with_name("report.html")
    done = run("report", str(example), "-o", str(out), "--reply-col", "reply", "--date-col", "date")
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    for section in ("overview", "categories", "escalation", "tone", "over-time", "examples"):
        assert f'id="{section}"' in page
    assert page.count("data:image/png;base64,") == 5
    refused = run("report", str(example), "-o", str(example.with_name("report.csv")))
    assert refused.returncode == 2 and "expected an output ending in .html" in refused.stderr


# -- lint-templates --------------------------------------------------------------------


@pytest.fixture()
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    (folder / "billing").mkdir(parents=True)
    (folder / "late.j2").write_text(
        "Hi {{ customer.first_name }},\n"
        "{# internal note: calm down the customer first #}\n"
        "Sorry, but you should have read the delivery terms.\n"
        "{% if refund %}Your refund of {{ amount }} is on its way.{% endif %}\n", encoding="utf-8")
    (folder / "billing" / "fee.hbs").write_text(
        "Hello {{name}},\n"
        "<!-- complaintkit: ignore dismissive -->\n"
        "Calm down, the fee is in the terms.\n"
        "Calm down, it's only a fee. {{! complaintkit: ignore non_apology }}\n", encoding="utf-8")
    (folder / "ok.md").write_text("I'm sorry your order is late. I've refunded the delivery fee today.\n",
                                  encoding="utf-8")
    (folder / "notes.rst").write_text("Calm down.\n", encoding="utf-8")  # not a template type
    return folder


def test_lint_templates_reports_line_and_column_and_skips_placeholders_tags_and_comments(templates):
    done = run("lint-templates", str(templates), "--no-model")
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    late = templates / "late.j2"
    fee = templates / "billing" / "fee.hbs"
    assert f"{late}:3:1 warning non_apology non_apology.sorry_but" in done.stdout
    assert f"{late}:3:12 warning blame_customer blame_customer.should_have" in done.stdout
    assert not any(f"{late}:2:" in line for line in lines)  # the Jinja comment is not the agent's words
    assert not any(f"{fee}:3:" in line for line in lines)  # silenced by the comment on the line above
    assert any(line.startswith(f"{fee}:4:1 error dismissive") for line in lines)  # wrong prefix: still flagged
    assert "notes.rst" not in done.stdout and "ok.md" not in done.stdout
    assert len(lines) == 3
    as_json = json.loads(run("lint-templates", str(late), "--no-model", "--format", "json").stdout)
    assert [(f["line"], f["column"], f["rule_id"]) for f in as_json] == [
        (3, 1, "non_apology.sorry_but"), (3, 12, "blame_customer.should_have")]


def test_lint_templates_baseline_fails_only_on_new_findings(templates, tmp_path):
    baseline = tmp_path / "baseline.json"
    recorded = run("lint-templates", str(templates), "--no-model", "--baseline", str(baseline))
    assert recorded.returncode == 0 and "recorded 3 findings" in recorded.stderr
    assert {e["file"] for e in json.loads(baseline.read_text())["findings"]} == {
        "templates/late.j2", "templates/billing/fee.hbs"}
    late = templates / "late.j2"
    late.write_text("\n\n" + late.read_text(encoding="utf-8"), encoding="utf-8")  # moved lines are not new
    assert run("lint-templates", str(templates), "--no-model", "--baseline", str(baseline)).returncode == 0
    (templates / "ok.md").write_text("Calm down, please.\n", encoding="utf-8")
    new = run("lint-templates", str(templates), "--no-model", "--baseline", str(baseline))
    assert new.returncode == 1
    assert len(new.stdout.splitlines()) == 1  # only the new finding
    assert new.stdout.startswith(f"{templates / 'ok.md'}:1:1 error dismissive dismissive.calm_down ")


def test_lint_templates_usage_errors_exit_2(tmp_path):
    assert run("lint-templates", str(tmp_path / "missing")).returncode == 2
    bad = tmp_path / "baseline.json"
    bad.write_text("not json", encoding="utf-8")
    (tmp_path / "t.txt").write_text("Calm down.", encoding="utf-8")
    done = run("lint-templates", str(tmp_path / "t.txt"), "--no-model", "--baseline", str(bad))
    assert done.returncode == 2 and "not a complaintkit baseline file" in done.stderr


def test_pre_commit_hook_runs_lint_templates_on_template_files():
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert re.search(r"^- id: complaintkit-lint-templates$", text, re.MULTILINE)
    assert re.search(r"^  entry: complaintkit lint-templates$", text, re.MULTILINE)
    pattern = re.search(r"^  files: (.+)$", text, re.MULTILINE).group(1)
    assert all(re.search(pattern, f"replies/x{s}") for s in (".txt", ".md", ".j2", ".hbs"))
    assert not re.search(pattern, "complaintkit/cli.py")


# -- rewrite and review ----------------------------------------------------------------


def test_rewrite_prints_the_new_reply_and_json_for_tools(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("Calm down, your parcel #4471 left our depot on Monday.", encoding="utf-8")
    done = run("rewrite", str(draft))
    assert done.returncode == 0, done.stderr
    assert "#4471" in done.stdout and "Calm down" not in done.stdout and "todo:" in done.stderr
    payload = json.loads(run("rewrite", "-", "--format", "json", stdin=draft.read_text()).stdout)
    assert payload["report"]["ok"] is True and "#4471" in payload["text"]


def test_review_exits_1_when_the_draft_needs_work(tmp_path):
    complaint = tmp_path / "complaint.txt"
    complaint.write_text("You charged me twice and I'll report you to trading standards.", encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text("Sorry, but you should have checked your statement.", encoding="utf-8")
    done = run("review", "--complaint", str(complaint), "--draft", str(draft))
    assert done.returncode == 1, done.stderr
    assert "verdict: needs work" in done.stdout and "missing escalation.legal_threat" in done.stdout
    payload = json.loads(run("review", "--complaint", str(complaint), "--draft", str(draft), "--format",
                             "json").stdout)
    assert payload["ok"] is False and "legal_threat" in payload["complaint"]["escalation"][0]["kind"]
