"""The same inputs and SOURCE_DATE_EPOCH build a byte-identical site, whatever PYTHONHASHSEED.

Two `python -m mkdocs build` runs in separate processes (so hash randomization
really differs), over two copies of the inputs in different folders, written in
different orders; every file of one site must be byte for byte the file of the
other. The inputs are our
own site, and the hostile corpus (which has unanchored and rejected files).
"""

from __future__ import annotations

import gzip
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

import test_hostile
from sitebuild import copy_our_site, write_site

EPOCH = "1700000000"
SEEDS = ("1", "2024")


def build(root: Path, out: Path, seed: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": EPOCH}
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(root / "mkdocs.yml"), "-d", str(out)]
    return subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def inputs(which: str, root: Path, reverse: bool) -> Path:
    """A copy of the inputs in `root`; with `reverse`, files are created in the opposite
    order, so the file system lists them in another order."""
    if which == "ours":
        return copy_our_site(root)
    files = list(test_hostile.hostile_annotations().items())
    return write_site(root, test_hostile.hostile_essay(), dict(reversed(files) if reverse else files))


@pytest.fixture(scope="module", params=["ours", "hostile"])
def two_builds(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], dict[str, bytes]]:
    # Two copies in different folders (paths must not leak into the site), built at once.
    base = tmp_path_factory.mktemp("reproducible")
    roots = [inputs(request.param, base / "a", False), inputs(request.param, base / "b" / "deeper", True)]
    outs = [base / f"site-{seed}" for seed in SEEDS]
    runs = [build(root, out, seed) for root, out, seed in zip(roots, outs, SEEDS)]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err.decode(errors="replace")
    return files(outs[0]), files(outs[1])


def test_every_file_is_byte_identical(two_builds: tuple[dict[str, bytes], dict[str, bytes]]) -> None:
    first, second = two_builds
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []


def test_the_build_has_what_is_compared(two_builds: tuple[dict[str, bytes], dict[str, bytes]]) -> None:
    first, _ = two_builds
    for name in ("index.html", "claims/index.html", "glossary/index.html", "search/search_index.json", "sitemap.xml.gz"):
        assert name in first, name


def test_dates_come_from_source_date_epoch(two_builds: tuple[dict[str, bytes], dict[str, bytes]]) -> None:
    first, _ = two_builds
    # 1700000000 is during 2023-11-14 (UTC): the sitemap's lastmod, and the gzip
    # header's time (MkDocs writes the start of that day).
    with gzip.GzipFile(fileobj=io.BytesIO(first["sitemap.xml.gz"])) as stream:
        sitemap = stream.read()
        assert stream.mtime == int(EPOCH) // 86400 * 86400
    if sitemap.count(b"<url>"):  # MkDocs lists pages only when site_url is set
        assert sitemap.count(b"<lastmod>2023-11-14</lastmod>") == sitemap.count(b"<url>")
