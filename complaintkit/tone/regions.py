"""Parts of a reply the tone checker must not judge: quotes and marked regions.

Agents quote customers ("you wrote 'the parcel never came'") and paste
templates; words inside those are not the agent's tone.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_PAIRED_QUOTES = re.compile(
    r"\"[^\"\n]{1,400}\""  # "straight double"
    r"|\u201c[^\u201d\n]{1,400}\u201d"  # “curly double”
    r"|\u2018[^\u2019\n]{1,400}\u2019(?!\w)"  # curly single quotes (not an apostrophe)
    r"|(?<![\w'])'(?!s\b|t\b|re\b|ll\b|ve\b|d\b|m\b)[^'\n]{1,400}'(?![\w'])"  # 'straight single'
)
_MARKED = re.compile(
    r"<!--\s*complaintkit:\s*off\s*-->.*?(?:<!--\s*complaintkit:\s*on\s*-->|\Z)"
    r"|\[quote\].*?(?:\[/quote\]|\Z)"
    r"|<blockquote>.*?(?:</blockquote>|\Z)"
    r"|^[ \t]*>.*?$"  # email-style quoted line
    r"|\{\{(?:(?!\{\{|\}\}).)*\}\}|\{%(?:(?!\{%|%\}).)*%\}",  # template placeholders and tags
    re.IGNORECASE | re.DOTALL | re.MULTILINE,
)


def ignored_regions(text: str, *, quotes: bool = True) -> list[tuple[int, int]]:
    """Character ranges to skip, sorted and merged."""
    spans = [m.span() for m in _MARKED.finditer(text)]
    if quotes:
        spans.extend(m.span() for m in _PAIRED_QUOTES.finditer(text))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def overlaps(start: int, end: int, regions: list[tuple[int, int]], ends: list[int] | None = None) -> bool:
    """True when ``[start, end)`` touches any region.

    ``regions`` are sorted and merged, as :func:`ignored_regions` returns them,
    so a binary search finds the one region that can touch; pass their
    ``ends`` when checking many spans against the same regions.
    """
    if ends is None:
        ends = [e for _, e in regions]
    i = bisect_right(ends, start)  # the first region ending after ``start``
    return i < len(regions) and regions[i][0] < end
