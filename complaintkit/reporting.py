"""An HTML report a manager can open: what customers complain about, and how agents answer.

:func:`report` takes a DataFrame of complaints (analysed or not), computes the
numbers (:func:`summarize`), draws charts with matplotlib (the optional ``plot``
extra) and writes one self-contained HTML file with the charts embedded as PNG
data URIs. The returned :class:`Report` also renders in a notebook.
"""

from __future__ import annotations

import base64
import datetime as _dt
import html
import io
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._io import write_text_atomic
from .errors import DataFormatError, TextTypeError, describe
from .frame import CLASSIFY_COLUMNS, analyze_frame, as_frame, tone_columns, with_inputs

#: Section ids, in page order; the tone and over-time sections appear only with replies or dates.
SECTIONS = ("overview", "categories", "escalation", "tone", "over-time", "examples")
PLOT_HINT = "Charts need matplotlib: pip install 'complaintkit[plot]'."
_EXAMPLE_CHARS = 280
_TOP_SERIES = 6  # categories drawn over time; the rest are summed as "other"
_BLUE, _ORANGE, _GREY = "#2f6690", "#d9822b", "#8a8a8a"


@dataclass(frozen=True)
class Report:
    """A rendered report: the standalone HTML, its notebook fragment, and the numbers in it.

    ``summary`` holds every number the report shows (JSON-safe); ``images`` names
    the embedded charts; ``path`` is where the HTML was written, if anywhere.
    """

    html: str
    fragment: str
    summary: dict[str, Any]
    images: tuple[str, ...] = ()
    path: Path | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def _repr_html_(self) -> str:
        return self.fragment

    def save(self, path: str | Path) -> Path:
        """Write the standalone HTML to ``path`` atomically."""
        return write_text_atomic(path, self.html)

    def to_dict(self) -> dict[str, Any]:
        return {"path": str(self.path) if self.path else None, "summary": self.summary,
                "images": list(self.images), "notes": list(self.notes)}


def report(
    data: pd.DataFrame,
    *,
    date: Hashable | None = None,
    out: str | Path | None = "report.html",
    text: Hashable = "complaint",
    reply: Hashable | None = None,
    title: str = "Complaint report",
    examples: int = 3,
    n_jobs: int = 1,
    progress: bool | None = None,
) -> Report:
    """Build an HTML report of complaint categories, escalation, reply tone and trends.

    Parameters
    ----------
    data : pandas.DataFrame
        Either raw complaints (a ``text`` column, optionally ``reply`` and a date)
        which are analysed first, or a frame that already holds the columns of
        :func:`complaintkit.analyze_frame` (joined to the texts, for examples).
    date : column name, optional
        A column of dates; adds categories over time.
    out : path or None
        Where to write the HTML file (atomically); None writes nothing.
    text : column name
        The complaint texts, analysed when needed and quoted as examples.
    reply : column name, optional
        Agent replies; adds the tone section. Ignored when the frame already has
        tone columns.
    title : str
        The page heading.
    examples : int
        Example texts per category.
    n_jobs, progress
        As for :func:`complaintkit.analyze_frame`, used when ``data`` needs analysing.

    Returns
    -------
    Report
        ``report.html`` the document, ``report.summary`` the numbers; shows
        itself in a notebook.

    Examples
    --------
    >>> import pandas as pd, complaintkit as ck
    >>> df = pd.DataFrame({"complaint": ["you charged me twice", "my parcel never came"],
    ...                    "reply": ["Calm down.", "Sorry, I've sent a new one today."]})
    >>> result = ck.report(df, reply="reply", out=None)
    >>> result.summary["rows"]
    2
    >>> ck.report(df, reply="reply", date=None, out="report.html")  # doctest: +SKIP
    """
    if not isinstance(data, pd.DataFrame):
        raise TextTypeError(f"report expects a pandas DataFrame, got {describe(data)}")
    if isinstance(examples, bool) or not isinstance(examples, int) or examples < 0:
        raise DataFormatError(f"examples must be a non-negative int, got {describe(examples)}")
    frame = _analysed(data, text=text, reply=reply, n_jobs=n_jobs, progress=progress)
    texts = frame[text] if text in frame.columns else None
    dates = _dates(frame, date)
    summary = summarize(frame, dates=dates, texts=texts, examples=examples)
    charts, notes = _charts(summary)
    fragment = _fragment(summary, charts, title=title, notes=notes)
    document = _document(fragment, title=title)
    path = write_text_atomic(out, document) if out is not None else None
    return Report(html=document, fragment=fragment, summary=summary, images=tuple(charts), path=path,
                  notes=tuple(notes))


# -- the numbers -------------------------------------------------------------------------


def summarize(
    frame: pd.DataFrame,
    *,
    dates: pd.Series | None = None,
    texts: pd.Series | None = None,
    examples: int = 3,
) -> dict[str, Any]:
    """Every number the report shows, from an analysed frame (JSON-safe).

    Examples
    --------
    >>> import pandas as pd, complaintkit as ck
    >>> from complaintkit.reporting import summarize
    >>> summarize(ck.analyze_frame(pd.DataFrame({"complaint": ["charged twice"]})))["complaints"]
    1
    """
    missing = [c for c in CLASSIFY_COLUMNS if c not in frame.columns]
    if missing:
        raise DataFormatError(f"expected the columns of analyze_frame; missing {missing}")
    frame = _normalized(frame)
    rows = len(frame)
    complaint = frame["is_complaint"].to_numpy(dtype=bool)
    complaints = int(complaint.sum())
    summary: dict[str, Any] = {
        "generated": _dt.datetime.now().replace(microsecond=0).isoformat(sep=" "),
        "rows": rows,
        "complaints": complaints,
        "complaint_rate": _ratio(complaints, rows),
        "errors": int(frame["error"].notna().sum()) if "error" in frame.columns else 0,
        "escalated": int(sum(bool(kinds) for kinds in frame["escalation"])),
    }
    summary["escalation_rate"] = _ratio(summary["escalated"], complaints)
    summary["categories"] = _category_table(frame, complaints)
    summary["escalation"] = _escalation_table(frame, complaints, rows)
    summary["tone"] = _tone_summary(frame) if "tone_score" in frame.columns else None
    summary["over_time"] = _over_time(frame, dates) if dates is not None else None
    summary["examples"] = _examples(frame, texts, examples) if texts is not None and examples else {}
    return summary


def _normalized(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns as analyze_frame makes them, also when read back from CSV, JSONL or Parquet."""
    out = pd.DataFrame(index=frame.index)
    out["category"] = frame["category"].map(lambda v: v if isinstance(v, str) and v else None).astype(object)
    for name in ("categories", "escalation", *(c for c in ("tone_flags", "tone_missing") if c in frame.columns)):
        out[name] = pd.Series([_as_list(v) for v in frame[name]], index=frame.index, dtype=object)
    out["is_complaint"] = frame["is_complaint"].map(_as_bool).astype(bool)
    out["complaint_score"] = pd.to_numeric(frame["complaint_score"], errors="coerce").fillna(0.0)
    for name in frame.columns:
        if isinstance(name, str) and name.startswith("score_"):
            out[name] = pd.to_numeric(frame[name], errors="coerce")
    if "tone_score" in frame.columns:
        out["tone_score"] = pd.to_numeric(frame["tone_score"], errors="coerce").astype("Float64")
        out["tone_ok"] = frame["tone_ok"].map(lambda v: pd.NA if _missing(v) else _as_bool(v)).astype("boolean")
    if "error" in frame.columns:
        out["error"] = frame["error"].map(lambda v: None if _missing(v) or v == "" else str(v))
    return out


def _category_table(frame: pd.DataFrame, complaints: int) -> list[dict[str, Any]]:
    from .classify.taxonomy import CATEGORIES

    exploded = frame["categories"].explode().dropna()
    found = list(dict.fromkeys(exploded.tolist()))
    names = [c for c in CATEGORIES if c in found] + [c for c in found if c not in CATEGORIES]
    names += [c for c in CATEGORIES if c not in names]  # zero rows still shows the category
    escalated = frame["escalation"].map(bool)
    has_tone = "tone_score" in frame.columns
    table = []
    for name in names:
        member = frame["categories"].map(lambda labels, name=name: name in labels)
        count = int(member.sum())
        row: dict[str, Any] = {
            "category": name,
            "description": CATEGORIES.get(name, ""),
            "rows": count,
            "share": _ratio(count, complaints),
            "top": int((frame["category"] == name).sum()),
            "escalation_rate": _ratio(int((member & escalated).sum()), count),
        }
        if has_tone:
            scores = frame.loc[member, "tone_score"].dropna()
            row["replies"] = len(scores)
            row["mean_tone"] = round(float(scores.mean()), 1) if len(scores) else None
        table.append(row)
    table.sort(key=lambda r: (-r["rows"], names.index(r["category"])))
    return table


def _escalation_table(frame: pd.DataFrame, complaints: int, rows: int) -> list[dict[str, Any]]:
    from .classify.escalation import SIGNAL_KINDS

    counts = frame["escalation"].explode().dropna().value_counts()
    kinds = list(SIGNAL_KINDS) + [k for k in counts.index if k not in SIGNAL_KINDS]
    table = [
        {"kind": kind, "rows": int(counts.get(kind, 0)), "rate": _ratio(int(counts.get(kind, 0)), complaints),
         "rate_all": _ratio(int(counts.get(kind, 0)), rows)}
        for kind in kinds
    ]
    return sorted(table, key=lambda r: -r["rows"])  # stable: ties keep SIGNAL_KINDS order


def _tone_summary(frame: pd.DataFrame) -> dict[str, Any] | None:
    answered = frame["tone_score"].notna()
    replies = int(answered.sum())
    if not replies:
        return None
    scores = frame.loc[answered, "tone_score"].astype(float)
    flags = frame.loc[answered, "tone_flags"].explode().dropna().value_counts()
    moves = frame.loc[answered, "tone_missing"].explode().dropna().value_counts()
    histogram, edges = np.histogram(scores.to_numpy(), bins=10, range=(0, 100))
    ok = frame.loc[answered, "tone_ok"].fillna(False).astype(bool)
    return {
        "replies": replies,
        "mean": round(float(scores.mean()), 1),
        "median": float(scores.median()),
        "ok_rate": _ratio(int(ok.sum()), replies),
        "histogram": {"counts": histogram.tolist(), "edges": edges.tolist()},
        "flags": [{"kind": str(k), "replies": int(v), "share": _ratio(int(v), replies)} for k, v in flags.items()],
        "missing": [{"move": str(k), "replies": int(v), "share": _ratio(int(v), replies)} for k, v in moves.items()],
    }


def _dates(frame: pd.DataFrame, date: Hashable | None) -> pd.Series | None:
    if date is None:
        return None
    if date not in frame.columns:
        raise DataFormatError(f"expected a date column {date!r}; the frame has columns {list(frame.columns)}")
    parsed = pd.to_datetime(frame[date], errors="coerce", utc=True, format="mixed")
    return parsed.dt.tz_localize(None)


def _over_time(frame: pd.DataFrame, dates: pd.Series) -> dict[str, Any] | None:
    known = dates.notna() & frame["is_complaint"]
    if not known.any():
        return None
    when = dates[known]
    freq, label = _period(when)
    periods = when.dt.to_period(freq)
    categories = frame.loc[known, "category"].fillna("(none)")
    counts = pd.crosstab(periods, categories).sort_index()
    full = pd.period_range(counts.index.min(), counts.index.max(), freq=freq)
    counts = counts.reindex(full, fill_value=0)
    order = counts.sum().sort_values(ascending=False, kind="stable").index.tolist()
    top = [c for c in order if c != "(none)"][:_TOP_SERIES]
    series = {c: counts[c].astype(int).tolist() for c in top}
    rest = [c for c in counts.columns if c not in top]
    if rest:
        series["other"] = counts[rest].sum(axis=1).astype(int).tolist()
    rows = dates.dropna().dt.to_period(freq).value_counts().reindex(full, fill_value=0)
    return {
        "period": label,
        "labels": [_period_label(p, label) for p in full],
        "series": series,
        "complaint_rate": [_ratio(int(c), int(t)) for c, t in zip(counts.sum(axis=1), rows, strict=True)],
        "undated": int((dates.isna() & frame["is_complaint"]).sum()),
    }


def _period(when: pd.Series) -> tuple[str, str]:
    """The finest of day/week/month/quarter/year with about five or more complaints per period."""
    first, last = when.min(), when.max()
    choices = (("D", "day"), ("W", "week"), ("M", "month"), ("Q", "quarter"), ("Y", "year"))
    for freq, label in choices:
        periods = len(pd.period_range(first.to_period(freq), last.to_period(freq), freq=freq))
        if periods <= 60 and len(when) / periods >= 5:
            return freq, label
    return choices[-1]


def _period_label(period: pd.Period, label: str) -> str:
    if label == "day":
        return period.strftime("%d %b %Y")
    if label == "week":
        return "w/c " + period.start_time.strftime("%d %b %Y")
    if label == "month":
        return period.strftime("%b %Y")
    if label == "quarter":
        return f"Q{period.quarter} {period.year}"
    return str(period.year)


def _examples(frame: pd.DataFrame, texts: pd.Series, per_category: int) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    usable = texts.map(lambda t: isinstance(t, str) and bool(t.strip()))
    for row in _category_table(frame, 1):
        name = row["category"]
        member = usable & frame["categories"].map(lambda labels, name=name: name in labels)
        if not member.any():
            continue
        rank = frame.loc[member, f"score_{name}"] if f"score_{name}" in frame.columns else frame.loc[
            member, "complaint_score"]
        primary = (frame.loc[member, "category"] == name).astype(int)
        order = pd.DataFrame({"primary": primary, "rank": rank}).sort_values(
            ["primary", "rank"], ascending=False, kind="stable").index
        chosen: list[str] = []
        for text in texts.loc[order]:
            clipped = _clip(text)
            if clipped not in chosen:
                chosen.append(clipped)
            if len(chosen) == per_category:
                break
        out[name] = chosen
    return out


# -- pictures --------------------------------------------------------------------------


def _charts(summary: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    """Chart name -> base64 PNG; and notes for the reader when charts cannot be drawn."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        return {}, [PLOT_HINT]
    charts: dict[str, str] = {}
    categories = [r for r in summary["categories"] if r["rows"]]
    if categories:
        charts["categories"] = _png(_barh(Figure, [r["category"] for r in categories],
                                          [r["rows"] for r in categories], "Complaints per category",
                                          "complaints mentioning the category (a complaint may have several)",
                                          [f"{r['rows']:,} ({r['share']:.0%})" for r in categories]))
    kinds = summary["escalation"]
    if summary["complaints"]:
        charts["escalation"] = _png(_barh(Figure, [r["kind"] for r in kinds], [100 * r["rate"] for r in kinds],
                                          "Escalation signals", "% of complaints",
                                          [str(r["rows"]) for r in kinds], color=_ORANGE))
    tone = summary["tone"]
    if tone:
        charts["tone_scores"] = _png(_histogram(Figure, tone))
        if tone["flags"]:
            flags = tone["flags"][:10]
            charts["tone_flags"] = _png(_barh(Figure, [f["kind"] for f in flags],
                                              [100 * f["share"] for f in flags], "Most frequent tone flags",
                                              "% of replies", [str(f["replies"]) for f in flags], color=_ORANGE))
    if summary["over_time"]:
        charts["over_time"] = _png(_stacked(Figure, summary["over_time"]))
    return charts, []


def _barh(figure_type: Any, labels: list[str], values: list[float], title: str, xlabel: str,
          notes: list[str], color: str = _BLUE) -> Any:
    fig = figure_type(figsize=(7.5, 0.42 * len(labels) + 1.4), dpi=110, layout="constrained")
    ax = fig.subplots()
    positions = np.arange(len(labels))
    ax.barh(positions, values, color=color)
    ax.set_yticks(positions, labels=labels)
    ax.invert_yaxis()  # biggest on top
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    ax.set_xlabel(xlabel)
    top = max(values) if values and max(values) > 0 else 1
    ax.set_xlim(0, top * 1.15)
    for y, value, note in zip(positions, values, notes, strict=True):
        ax.text(value + top * 0.01, y, note, va="center", fontsize=9, color="#333333")
    _tidy(ax)
    return fig


def _histogram(figure_type: Any, tone: dict[str, Any]) -> Any:
    from matplotlib.ticker import MaxNLocator

    fig = figure_type(figsize=(7.5, 3.2), dpi=110, layout="constrained")
    ax = fig.subplots()
    edges = tone["histogram"]["edges"]
    ax.bar(edges[:-1], tone["histogram"]["counts"], width=np.diff(edges), align="edge", color=_BLUE,
           edgecolor="white")
    ax.axvline(tone["mean"], color=_ORANGE, linewidth=2, label=f"mean {tone['mean']:.0f}")
    ax.set_xlim(0, 100)
    ax.set_title("Tone score of replies (0 = makes things worse, 100 = model reply)", loc="left",
                 fontsize=12, fontweight="bold")
    ax.set_xlabel("tone score")
    ax.set_ylabel("replies")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(frameon=False)
    _tidy(ax, grid="y")
    return fig


def _stacked(figure_type: Any, over_time: dict[str, Any]) -> Any:
    from matplotlib.ticker import MaxNLocator, StrMethodFormatter

    labels = over_time["labels"]
    fig = figure_type(figsize=(7.5, 3.9), dpi=110, layout="constrained")
    ax = fig.subplots()
    positions = np.arange(len(labels))
    bottom = np.zeros(len(labels))
    palette = ["#2f6690", "#d9822b", "#3a7d44", "#9d4edd", "#c1121f", "#118ab2"]
    for i, (name, counts) in enumerate(over_time["series"].items()):
        ax.bar(positions, counts, bottom=bottom, label=name, width=0.75,
               color="#b9b9b9" if name == "other" else palette[i % len(palette)])
        bottom += np.asarray(counts, dtype=float)
    step = max(1, -(-len(labels) // 16))  # at most 16 labels, so they stay readable
    ax.set_xticks(positions[::step], labels=labels[::step], rotation=0 if len(labels) <= 8 else 45,
                  ha="center" if len(labels) <= 8 else "right")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.set_title(f"Complaints per {over_time['period']}, by top category", loc="left", fontsize=12,
                 fontweight="bold")
    ax.set_ylabel("complaints")
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), reverse=True)
    _tidy(ax, grid="y")
    return fig


def _tidy(ax: Any, grid: str = "x") -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis=grid, alpha=0.3)
    ax.set_axisbelow(True)


def _png(fig: Any) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return base64.b64encode(buffer.getvalue()).decode("ascii")


# -- HTML ------------------------------------------------------------------------------


_CSS = """
.ck-report{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;max-width:960px;
margin:0 auto;line-height:1.45}
.ck-report h1{font-size:1.6em;margin:.2em 0}.ck-report h2{font-size:1.25em;margin-top:1.6em;
border-bottom:1px solid #ddd;padding-bottom:.2em}
.ck-report .meta{color:#666;font-size:.9em}
.ck-report .cards{display:flex;flex-wrap:wrap;gap:.8em;margin:1em 0}
.ck-report .card{background:#f4f6f8;border-radius:8px;padding:.6em 1em;min-width:9em}
.ck-report .card b{display:block;font-size:1.5em}
.ck-report table{border-collapse:collapse;margin:.8em 0;font-size:.92em}
.ck-report th,.ck-report td{padding:.3em .7em;border-bottom:1px solid #e3e3e3;text-align:left;vertical-align:top}
.ck-report td.n{text-align:right;font-variant-numeric:tabular-nums}
.ck-report img{max-width:100%;height:auto;display:block;margin:.5em 0}
.ck-report blockquote{margin:.4em 0;padding:.4em .8em;border-left:3px solid #2f6690;background:#f7f9fb}
.ck-report .note{color:#8a5a00;background:#fff6e0;padding:.4em .8em;border-radius:6px}
"""


def _fragment(summary: dict[str, Any], charts: dict[str, str], *, title: str, notes: list[str]) -> str:
    parts = [f'<div class="ck-report"><style>{_CSS}</style>', f"<h1>{_e(title)}</h1>",
             f'<p class="meta">Generated {summary["generated"]} by complaintkit from {summary["rows"]:,} rows.</p>']
    parts += [f'<p class="note">{_e(note)}</p>' for note in notes]
    parts.append(_overview(summary))
    parts.append(_section("categories", "What customers complain about", _chart(charts, "categories",
                 "Bar chart of complaints per category"), _categories_html(summary)))
    parts.append(_section("escalation", "Escalation", _chart(charts, "escalation",
                 "Bar chart of escalation signal rates"), _escalation_html(summary)))
    if summary["tone"]:
        parts.append(_section("tone", "How agents answer", _chart(charts, "tone_scores",
                     "Histogram of reply tone scores"), _chart(charts, "tone_flags",
                     "Bar chart of the most frequent tone flags"), _tone_html(summary["tone"])))
    if summary["over_time"]:
        parts.append(_section("over-time", "Categories over time", _chart(charts, "over_time",
                     "Stacked bar chart of complaints per period by top category"), _time_html(summary["over_time"])))
    if summary["examples"]:
        parts.append(_section("examples", "Examples per category", _examples_html(summary["examples"])))
    parts.append("</div>")
    return "\n".join(parts)


def _document(fragment: str, *, title: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title></head>\n<body>\n{fragment}\n</body></html>\n")


def _overview(summary: dict[str, Any]) -> str:
    cards = [("rows", f"{summary['rows']:,}"), ("complaints", f"{summary['complaints']:,}"),
             ("complaint rate", f"{summary['complaint_rate']:.0%}"),
             ("complaints escalated", f"{summary['escalation_rate']:.0%}")]
    if summary["tone"]:
        cards += [("replies checked", f"{summary['tone']['replies']:,}"),
                  ("mean tone score", f"{summary['tone']['mean']:.0f}"),
                  ("replies without problems", f"{summary['tone']['ok_rate']:.0%}")]
    if summary["errors"]:
        cards.append(("rows not analysed", f"{summary['errors']:,}"))
    body = "".join(f'<div class="card"><b>{value}</b>{_e(label)}</div>' for label, value in cards)
    return _section("overview", "Overview", f'<div class="cards">{body}</div>')


def _categories_html(summary: dict[str, Any]) -> str:
    has_tone = bool(summary["tone"])
    head = ["category", "covers", "complaints", "share of complaints", "as top category", "escalated"]
    head += ["replies", "mean tone"] if has_tone else []
    rows = []
    for r in summary["categories"]:
        cells = [_e(r["category"]), _e(r["description"]), _n(r["rows"]), _n(f"{r['share']:.1%}"), _n(r["top"]),
                 _n(f"{r['escalation_rate']:.0%}" if r["rows"] else "\u2013")]
        if has_tone:
            cells += [_n(r["replies"]), _n("\u2013" if r["mean_tone"] is None else f"{r['mean_tone']:.0f}")]
        rows.append(cells)
    note = ('<p class="meta">A complaint can belong to several categories, so shares add up to more than '
            "100%.</p>")
    return _table(head, rows) + note


def _escalation_html(summary: dict[str, Any]) -> str:
    rows = [[_e(r["kind"]), _n(r["rows"]), _n(f"{r['rate']:.1%}"), _n(f"{r['rate_all']:.1%}")]
            for r in summary["escalation"]]
    return _table(["signal", "rows", "of complaints", "of all rows"], rows)


def _tone_html(tone: dict[str, Any]) -> str:
    flags = _table(["flag", "replies", "share of replies"],
                   [[_e(f["kind"]), _n(f["replies"]), _n(f"{f['share']:.1%}")] for f in tone["flags"]]) \
        if tone["flags"] else "<p>No reply was flagged.</p>"
    moves = _table(["missing move", "replies", "share of replies"],
                   [[_e(m["move"]), _n(m["replies"]), _n(f"{m['share']:.1%}")] for m in tone["missing"]]) \
        if tone["missing"] else ""
    stats = (f"<p>{tone['replies']:,} replies; mean tone score {tone['mean']:.0f}, median {tone['median']:.0f}; "
             f"{tone['ok_rate']:.0%} have no warning or error flag.</p>")
    return stats + "<h3>Most frequent flags</h3>" + flags + ("<h3>What replies leave out</h3>" + moves if moves
                                                               else "")


def _time_html(over_time: dict[str, Any]) -> str:
    totals = np.sum([counts for counts in over_time["series"].values()], axis=0).tolist()
    rows = [[_e(label), _n(int(total)), _n(f"{rate:.0%}")]
            for label, total, rate in zip(over_time["labels"], totals, over_time["complaint_rate"], strict=True)]
    note = f"<p class=\"meta\">One bar per {over_time['period']}; complaints only, by their top category."
    if over_time["undated"]:
        note += f" {over_time['undated']:,} complaints without a readable date are left out."
    return _table([over_time["period"], "complaints", "complaint rate"], rows) + note + "</p>"


def _examples_html(examples: dict[str, list[str]]) -> str:
    parts = []
    for category, texts in examples.items():
        parts.append(f"<h3>{_e(category)}</h3>")
        parts += [f"<blockquote>{_e(text)}</blockquote>" for text in texts]
    return "".join(parts)


def _section(section_id: str, heading: str, *body: str) -> str:
    return f'<section id="{section_id}"><h2>{_e(heading)}</h2>{"".join(body)}</section>'


def _chart(charts: dict[str, str], name: str, alt: str) -> str:
    if name not in charts:
        return ""
    return f'<img alt="{_e(alt)}" src="data:image/png;base64,{charts[name]}">'


def _table(head: Sequence[str], rows: list[list[str]]) -> str:
    header = "".join(f"<th>{_e(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(c if c.startswith("<td") else f"<td>{c}</td>" for c in row) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"


def _n(value: Any) -> str:
    return f'<td class="n">{_e(value)}</td>'


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


# -- small helpers ---------------------------------------------------------------------


def _analysed(data: pd.DataFrame, *, text: Hashable, reply: Hashable | None, n_jobs: int,
              progress: bool | None) -> pd.DataFrame:
    if all(c in data.columns for c in CLASSIFY_COLUMNS):
        frame = data
    else:
        if text not in data.columns:
            raise DataFormatError(
                f"expected a column {text!r} with complaint texts, or the columns of analyze_frame; "
                f"the frame has {list(data.columns)}"
            )
        result = analyze_frame(data, text=text, reply=reply, n_jobs=n_jobs, progress=progress, errors="coerce")
        return with_inputs(data, result)
    if reply is not None and "tone_score" not in frame.columns:
        if reply not in frame.columns:
            raise DataFormatError(f"expected a reply column {reply!r}; the frame has {list(frame.columns)}")
        tone = tone_columns(frame[reply], name=reply, n_jobs=n_jobs, progress=progress, errors="coerce")
        frame = with_inputs(frame, as_frame(tone, frame.index))
    return frame


def _as_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, (tuple, np.ndarray)):
        return [str(v) for v in value]
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.startswith("["):
            import json

            try:
                return [str(v) for v in json.loads(stripped)]
            except ValueError:
                pass
        return [part.strip() for part in stripped.replace("|", ";").split(";") if part.strip()]
    return []


def _as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value) and not _missing(value)


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and value != value


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _EXAMPLE_CHARS else text[: _EXAMPLE_CHARS - 1].rstrip() + "…"
