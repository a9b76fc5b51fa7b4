"""Live preview: `mkdocs serve` shows an edit to an annotation or to the essay, and survives a broken file."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Iterator

import pytest
import yaml

from sitebuild import write_annotations

ESSAY = "Right now, the board has four members.\nThe company plans to raise money over two years.\n"
CLAIM = """\
quote: the board has four members
claim: The board had {count} members.
speaker: the author
verdict: unverified
checked: 2026-01-02
note: Not yet checked.
"""
TIMEOUT = 15.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback only)
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(condition: Callable[[], bool], what: str, log: Path) -> float:
    """Poll until `condition` holds; the seconds it took. Fails with the server's log."""
    began = time.monotonic()
    while time.monotonic() - began < TIMEOUT:
        if condition():
            return time.monotonic() - began
        time.sleep(0.1)
    pytest.fail(f"not seen within {TIMEOUT} s: {what}\n--- mkdocs serve said:\n{log.read_text(encoding='utf-8')}")


@pytest.fixture(params=[True], ids=["with-annotations"])
def served(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Path, str, Path]]:
    """A small site served by `mkdocs serve` on a free loopback port: (root, URL, log file).

    Parametrized with False, the annotations folder does not exist when it starts.
    """
    (tmp_path / "docs").mkdir()
    (tmp_path / "essay.txt").write_text(ESSAY, encoding="utf-8")
    config = {"site_name": "Served", "theme": {"name": "material"}, "plugins": [{"annotated-essay": {"essay": "essay.txt"}}]}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    if request.param:
        write_annotations(tmp_path / "annotations", {"claims/board.yml": CLAIM.format(count="four")})
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=tmp_path,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        yield tmp_path, f"http://127.0.0.1:{port}/", log
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_serve_shows_edits_and_survives_a_broken_file(served: tuple[Path, str, Path]) -> None:
    root, url, log = served
    wait_for(lambda: "The board had four members." in fetch(url), "the first build", log)

    write_annotations(root / "annotations", {"claims/board.yml": CLAIM.format(count="five")})
    took = wait_for(lambda: "The board had five members." in fetch(url), "an edited annotation", log)
    assert took < 10

    write_annotations(root / "annotations", {"glossary/broken.yml": "term: [unclosed\ndefinition: x\n"})
    wait_for(lambda: "annotations/glossary/broken.yml:" in log.read_text(encoding="utf-8"), "the broken file's warning", log)
    wait_for(lambda: "Unanchored" in fetch(url), "the rebuilt site, listing the broken file", log)
    page = fetch(url)
    assert "The board had five members." in page  # the rest of the site stays up

    essay = root / "essay.txt"
    essay.write_text(ESSAY.replace("raise money", "raise capital"), encoding="utf-8")
    wait_for(lambda: "raise capital" in fetch(url), "an edited essay", log)
    assert 'data-annotation="board"' in fetch(url)


@pytest.mark.parametrize("served", [False], indirect=True, ids=["no-annotations-yet"])
def test_serve_watches_an_annotations_folder_made_after_it_started(served: tuple[Path, str, Path]) -> None:
    root, url, log = served
    wait_for(lambda: "four members" in fetch(url), "the first build", log)
    assert "the annotations folder 'annotations' does not exist" in log.read_text(encoding="utf-8")

    write_annotations(root / "annotations", {"claims/board.yml": CLAIM.format(count="four")})
    wait_for(lambda: "The board had four members." in fetch(url), "the new folder's first annotation", log)
    write_annotations(root / "annotations", {"claims/board.yml": CLAIM.format(count="five")})
    wait_for(lambda: "The board had five members." in fetch(url), "an edit inside the new folder", log)
