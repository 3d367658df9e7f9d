"""The ``complaintkit`` command line: parses arguments and calls the library.

Exit codes: 0 success, 1 findings (for checks), 2 usage or input error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .errors import ComplaintkitError


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
    raise AssertionError(f"unhandled command {args.command}")
