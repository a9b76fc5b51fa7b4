"""The benchmark's table: each figure against the issue's aim and limit."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One figure: what it measures, the measured value, and the aim and limit it is held to."""

    what: str
    detail: str  # the medians behind a ratio, or the runs
    value: float
    unit: str  # "x", "ms", "s", "KB"
    aim: float | None = None
    limit: float | None = None

    def verdict(self) -> str:
        """"meets the aim", "within the limit", "OVER the limit", or "" when no target applies."""
        if self.limit is None:
            return ""
        if self.aim is not None and self.value <= self.aim:
            return "meets the aim"
        return "within the limit" if self.value <= self.limit else "OVER the limit"


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "ms":
        return f"{value:.0f} ms"
    if unit == "KB":
        return f"{value:.1f} KB"
    return f"{value:.2f} s"


def table(rows: list[Row]) -> str:
    """A Markdown table of the rows."""
    lines = ["| what | measured | medians / runs | aim | limit | verdict |", "| --- | --- | --- | --- | --- | --- |"]
    for row in rows:
        lines.append(
            f"| {row.what} | {_fmt(row.value, row.unit)} | {row.detail} | {_fmt(row.aim, row.unit)} | {_fmt(row.limit, row.unit)} | {row.verdict()} |"
        )
    return "\n".join(lines)


def scaling_table(points: list[tuple[int, float]]) -> str:
    """Time per annotation at each size, and relative to the 1,000-annotation point."""
    at_1000 = dict(points).get(1000)
    base = at_1000 / 1000 * 1000 if at_1000 else None  # ms per annotation at 1,000
    lines = ["| annotations | check core, median | per annotation | vs 1,000 |", "| ---: | ---: | ---: | ---: |"]
    for n, seconds in points:
        per = seconds / n * 1000
        ratio = f"{per / base:.2f}x" if base else ""
        lines.append(f"| {n:,} | {seconds:.2f} s | {per:.3f} ms | {ratio} |")
    return "\n".join(lines)
