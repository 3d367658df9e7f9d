"""The ids of what the tone checker flags and what it recognises as good."""

from __future__ import annotations

FLAG_KINDS: tuple[str, ...] = (
    "blame_customer",
    "blame_third_party",
    "defensive",
    "argumentative",
    "dismissive",
    "non_apology",
    "scapegoating",
    "overpromise",
)
GOOD_KINDS: tuple[str, ...] = ("acknowledge", "apologize", "own", "act", "next_steps", "empathize", "thank")
#: What every reply to a complaint should do; absent ones are reported as ``missing``.
ESSENTIAL_KINDS: tuple[str, ...] = ("acknowledge", "apologize", "own", "act", "next_steps")
SEVERITIES: tuple[str, ...] = ("info", "warning", "error")
