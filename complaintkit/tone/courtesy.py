"""Courtesy markers: the politeness strategies a reply uses or breaks.

The tone score rewards what a reply does for the customer (acknowledge,
apologize, own, act, say what happens next) and punishes flagged phrasing.
Courtesy adds the small signals people read as polite or curt, so that two
replies with the same moves still score by how they are said. The markers
are data (``courtesy.json``), each with examples the tests run.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import RuleError


@dataclass(frozen=True)
class Marker:
    """One courtesy marker: a compiled pattern and its examples."""

    id: str
    polite: bool
    pattern: re.Pattern[str]
    flag: tuple[str, ...]
    passes: tuple[str, ...]


@dataclass(frozen=True)
class Courtesy:
    """The marker set, with how many points a marker is worth and the cap on the net count."""

    markers: tuple[Marker, ...]
    points: int
    cap: int

    def balance(self, text: str) -> int:
        """Polite markers present minus impolite ones, clamped to ``[-cap, cap]``."""
        net = sum((1 if m.polite else -1) for m in self.markers if m.pattern.search(text))
        return max(-self.cap, min(self.cap, net))


def parse_courtesy(data: Any, *, source: str) -> Courtesy:
    """Validate a courtesy document; errors name the file, the marker and the field."""
    if not isinstance(data, dict):
        raise RuleError(f"{source}: expected an object, got {type(data).__name__}")
    points, cap = data.get("points"), data.get("cap")
    if not isinstance(points, int) or not isinstance(cap, int) or points < 0 or cap < 0:
        raise RuleError(f"{source}: 'points' and 'cap' must be non-negative integers, got {points!r} and {cap!r}")
    markers = []
    for side in ("polite", "impolite"):
        entries = data.get(side)
        if not isinstance(entries, list) or not entries:
            raise RuleError(f"{source}: field '{side}' must be a non-empty list of markers")
        for position, raw in enumerate(entries):
            where = f"{source}: {side}[{position}]"
            if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
                raise RuleError(f"{where}: expected an object with an 'id'")
            where = f"{source}: marker {raw['id']}"
            try:
                pattern = re.compile(raw.get("pattern", ""), re.IGNORECASE | re.MULTILINE)
            except (re.error, TypeError) as err:
                raise RuleError(f"{where}: 'pattern' is not a valid regular expression: {err}") from None
            examples = raw.get("examples")
            if not isinstance(examples, dict) or not examples.get("flag") or not examples.get("pass"):
                raise RuleError(f"{where}: 'examples' needs non-empty 'flag' and 'pass' lists")
            markers.append(Marker(raw["id"], side == "polite", pattern, tuple(examples["flag"]),
                                  tuple(examples["pass"])))
    return Courtesy(tuple(markers), points, cap)


@lru_cache(maxsize=1)
def default_courtesy() -> Courtesy:
    """The shipped markers, loaded once."""
    source = resources.files("complaintkit.tone").joinpath("courtesy.json")
    return parse_courtesy(json.loads(source.read_text(encoding="utf-8")), source="courtesy.json")
