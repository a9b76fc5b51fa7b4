"""Pausing Python's cyclic garbage collector while a site is built.

Loading, anchoring and rendering allocate hundreds of thousands of small
objects (nodes, elements, strings) that hold no reference cycles, so the
collector finds nothing to free; yet every few thousand allocations it walks
the young objects, and now and then the whole heap, which on a large essay is
an eighth of the build. Reference counting still frees everything at once.

The plugin pauses it from `on_files` to `on_post_build` (the essay lives that
long); `site.build` pauses it by itself for the command line.
"""

from __future__ import annotations

import functools
import gc
from typing import Callable, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def pause() -> bool:
    """Pause the collector; True if this paused it (and `resume` should follow)."""
    if not gc.isenabled():
        return False
    gc.disable()
    return True


def resume() -> None:
    """Resume the collector, the objects made meanwhile sent to the oldest generation.

    Straight there, unwalked: otherwise the first allocation after this would
    walk every object made while paused.
    """
    gc.freeze()
    gc.unfreeze()
    gc.enable()


def gc_paused(function: Callable[P, R]) -> Callable[P, R]:
    """`function` run with the collector paused (as it was, afterwards)."""

    @functools.wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        if not pause():
            return function(*args, **kwargs)
        try:
            return function(*args, **kwargs)
        finally:
            resume()

    return paused
