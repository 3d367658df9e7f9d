"""Shared fixtures: the shipped model, paths into the repository and ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_CORPORA = ROOT.parent / "shared" / "corpora"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def default_model():
    import complaintkit as ck

    return ck.load_model()


@pytest.fixture(scope="session")
def corpora() -> Path:
    if not SHARED_CORPORA.is_dir():
        pytest.skip("../shared/corpora is not present in this checkout")
    return SHARED_CORPORA


@pytest.fixture(scope="session")
def small_training_set() -> tuple[list[str], list[list[str]]]:
    """A tiny multi-label set, enough to exercise the estimator API quickly."""
    texts = [
        "my parcel never arrived and tracking has not moved",
        "still waiting for my order after two weeks",
        "the courier lost my package",
        "you charged me twice for the same order",
        "there is a fee on my bill I never agreed to",
        "my invoice is wrong, I was overcharged",
        "the parcel is late and you also overcharged me",
        "thanks, everything arrived fine",
        "what time do you open on Sunday?",
        "love the new store layout",
    ]
    labels = [
        ["delivery"], ["delivery"], ["delivery"],
        ["billing"], ["billing"], ["billing"],
        ["billing", "delivery"],
        [], [], [],
    ]
    return texts, labels
