"""The README's first command: classify a handful of complaints with the shipped model."""

from __future__ import annotations

from collections.abc import Callable

from .classify import classify_many

EXAMPLES = (
    "my parcel still hasn't shown up and nobody answers my emails",
    "@QuickBite_help ordered a large pepperoni at 7, got a cold veggie pizza at 9:40. Never again #fail",
    "Dear Sir/Madam, I was charged twice (2 x £89.99) for order #A-55120 on 3 March. "
    "This is the third time I am writing. If it is not refunded within 7 days I will refer it to the ombudsman.",
    "I've been trying to cancel my gym membership since January and you keep taking £35 a month",
    "the 'tech expert' in store told me the laptop had 16GB RAM, it has 8. misleading sales pitch",
    "Can't log in to the app since the update, password reset email never arrives",
    "Thanks so much to Priya for sorting my booking so quickly!",
    "what time does the Leeds branch open on Sunday?",
)


def run_demo(out: Callable[[str], None] = print) -> None:
    """Print labels, complaint score and escalation signals for each example."""
    for text, result in zip(EXAMPLES, classify_many(list(EXAMPLES)), strict=True):
        out(f"\n{text}")
        verdict = "complaint" if result.is_complaint else "not a complaint"
        out(f"  -> {verdict} ({result.complaint_score:.2f}); categories: {', '.join(result.labels) or '-'}")
        best = sorted(result.scores.items(), key=lambda kv: -kv[1])[:3]
        out("     top scores: " + ", ".join(f"{k} {v:.2f}" for k, v in best))
        for signal in result.escalation:
            out(f"     escalation: {signal.kind} at {signal.start}-{signal.end}: {signal.text!r}")
