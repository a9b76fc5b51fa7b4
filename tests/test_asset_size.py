"""The plugin's own JavaScript and CSS stay small: every reader downloads them."""

from __future__ import annotations

import gzip
from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "plugins" / "annotated_essay" / "assets"
BUDGET = 15 * 1024  # bytes, gzipped, JavaScript and CSS together


def test_javascript_and_css_fit_the_size_budget() -> None:
    files = sorted(p for p in ASSETS.iterdir() if p.suffix in {".js", ".css"})
    assert {p.suffix for p in files} == {".js", ".css"}
    size = sum(len(gzip.compress(p.read_bytes(), compresslevel=9)) for p in files)
    assert size <= BUDGET, f"{size} bytes gzipped, budget {BUDGET}"
