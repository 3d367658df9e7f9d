"""The ``complaintkit`` command line: parses arguments and calls the library.

Exit codes: 0 success, 1 findings (for checks), 2 usage or input error,
130 interrupted (Ctrl-C, SIGINT), 143 terminated (SIGTERM). An interrupted
command leaves no half-written output file behind.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ComplaintkitError, DataFormatError

if TYPE_CHECKING:
    from .results import ToneFlag
    from .tone import ToneChecker


class InputFileError(DataFormatError):
    """A file named on the command line is missing or unreadable."""


class Terminated(KeyboardInterrupt):
    """SIGTERM as an exception, so ``finally`` blocks remove temporary files as for Ctrl-C.

    A ``KeyboardInterrupt`` subclass, so joblib stops its workers for it too.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


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

    classify = commands.add_parser("classify", help="add categories, complaint flags, escalation (and tone) "
                                   "columns to a CSV, JSONL or Parquet file")
    classify.add_argument("input", metavar="IN", help="a .csv, .jsonl or .parquet file; never modified")
    classify.add_argument("-o", "--output", required=True, metavar="OUT",
                          help="the file to write (.csv, .jsonl or .parquet), written atomically")
    classify.add_argument("--text-col", default="complaint", metavar="COL",
                          help="column of complaint texts (default: complaint)")
    classify.add_argument("--reply-col", metavar="COL", help="column of agent replies: adds tone columns")
    classify.add_argument("--scores", action="store_true", help="add a score_<category> column per category")
    classify.add_argument("--errors", choices=("raise", "coerce"), default="raise",
                          help="a row without text: stop (raise, default) or mark it in an 'error' column")
    classify.add_argument("--n-jobs", type=int, default=1, metavar="N", help="processes (-1: all cores)")
    classify.add_argument("--batch-size", type=int, default=2048, metavar="N")
    classify.add_argument("-q", "--quiet", action="store_true", help="no status lines and no progress bar")

    tone = commands.add_parser("tone", help="check reply drafts for phrasing that makes complaints worse")
    tone.add_argument("files", nargs="+", metavar="FILE", help="text files to check, or - for standard input")
    tone.add_argument("--format", choices=("text", "json"), default="text")
    _add_check_options(tone)

    lint = commands.add_parser("lint-templates", help="check a folder of canned-response templates "
                               f"({', '.join(TEMPLATE_SUFFIXES)}); placeholders and tags are skipped")
    lint.add_argument("paths", nargs="+", metavar="PATH", help="folders (searched recursively) or template files")
    lint.add_argument("--baseline", metavar="FILE",
                      help="findings recorded earlier: a missing FILE records today's, later runs fail on new ones")
    lint.add_argument("--update-baseline", action="store_true", help="rewrite --baseline with today's findings")
    lint.add_argument("--format", choices=("text", "json"), default="text")
    _add_check_options(lint)

    rewrite = commands.add_parser("rewrite", help="rewrite a reply draft: drop what flags, acknowledge and own")
    rewrite.add_argument("draft", metavar="FILE", help="the draft, or - for standard input")
    rewrite.add_argument("--complaint", metavar="FILE", help="the customer's message, to tailor the opening")
    rewrite.add_argument("--format", choices=("text", "json"), default="text")

    review = commands.add_parser("review", help="judge a reply draft against the complaint it answers")
    review.add_argument("--complaint", required=True, metavar="FILE", help="the customer's message (- for stdin)")
    review.add_argument("--draft", required=True, metavar="FILE", help="the agent's reply draft")
    review.add_argument("--format", choices=("text", "json"), default="text")

    report = commands.add_parser("report", help="write an HTML report of categories, escalation and tone")
    report.add_argument("input", metavar="IN", help="a .csv, .jsonl or .parquet file, analysed or not")
    report.add_argument("-o", "--output", default="report.html", metavar="OUT", help="default: report.html")
    report.add_argument("--text-col", default="complaint", metavar="COL")
    report.add_argument("--reply-col", metavar="COL", help="column of agent replies: adds the tone section")
    report.add_argument("--date-col", metavar="COL", help="column of dates: adds categories over time")
    report.add_argument("--title", default="Complaint report")
    report.add_argument("--n-jobs", type=int, default=1, metavar="N")

    commands.add_parser("train-tone", help="rebuild the tone sentence model and its card from data/tone")
    return parser


def _add_check_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--fail-on", choices=("info", "warning", "error", "never"), default="warning",
                         help="exit 1 when a flag reaches this severity (default: warning)")
    command.add_argument("--disable", action="append", default=[], metavar="RULE",
                         help="rule id or prefix to switch off (repeatable)")
    command.add_argument("--rules", action="append", default=[], metavar="FILE", help="extra rule pack (repeatable)")
    command.add_argument("--no-model", action="store_true", help="rules only, no sentence model")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        with _sigterm_as_exception():
            return _run(args)
    except ComplaintkitError as err:
        print(f"complaintkit: error: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `complaintkit ... | head`: the reader left; say nothing more
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 128 + signal.SIGPIPE
    except KeyboardInterrupt as stop:
        signum = getattr(stop, "signum", signal.SIGINT)
        print(f"complaintkit: {'terminated' if signum == signal.SIGTERM else 'interrupted'}", file=sys.stderr)
        return 128 + int(signum)


@contextmanager
def _sigterm_as_exception() -> Iterator[None]:
    """Turn SIGTERM into :class:`Terminated` while a command runs (main thread only)."""
    def stop(signum: int, frame: object) -> None:
        raise Terminated(signum)

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


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
    commands = {"tone": _tone, "classify": _classify, "lint-templates": _lint_templates, "rewrite": _rewrite,
                "review": _review, "report": _report}
    if args.command in commands:
        return commands[args.command](args)
    raise AssertionError(f"unhandled command {args.command}")


_SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2, "never": 3}


# -- tone ------------------------------------------------------------------------------


def _tone(args: argparse.Namespace) -> int:
    sources = [(name, _read_input(name)) for name in args.files]
    reports = _checker(args).check_many([text for _, text in sources])
    worst = -1
    payload = []
    for (name, text), report in zip(sources, reports, strict=True):
        label = "<stdin>" if name == "-" else name
        for flag in report.flags:
            worst = max(worst, _SEVERITY_RANK[flag.severity])
            if args.format == "text":
                print(_finding_line(label, text, flag))
        payload.append({"file": label, **report.to_dict()})
    if args.format == "json":
        print(json.dumps(payload if len(payload) > 1 else payload[0], ensure_ascii=False, indent=2))
    return 1 if worst >= _SEVERITY_RANK[args.fail_on] else 0


def _checker(args: argparse.Namespace) -> ToneChecker:
    from .tone import ToneChecker

    return ToneChecker(disable=args.disable, extra_rules=args.rules or None,
                       model=None if args.no_model else "default")


def _finding_line(label: str, text: str, flag: ToneFlag) -> str:
    line, col = _line_col(text, flag.start)
    return f"{label}:{line}:{col} {flag.severity} {flag.kind} {flag.rule_id} {flag.message}"


# -- classify a file -------------------------------------------------------------------


def _classify(args: argparse.Namespace) -> int:
    from .frame import analyze_frame, read_table, with_inputs, write_table

    source, target = _input_and_output(args.input, args.output)
    frame = read_table(source)
    say = _status(args.quiet)
    say(f"classifying {len(frame):,} rows from {source}")
    result = analyze_frame(frame, text=args.text_col, reply=args.reply_col, scores=args.scores,
                           n_jobs=args.n_jobs, batch_size=args.batch_size, errors=args.errors,
                           progress=False if args.quiet else _stderr_is_terminal())
    write_table(with_inputs(frame, result), target)
    if "error" in result.columns and result["error"].notna().any():
        say(f"{int(result['error'].notna().sum()):,} rows could not be analysed; see their 'error' column")
    say(f"wrote {len(result):,} rows to {target}")
    return 0


def _input_and_output(input_name: str, output_name: str, suffixes: Sequence[str] = ()) -> tuple[Path, Path]:
    """Check both paths before any slow work: IN exists, OUT is not IN and has a known extension."""
    from .frame import TABLE_SUFFIXES

    suffixes = tuple(suffixes) or TABLE_SUFFIXES
    source, target = Path(input_name), Path(output_name)
    if not source.is_file():
        raise InputFileError(f"no such file: {source}")
    same = target.exists() and os.path.samefile(source, target)
    if same or target.resolve() == source.resolve():
        raise InputFileError(f"refusing to overwrite the input {source}; choose another output file with -o")
    if target.is_dir():
        raise InputFileError(f"the output {target} is a folder; name a file")
    if target.suffix.lower() not in suffixes:
        raise InputFileError(f"cannot write {target}: expected an output ending in {', '.join(suffixes)}")
    return source, target


# -- report ----------------------------------------------------------------------------


def _report(args: argparse.Namespace) -> int:
    from .frame import read_table
    from .reporting import report

    source, target = _input_and_output(args.input, args.output, (".html", ".htm"))
    frame = read_table(source)
    result = report(frame, date=args.date_col, out=target, text=args.text_col, reply=args.reply_col,
                    title=args.title, n_jobs=args.n_jobs, progress=_stderr_is_terminal())
    for note in result.notes:
        print(f"complaintkit: note: {note}", file=sys.stderr)
    print(f"complaintkit: wrote the report of {len(frame):,} rows to {target}", file=sys.stderr)
    return 0


# -- rewrite and review ----------------------------------------------------------------


def _rewrite(args: argparse.Namespace) -> int:
    from .tone.rewrite import rewrite

    draft = _read_input(args.draft)
    complaint = _read_input(args.complaint) if args.complaint else None
    result = rewrite(draft, complaint=complaint)
    if args.format == "json":
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print(result.text)
    for item in result.todo:
        print(f"complaintkit: todo: {item}", file=sys.stderr)
    return 0


def _review(args: argparse.Namespace) -> int:
    from .reply_review import review

    if args.complaint == "-" and args.draft == "-":
        raise InputFileError("only one of --complaint and --draft can read standard input")
    result = review(_read_input(args.complaint), _read_input(args.draft))
    if args.format == "json":
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return 0 if result.ok else 1
    complaint = result.complaint
    print(f"complaint: {', '.join(complaint.labels) or 'no category'}"
          + (f"; escalation: {', '.join(complaint.escalation_kinds)}" if complaint.escalation_kinds else ""))
    print(f"tone: score {result.tone.score}" + ("" if result.tone.flags else ", no flags"))
    for flag in result.tone.flags:
        print(_finding_line("draft", result.tone.text, flag))
    for need in result.missing:
        print(f"missing {need.id}: {need.message}")
    print("verdict: " + ("ok" if result.ok else "needs work"))
    print("\nsuggested reply:\n" + result.suggested.text)
    return 0 if result.ok else 1


# -- lint-templates --------------------------------------------------------------------
#
# Canned responses are templates: placeholders and tags ({{name}}, {% if %}) are not
# the agent's words, and the tone checker already skips them. Jinja comments and
# HTML comments are masked with spaces, so offsets (and line:col) stay those of the file.

TEMPLATE_SUFFIXES = (".txt", ".md", ".j2", ".hbs")
BASELINE_VERSION = 1
_TEMPLATE_COMMENTS = re.compile(r"\{#.*?#\}|<!--(?!\s*complaintkit:\s*o(?:n|ff)\b).*?-->", re.DOTALL)
_IGNORE = re.compile(r"complaintkit:\s*ignore\b(?P<rules>[^\n]*?)(?=#\}|-->|--\}\}|\}\}|\*/|$)", re.MULTILINE)
_COMMENT_OPENERS = ("{#", "<!--", "{{!", "#", "//")


def _lint_templates(args: argparse.Namespace) -> int:
    files = _template_files(args.paths)
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in files]
    reports = _checker(args).check_many([_TEMPLATE_COMMENTS.sub(_blank, text) for text in texts])
    findings: list[tuple[Path, str, ToneFlag]] = []
    for path, text, report in zip(files, texts, reports, strict=True):
        ignored = _ignored_lines(text)
        for flag in report.flags:
            line, _ = _line_col(text, flag.start)
            if not _silenced(flag.rule_id, ignored.get(line, ())):
                findings.append((path, text, flag))
    if args.baseline:
        baseline = Path(args.baseline)
        if args.update_baseline or not baseline.exists():
            _write_baseline(baseline, findings, files)
            print(f"complaintkit: recorded {_count(len(findings), 'finding')} in {baseline}; "
                  "later runs fail only on new ones",
                  file=sys.stderr)
            return 0
        findings = _new_findings(baseline, findings, files)
    elif args.update_baseline:
        raise InputFileError("--update-baseline needs --baseline FILE")
    worst = max((_SEVERITY_RANK[flag.severity] for _, _, flag in findings), default=-1)
    if args.format == "json":
        print(json.dumps([{"file": str(path), "line": _line_col(text, flag.start)[0],
                           "column": _line_col(text, flag.start)[1], **flag.to_dict()}
                          for path, text, flag in findings], ensure_ascii=False, indent=2))
    else:
        for path, text, flag in findings:
            print(_finding_line(str(path), text, flag))
    return 1 if worst >= _SEVERITY_RANK[args.fail_on] else 0


def _template_files(paths: Sequence[str]) -> list[Path]:
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEMPLATE_SUFFIXES
                                and not any(part.startswith(".") for part in p.relative_to(path).parts)))
        elif path.is_file():
            files.append(path)  # named explicitly (as pre-commit does): checked whatever its extension
        else:
            raise InputFileError(f"no such file or folder: {name}")
    return list(dict.fromkeys(files))


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group())


def _ignored_lines(text: str) -> dict[int, tuple[str, ...]]:
    """Line number -> rule prefixes silenced there ("" silences every rule).

    ``complaintkit: ignore dismissive, overpromise.guarantee`` inside any comment
    silences its own line; on a line holding only the comment, the next line too.
    """
    ignored: dict[int, tuple[str, ...]] = {}
    for match in _IGNORE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        prefixes = tuple(p for p in re.split(r"[\s,]+", match.group("rules").strip()) if p) or ("",)
        line_start = text.rfind("\n", 0, match.start()) + 1
        lines = [line]
        if text[line_start:match.start()].strip().startswith(_COMMENT_OPENERS):
            lines.append(line + 1)
        for number in lines:
            ignored[number] = ignored.get(number, ()) + prefixes
    return ignored


def _silenced(rule_id: str, prefixes: Sequence[str]) -> bool:
    return any(p == "" or rule_id == p or rule_id.startswith(p.rstrip(".") + ".") for p in prefixes)


def _fingerprint(baseline: Path, path: Path, flag: ToneFlag) -> tuple[str, str, str]:
    """What identifies a finding across edits: file (relative to the baseline), rule and flagged words."""
    return _relative(baseline, path), flag.rule_id, " ".join(flag.text.lower().split())


def _relative(baseline: Path, path: Path) -> str:
    return Path(os.path.relpath(path.resolve(), baseline.resolve().parent)).as_posix()


def _write_baseline(baseline: Path, findings: list[tuple[Path, str, ToneFlag]], checked: Sequence[Path]) -> None:
    """Record ``findings``; entries of files not checked this run (pre-commit passes a few) are kept."""
    from ._io import write_text_atomic

    counts = Counter(_fingerprint(baseline, path, flag) for path, _, flag in findings)
    if baseline.exists():
        seen = {_relative(baseline, path) for path in checked}
        for (file, rule_id, text), count in _read_baseline(baseline).items():
            if file not in seen:
                counts[(file, rule_id, text)] += count
    entries = [{"file": f, "rule_id": r, "text": t, "count": n} for (f, r, t), n in sorted(counts.items())]
    document = {"complaintkit_baseline": BASELINE_VERSION, "findings": entries}
    write_text_atomic(baseline, json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def _read_baseline(baseline: Path) -> Counter[tuple[str, str, str]]:
    try:
        document = json.loads(baseline.read_text(encoding="utf-8"))
        return Counter({(e["file"], e["rule_id"], e["text"]): int(e["count"]) for e in document["findings"]})
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise InputFileError(f"{baseline}: not a complaintkit baseline file ({err}); delete it to record a new one"
                             ) from None


def _new_findings(
    baseline: Path, findings: list[tuple[Path, str, ToneFlag]], checked: Sequence[Path]
) -> list[tuple[Path, str, ToneFlag]]:
    allowed = _read_baseline(baseline)
    fresh = []
    for path, text, flag in findings:
        key = _fingerprint(baseline, path, flag)
        if allowed[key] > 0:
            allowed[key] -= 1
        else:
            fresh.append((path, text, flag))
    seen = {_relative(baseline, path) for path in checked}
    fixed = sum(count for (file, _, _), count in allowed.items() if file in seen)
    if fixed:
        print(f"complaintkit: {_count(fixed, 'finding')} in {baseline} gone; --update-baseline drops them",
              file=sys.stderr)
    return fresh


# -- helpers ---------------------------------------------------------------------------


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


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _status(quiet: bool) -> Callable[[str], None]:
    def say(message: str) -> None:
        if not quiet:
            print(f"complaintkit: {message}", file=sys.stderr, flush=True)

    return say


def _stderr_is_terminal() -> bool:
    from ._progress import stderr_is_terminal

    return stderr_is_terminal()
