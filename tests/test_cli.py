"""The command line, run as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys


def run(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "complaintkit", *args], capture_output=True, text=True, cwd=cwd)


def test_demo_prints_categories_and_signals():
    out = run("demo")
    assert out.returncode == 0, out.stderr
    assert "delivery" in out.stdout and "escalation: legal_threat" in out.stdout


def test_evaluate_prints_a_table_and_json(root):
    data = str(root / "data" / "heldout" / "complaints.jsonl")
    table = run("evaluate", "--data", data)
    assert table.returncode == 0, table.stderr
    assert "macro avg" in table.stdout and "billing" in table.stdout
    report = json.loads(run("evaluate", "--data", data, "--format", "json").stdout)
    assert report["macro"]["f1"] > 0.5


def test_evaluate_missing_file_is_a_usage_error(tmp_path):
    out = run("evaluate", "--data", str(tmp_path / "nope.csv"))
    assert out.returncode == 2
    assert "no data file" in out.stderr


def test_evaluate_csv_with_other_columns_says_what_it_expected(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("body,tags\nhello,billing\n", encoding="utf-8")
    out = run("evaluate", "--data", str(path))
    assert out.returncode == 2
    assert "expected a column 'text'" in out.stderr


def test_unknown_command_exits_2():
    assert run("frobnicate").returncode == 2


def test_tone_prints_line_col_and_fails_on_warning(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("Hi Jo,\nSorry, but you should have read the terms.\n", encoding="utf-8")
    out = run("tone", str(draft), "--no-model")
    assert out.returncode == 1
    assert f"{draft}:2:1 warning non_apology non_apology.sorry_but" in out.stdout
    assert f"{draft}:2:12 warning blame_customer blame_customer.should_have" in out.stdout


def test_tone_clean_draft_exits_0_and_json_is_parseable(tmp_path):
    draft = tmp_path / "ok.txt"
    draft.write_text("I'm sorry for the wait; I've refunded you today.", encoding="utf-8")
    out = run("tone", str(draft), "--format", "json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["ok"] is True


def test_tone_fail_on_error_ignores_warnings(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("Sorry, but you should have read the terms.", encoding="utf-8")
    assert run("tone", str(draft), "--no-model", "--fail-on", "error").returncode == 0


def test_tone_reads_stdin():
    out = subprocess.run([sys.executable, "-m", "complaintkit", "tone", "-", "--no-model"], input="Calm down.",
                         capture_output=True, text=True)
    assert out.returncode == 1
    assert out.stdout.startswith("<stdin>:1:1 error dismissive dismissive.calm_down")


def test_tone_missing_file_is_a_usage_error(tmp_path):
    out = run("tone", str(tmp_path / "missing.txt"))
    assert out.returncode == 2 and "no such file" in out.stderr
