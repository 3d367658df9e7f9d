"""A sentence boundary at every line break, after leading whitespace, and after leading @handles.

spaCy's sentencizer splits on punctuation only, so in "Hi Sarah,\\n\\nCalm
down." the second line does not start a sentence and rules anchored at a
sentence start ("Calm down", "Relax") would miss it. Replies put greetings,
bullet points and sign-offs on lines of their own, so a line break ends a
sentence here. Replies on social media open with the handles they answer
("@jo_b @ShopHelp Sorry for the wait"): the handles address the reply, so the
sentence starts after them.
"""

from __future__ import annotations

import re

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

COMPONENT = "complaintkit_line_breaks"
#: A segment holding only the @handles a reply opens with (what this component sets apart).
HANDLES_ONLY = re.compile(r"\s*(?:\.?@\w+\s*)+")


@Language.component(COMPONENT, assigns=["token.is_sent_start"])
def mark_line_starts(doc: Doc) -> Doc:
    """Start a sentence at the first token after whitespace that holds a line break or opens the text."""
    starts = [
        i + 1 for i in range(len(doc) - 1)
        if doc[i].is_space and ("\n" in doc[i].text or "\r" in doc[i].text or i == 0)
    ]
    for line_start in [0, *starts]:
        after = line_start
        while after < len(doc) and (
            _is_handle(doc[after].text)  # spaCy may split a handle's trailing underscores off: "@jo_" is "@jo" "_"
            or (after > line_start and not doc[after - 1].whitespace_ and set(doc[after].text) == {"_"})
        ):
            after += 1
        if line_start < after < len(doc):
            starts.append(after)
    if starts:  # one array round trip: setting is_sent_start token by token rescans the doc each time
        values = doc.to_array([SENT_START])
        values[starts] = 1
        doc.from_array([SENT_START], values)
    return doc


def _is_handle(word: str) -> bool:
    """An @mention as social replies open with ("@jo_b", ".@ShopHelp")."""
    word = word.removeprefix(".")
    return len(word) > 1 and word[0] == "@" and (word[1:].replace("_", "").isalnum())
