"""Timing helpers: commands in fresh processes, run alternately; medians and ratios."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Callable

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def run_once(command: list[str], cwd: Path) -> float:
    """CPU time (user + system) of one run of `command` in a fresh process, in seconds.

    CPU time rather than wall time: on a busy machine (tests of other
    projects, a browser) the wall time of the same work varies several-fold,
    its CPU time far less. Both are the same on an idle machine.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    elapsed = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1) or "Traceback" in done.stderr:
        raise RuntimeError(f"{' '.join(command)} failed in {cwd}:\n{done.stderr[-2000:]}")
    return elapsed


def build_command(config_file: Path, site_dir: Path) -> list[str]:
    """`mkdocs build` of one site, as a user runs it."""
    return [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config_file), "--site-dir", str(site_dir)]


def check_command(config_file: Path) -> list[str]:
    """`annotated-essay check` of one site."""
    return [sys.executable, "-m", "annotated_essay.cli", "check", "--config-file", str(config_file)]


def alternate(first: Callable[[], float], second: Callable[[], float], runs: int) -> tuple[list[float], list[float]]:
    """Time `first` and `second` alternately, `runs` times each, after one unmeasured warm-up of each."""
    first(), second()  # file caches and .pyc files, so neither side pays for them
    a: list[float] = []
    b: list[float] = []
    for _ in range(runs):
        a.append(first())
        b.append(second())
    return a, b


def repeat(measure: Callable[[], float], runs: int) -> list[float]:
    """`runs` timings of `measure`."""
    return [measure() for _ in range(runs)]


def median(values: list[float]) -> float:
    """The median of the timings."""
    return statistics.median(values)
