"""The cyclic garbage collector is held off during bulk work and back as it was afterwards."""

import gc
import threading

import pytest

from gongkai import collector


@pytest.fixture(autouse=True)
def _collector_on():
    gc.enable()
    yield
    gc.enable()


def test_off_in_the_block_on_after_it_even_when_the_block_fails():
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collector.paused():
        raise ValueError
    assert gc.isenabled()


def test_nested_and_concurrent_blocks_share_one_pause():
    inner_started, outer_may_end = threading.Event(), threading.Event()

    def other_import():
        with collector.paused():
            inner_started.set()
            outer_may_end.wait(5)
        assert not gc.isenabled()  # the first block has not ended yet

    with collector.paused():
        with collector.paused():
            pass
        assert not gc.isenabled()
        thread = threading.Thread(target=other_import)
        thread.start()
        inner_started.wait(5)
        outer_may_end.set()
        thread.join(5)
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    with collector.paused():
        pass
    assert not gc.isenabled()
