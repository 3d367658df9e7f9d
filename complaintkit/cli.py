"""The ``complaintkit`` command line: parses arguments and calls the library.

Exit codes: 0 success, 1 findings (for checks), 2 usage or input error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .errors import ComplaintkitError, DataFormatError


class InputFileError(DataFormatError):
    """A file named on the command line is missing or unreadable."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="complaintkit", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="classify a few example complaints with the shipped model")
    train = commands.add_parser("train", help="rebuild the shipped classifier and its model card from data/")
    train.add_argument("--root", default=".", help="checkout folder holding data/ and models/ (default: .)")
    evaluate = commands.add_parser("evaluate", help="per-label precision/recall/F1 on a labelled file")
    evaluate.add_argument("--data", required=True, help="CSV or JSONL with 'text' and 'labels' columns")
    evaluate.add_argument("--model", help="a saved model file (default: the shipped model)")
    evaluate.add_argument("--trusted", action="store_true", help="allow loading a model file you made")
    evaluate.add_argument("--format", choices=("text", "json"), default="text")
    tone = commands.add_parser("tone", help="check reply drafts for phrasing that makes complaints worse")
    tone.add_argument("files", nargs="+", metavar="FILE", help="text files to check, or - for standard input")
    tone.add_argument("--format", choices=("text", "json"), default="text")
    tone.add_argument("--fail-on", choices=("info", "warning", "error", "never"), default="warning",
                      help="exit 1 when a flag reaches this severity (default: warning)")
    tone.add_argument("--disable", action="append", default=[], metavar="RULE",
                      help="rule id or prefix to switch off (repeatable)")
    tone.add_argument("--rules", action="append", default=[], metavar="FILE", help="extra rule pack (repeatable)")
    tone.add_argument("--no-model", action="store_true", help="rules only, no sentence model")
    commands.add_parser("train-tone", help="rebuild the tone sentence model and its card from data/tone")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except ComplaintkitError as err:
        print(f"complaintkit: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("complaintkit: interrupted", file=sys.stderr)
        return 130


def _run(args: argparse.Namespace) -> int:
    if args.command == "demo":
        from .demo import run_demo

        run_demo()
        return 0
    if args.command == "train":
        from .classify.training import train_default

        train_default(Path(args.root))
        return 0
    if args.command == "evaluate":
        from .classify import load_model
        from .classify.dataset import read_labelled
        from .classify.evaluation import evaluate, format_report

        model = load_model(args.model, trusted=args.trusted)
        report = evaluate(model, read_labelled(args.data))
        print(json.dumps(report, indent=2) if args.format == "json" else format_report(report))
        return 0
    if args.command == "train-tone":
        from .tone.training import train_tone_model

        train_tone_model(Path("."))
        return 0
    if args.command == "tone":
        return _tone(args)
    raise AssertionError(f"unhandled command {args.command}")


_SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2, "never": 3}


def _tone(args: argparse.Namespace) -> int:
    from .tone import ToneChecker

    sources = [(name, _read_input(name)) for name in args.files]
    checker = ToneChecker(disable=args.disable, extra_rules=args.rules or None,
                          model=None if args.no_model else "default")
    reports = checker.check_many([text for _, text in sources])
    worst = -1
    payload = []
    for (name, text), report in zip(sources, reports, strict=True):
        label = "<stdin>" if name == "-" else name
        for flag in report.flags:
            worst = max(worst, _SEVERITY_RANK[flag.severity])
            if args.format == "text":
                line, col = _line_col(text, flag.start)
                print(f"{label}:{line}:{col} {flag.severity} {flag.kind} {flag.rule_id} {flag.message}")
        payload.append({"file": label, **report.to_dict()})
    if args.format == "json":
        print(json.dumps(payload if len(payload) > 1 else payload[0], ensure_ascii=False, indent=2))
    return 1 if worst >= _SEVERITY_RANK[args.fail_on] else 0


def _read_input(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    path = Path(name)
    if not path.is_file():
        raise InputFileError(f"no such file: {name}")
    return path.read_text(encoding="utf-8", errors="replace")


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
