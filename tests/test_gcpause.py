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


def test_a_build_leaves_the_collector_running_whether_it_succeeds_or_fails(build_site) -> None:
    essay = "A paragraph with a claim about money in it.\n"
    claim = "quote: a claim about money\nclaim: A claim.\nspeaker: the author\nverdict: opinion\nchecked: 2026-01-02\nnote: Why.\n"
    good = build_site(essay, {"claims/money.yml": claim}, name="good")
    assert not good.aborted, good.warnings
    assert gc.isenabled()
    unanchored = build_site(essay, {"claims/money.yml": claim.replace("money", "nothing here")}, name="unanchored")
    assert unanchored.aborted  # strict: the unanchored claim is a warning
    assert gc.isenabled()
    clash = build_site(essay, {}, name="clash", docs={"index.md": "# Mine\n"})
    assert clash.aborted  # the essay page would replace docs/index.md: an error mid-build
    assert gc.isenabled()
