"""The tone checker: flags reply phrasing that makes complaints worse."""

from __future__ import annotations

from .api import check_tone, default_checker
from .checker import ToneChecker
from .kinds import ESSENTIAL_KINDS, FLAG_KINDS, GOOD_KINDS
from .rules import ToneRule, load_rules, read_rule_file

__all__ = [
    "ESSENTIAL_KINDS",
    "FLAG_KINDS",
    "GOOD_KINDS",
    "ToneChecker",
    "ToneRule",
    "check_tone",
    "default_checker",
    "load_rules",
    "read_rule_file",
]
