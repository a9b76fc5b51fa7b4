"""`python -m bench` (or `make bench`): time the plugin on a large synthetic essay and on our site.

Every build and check runs in a fresh process, as a user runs it, and is
measured in CPU time; the two builds of a pair run alternately, so that a busy
machine slows both alike.
The table is printed and written to bench/results/latest.md.
"""

from __future__ import annotations

import datetime
import gzip
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

from . import synthetic, timing
from .report import Row, scaling_table, table

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "latest.md"
RUNS = 3
PAIR_RUNS = 7
"""Runs of each build in a pair: a pair's ratio moves with the machine's load, and its median steadies with more runs."""
SCALING = (100, 1000, 5000, 10000)


def build_pair(annotated: Path, empty: Path, work: Path, what: str, targets: tuple[float, float], runs: int = RUNS) -> Row:
    """Median build time with the annotations over the same site with none."""
    a, b = timing.alternate(
        lambda: timing.run_once(timing.build_command(annotated, work / "site-a"), annotated.parent),
        lambda: timing.run_once(timing.build_command(empty, work / "site-b"), empty.parent),
        runs,
    )
    ma, mb = timing.median(a), timing.median(b)
    return Row(what, f"{ma:.2f} s / {mb:.2f} s", ma / mb, "x", *targets)


def with_empty_annotations(config_file: Path, empty: Path) -> Path:
    """A copy of a site's mkdocs.yml beside it, whose annotations folder is `empty`.

    The copy sits in the same folder, so every relative path (and MkDocs'
    `!relative` tags) means what it means in the original; only the plugin's
    `annotations` line changes. Remove the copy when done.
    """
    lines = config_file.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().lstrip("- ").startswith("annotated-essay:"))
    options = [i for i in range(start + 1, len(lines)) if _indent(lines[i]) > _indent(lines[start]) and lines[i].strip()]
    options = options[: next((k for k, i in enumerate(options) if i != options[0] + k), len(options))]
    line = f"{' ' * _indent(lines[options[0]])}annotations: {json.dumps(str(empty))}"
    found = [i for i in options if lines[i].strip().startswith("annotations:")]
    if found:
        lines[found[0]] = line
    else:
        lines.insert(options[0], line)
    copy = config_file.with_name(f".bench-{os.getpid()}-{config_file.name}")
    copy.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return copy


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" -"))


def probe(mode: str, config_file: Path) -> float:
    """One measurement by bench.probe in a fresh process."""
    done = subprocess.run([sys.executable, "-m", "bench.probe", mode, str(config_file)], cwd=REPO, env=timing.ENV, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"bench.probe {mode} {config_file} failed:\n{done.stderr[-2000:]}")
    return float(done.stdout.strip().splitlines()[-1])


def assets_size() -> Row:
    """The plugin's JavaScript and CSS, each gzipped as a server sends it."""
    folder = resources.files("annotated_essay") / "assets"
    sizes = {name: len(gzip.compress((folder / name).read_bytes(), 9)) for name in ("annotations.js", "annotations.css")}
    detail = ", ".join(f"{name} {size / 1024:.1f} KB" for name, size in sizes.items())
    return Row("plugin JavaScript + CSS, gzipped", detail, sum(sizes.values()) / 1024, "KB", 10, 15)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main() -> int:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ae-bench-") as tmp:
        work = Path(tmp)
        say("generating the synthetic essay and 1,420 annotations ...")
        essay = synthetic.make_essay()
        large = synthetic.write_site(work / "large", essay, synthetic.make_annotations(essay, synthetic.LARGE))
        size = len(essay.source().encode())
        rows = build_rows(large, work)
        rows += core_rows(large, size)
        say("scaling curve ...")
        points = scaling(essay, work)
        per = {n: seconds / n for n, seconds in points}
        rows.append(Row("10,000 vs 1,000 annotations: time per annotation", f"{per[10000] * 1000:.3f} ms / {per[1000] * 1000:.3f} ms", per[10000] / per[1000], "x", 1.0, 1.5))
        rows.append(assets_size())
    report = _document(rows, points, size, time.perf_counter() - started)
    print(report)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report, encoding="utf-8")
    say(f"written to {RESULTS.relative_to(REPO)}")
    return 1 if any(row.verdict() == "OVER the limit" for row in rows) else 0


def build_rows(large: Path, work: Path) -> list[Row]:
    """The two build pairs, the large set and our own site, PAIR_RUNS runs each."""
    say("timing builds of the large set ...")
    (work / "empty").mkdir()
    rows = [build_pair(large, with_empty_annotations(large, work / "empty"), work, "large set: annotated / empty-annotations build", (1.5, 2.0), PAIR_RUNS)]
    say("timing builds of our site ...")
    empty_ours = with_empty_annotations(REPO / "mkdocs.yml", work / "empty")
    try:
        rows.append(build_pair(REPO / "mkdocs.yml", empty_ours, work, "our site: annotated / empty-annotations build", (1.15, 1.3), PAIR_RUNS))
    finally:
        empty_ours.unlink()
    return rows


def core_rows(large: Path, size: int) -> list[Row]:
    """Anchoring alone, rendering the notes, and `annotated-essay check`, on the large set."""
    say("timing anchoring and check ...")
    anchoring = timing.repeat(lambda: probe("anchor", large), RUNS + 2)
    notes = timing.repeat(lambda: probe("notes", large), RUNS)
    check = timing.repeat(lambda: timing.run_once(timing.check_command(large), REPO), RUNS)
    return [
        Row(f"anchoring 1,420 annotations over {size / 1000:.0f} KB", _runs(anchoring, 1000, "ms"), timing.median(anchoring) * 1000, "ms", 100, 250),
        Row("rendering the 1,420 notes (not a target: part of the builds above)", _runs(notes, 1000, "ms"), timing.median(notes) * 1000, "ms"),
        Row("`annotated-essay check` on the large set", _runs(check, 1, "s"), timing.median(check), "s", 1, 2),
    ]


def scaling(essay: synthetic.Essay, work: Path) -> list[tuple[int, float]]:
    """(annotations, median seconds to load, anchor and render them) at each size, on the same essay."""
    points = []
    for n in SCALING:
        config = synthetic.write_site(work / f"scale-{n}", essay, synthetic.make_annotations(essay, synthetic.scaled_counts(n)))
        points.append((n, timing.median(timing.repeat(lambda: probe("core", config), RUNS))))
    return points


def _runs(values: list[float], scale: float, unit: str) -> str:
    fmt = (lambda v: f"{v * scale:.0f}") if unit == "ms" else (lambda v: f"{v:.2f}")
    return ", ".join(fmt(v) for v in values) + f" {unit}"


def _document(rows: list[Row], points: list[tuple[int, float]], size: int, elapsed: float) -> str:
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return "\n".join(
        [
            f"# Benchmark ({when})",
            "",
            f"Python {platform.python_version()} on {platform.machine()}, synthetic essay {size / 1000:.0f} KB; "
            f"every figure is CPU time (user + system) of fresh processes: `mkdocs build` and `annotated-essay check` "
            f"as a user runs them, anchoring and the scaling curve in `python -m bench.probe`; medians, the two builds of a pair alternating.",
            "",
            table(rows),
            "",
            "## Scaling (the same essay; loading, anchoring and notes, in a fresh process)",
            "",
            scaling_table(points),
            "",
            f"The whole benchmark took {elapsed:.0f} s.",
            "",
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
