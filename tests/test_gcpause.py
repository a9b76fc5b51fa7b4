"""The cyclic collector is paused while a site is built, and restored however the build ends."""

from __future__ import annotations

import gc

import pytest

from annotated_essay.gcpause import gc_paused


def test_the_collector_is_paused_inside_and_restored_after() -> None:
    seen = []
    work = gc_paused(lambda: seen.append(gc.isenabled()) or "done")
    assert gc.isenabled()
    assert work() == "done"
    assert seen == [False] and gc.isenabled()


def test_the_collector_is_restored_when_the_work_fails() -> None:
    @gc_paused
    def fails() -> None:
        raise ValueError("bad annotation")

    with pytest.raises(ValueError):
        fails()
    assert gc.isenabled()


def test_a_collector_paused_by_the_caller_stays_paused() -> None:
    gc.disable()
    try:
        gc_paused(lambda: None)()
        assert not gc.isenabled()
    finally:
        gc.enable()
