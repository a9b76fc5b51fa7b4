"""Shared fixtures: build a real site into tmp_path and read what it published."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, settings

from sitebuild import ROOT, SEED, BuiltSite, build_at, site_at, write_annotations

__all__ = ["ROOT", "SEED", "BuiltSite", "build_at", "build_site", "site_at", "write_annotations"]

# A busy machine (CI, or the browser tests beside) slows the generation of
# examples: that is no failure of the code under test.
settings.register_profile("project", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("project")


@pytest.fixture
def build_site(tmp_path: Path) -> Callable[..., BuiltSite]:
    """Build a site: `build_site(essay_text, annotations={...}, essay_name='essay.txt', ...)`.

    Returns a BuiltSite; with strict=True (the default) a warning aborts the
    build and `aborted` is set, as `mkdocs build --strict` would fail.
    """

    def run(essay: str, annotations: dict[str, str] | None = None, *, name: str = "site", **kwargs: Any) -> BuiltSite:
        return site_at(tmp_path / name, essay, annotations, **kwargs)

    return run
