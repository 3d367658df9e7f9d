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
