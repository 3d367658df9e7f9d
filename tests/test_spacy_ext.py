"""The spaCy component works on spacy.blank('en') without importing complaintkit."""

from __future__ import annotations

import subprocess
import sys

import spacy


def test_component_registered_by_entry_point_without_import():
    code = (
        "import spacy, sys; nlp = spacy.blank('en'); nlp.add_pipe('complaintkit_tone', config={'use_model': False}); "
        "doc = nlp('Calm down. That is the courier\\'s fault, not ours.'); "
        "print(sorted({s.label_ for s in doc.spans['complaintkit_tone']})); "
        "print('complaintkit' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    labels, _ = out.stdout.strip().splitlines()
    assert labels == "['blame_third_party', 'dismissive']"


def test_report_on_doc_matches_check_tone():
    import complaintkit as ck
    from complaintkit.tone import ToneChecker

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("complaintkit_tone", config={"use_model": False})
    text = "Sorry, but you should have read the terms. I've refunded you."
    doc = nlp(text)
    direct = ck.check_tone(text, checker=ToneChecker(model=None))
    assert [f.to_dict() for f in doc._.tone.flags] == [f.to_dict() for f in direct.flags]
    assert [(s.start_char, s.end_char, s.label_) for s in doc.spans["complaintkit_tone"]] == [
        (f.start, f.end, f.kind) for f in direct.flags
    ]


def test_custom_rules_survive_to_disk_and_load(tmp_path):
    nlp = spacy.blank("en")
    component = nlp.add_pipe("complaintkit_tone", config={"use_model": False})
    component.add_rules([{
        "id": "dismissive.whatever", "kind": "dismissive", "message": "Sounds like you don't care.",
        "patterns": [[{"LOWER": "whatever"}]], "examples": {"flag": ["whatever"], "pass": ["what ever"]},
    }])
    nlp.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    doc = loaded("Whatever, it's fine.")
    assert [f.rule_id for f in doc._.tone.flags] == ["dismissive.whatever"]
