import gc

import pytest

from complaintkit.gc_pause import gc_paused
from complaintkit.tone.checker import ToneChecker


@pytest.fixture
def restore_gc():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_the_collector_is_paused_inside_and_back_on_after(restore_gc):
    gc.enable()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_callers_disabled_collector_stays_disabled(restore_gc):
    gc.disable()
    with gc_paused():
        pass
    assert not gc.isenabled()


def test_an_error_inside_still_restores_the_collector(restore_gc):
    gc.enable()
    with pytest.raises(ValueError), gc_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_checking_a_batch_leaves_no_cyclic_garbage_behind(restore_gc):
    checker = ToneChecker()
    drafts = ["Sorry, but you should have read the terms. That's the courier's fault.",
              'You wrote "it never came", and you\'re right.', "Thanks!\n\nJo", "", "   "] * 50
    checker.check_many(drafts)  # warm caches and vocab first
    gc.collect()
    gc.enable()
    checker.check_many([d + " Order 12345." for d in drafts])
    assert gc.isenabled()
    assert gc.collect() == 0
