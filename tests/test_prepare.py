"""`annotated-essay prepare`: what it writes into the docs folder, and what it never touches.

The pages themselves are compared with the MkDocs site in test_hosts.py; here,
the files: written once however often it runs, listed in a `.gitignore` that
keeps them out of version control, never written over a file of the site's
own, removed exactly by `--clean`, and left out of a MkDocs build.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import test_hostile
from annotated_essay.cli import main
from sitebuild import build_at, write_site

OWN_DOCS = {"about.md": "# About\n", "assets/own.css": "body { color: black }\n"}


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site with pages and a stylesheet of its own; the current folder, as for a user."""
    monkeypatch.chdir(tmp_path)
    return write_site(tmp_path / "site", test_hostile.ESSAY, dict(test_hostile.CLEAN), docs=OWN_DOCS)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def prepare(root: Path, *options: str) -> int:
    return main(["prepare", "-f", str(root / "mkdocs.yml"), *options])


def test_it_writes_every_file_once_and_lists_them(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert prepare(root) == 0
    docs = root / "docs"
    written = set(snapshot(docs)) - set(OWN_DOCS)
    expected = {
        ".gitignore",
        "index.md",
        "claims.md",
        "glossary.md",
        "unanchored.md",
        "annotations.jsonld",
        "assets/annotated-essay/annotations.css",
        "assets/annotated-essay/annotations.js",
    }
    assert written == expected
    listed = [line[1:] for line in (docs / ".gitignore").read_text(encoding="utf-8").splitlines() if line.startswith("/")]
    assert sorted(listed) == sorted(expected)
    assert "7 files in site/docs/ (7 changed), listed in site/docs/.gitignore" in capsys.readouterr().out
    before = {name: (docs / name).stat().st_mtime_ns for name in expected}
    assert prepare(root) == 0
    assert "(0 changed)" in capsys.readouterr().out
    assert {name: (docs / name).stat().st_mtime_ns for name in expected} == before


def test_git_leaves_the_written_files_out(root: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    assert prepare(root) == 0
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=root, capture_output=True, text=True, check=True)
    untracked = sorted(line[3:] for line in status.stdout.splitlines())
    assert [name for name in untracked if name.startswith("docs/")] == ["docs/about.md", "docs/assets/own.css"]


@pytest.mark.parametrize("theirs", ["claims.md", ".gitignore", "assets/annotated-essay/annotations.js"])
def test_it_never_writes_over_a_file_it_did_not_write(root: Path, theirs: str, capsys: pytest.CaptureFixture[str]) -> None:
    (root / "docs" / theirs).parent.mkdir(parents=True, exist_ok=True)
    (root / "docs" / theirs).write_text("mine\n", encoding="utf-8")
    before = snapshot(root / "docs")
    assert prepare(root) == 2
    error = capsys.readouterr().err
    # A page where the plugin's go stops the site's loading, as it stops `mkdocs build`; any other file, prepare.
    assert f"docs/{theirs} would be replaced" in error if theirs.endswith(".md") else f"site/docs/{theirs}: error: not written by" in error
    assert snapshot(root / "docs") == before


def test_clean_removes_exactly_what_it_wrote(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(root / "docs")
    assert prepare(root) == 0
    assert prepare(root, "--clean") == 0
    assert "removed 8 files from site/docs/" in capsys.readouterr().out
    assert snapshot(root / "docs") == before
    assert not (root / "docs" / "assets" / "annotated-essay").exists()
    assert prepare(root, "--clean") == 0  # nothing left to remove, nothing else touched
    assert snapshot(root / "docs") == before


def test_a_file_no_longer_made_is_removed(root: Path) -> None:
    assert prepare(root) == 0
    assert (root / "docs" / "unanchored.md").exists()
    (root / "annotations" / "claims" / "elsewhere.yml").unlink()  # the one annotation that could not be placed
    assert prepare(root) == 0
    assert not (root / "docs" / "unanchored.md").exists()
    assert "/unanchored.md" not in (root / "docs" / ".gitignore").read_text(encoding="utf-8")


def test_strict_writes_nothing_when_an_annotation_has_a_problem(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(root / "docs")
    assert prepare(root, "--strict") == 1
    assert "site/annotations/claims/elsewhere.yml:1:8: error: quote not found" in capsys.readouterr().err
    assert snapshot(root / "docs") == before


def test_mkdocs_builds_the_same_site_beside_the_prepared_files(root: Path, tmp_path: Path) -> None:
    """The plugin makes the pages itself and leaves what `prepare` wrote out of the build."""
    alone = build_at(root, strict=False)
    assert not alone.aborted
    first = snapshot(alone.site)
    shutil.rmtree(alone.site)
    assert prepare(root) == 0
    beside = build_at(root, strict=False)
    assert not beside.aborted, beside.warnings
    assert snapshot(beside.site) == first


def test_watch_prepares_again_when_an_annotation_changes(root: Path) -> None:
    command = [sys.executable, "-m", "annotated_essay.cli", "prepare", "--watch", "-f", str(root / "mkdocs.yml")]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as watcher:
        _watch_one_change(root, watcher)


def _watch_one_change(root: Path, watcher: subprocess.Popen[str]) -> None:
    try:
        assert watcher.stdout is not None
        assert "files in site/docs/" in watcher.stdout.readline()
        assert "watching" in watcher.stdout.readline()
        glossary = root / "docs" / "glossary.md"
        assert "A new definition" not in glossary.read_text(encoding="utf-8")
        (root / "annotations" / "glossary" / "trust.yml").write_text("term: trust\ndefinition: A new definition.\n", encoding="utf-8")
        assert "changed)" in watcher.stdout.readline()
        assert "A new definition" in glossary.read_text(encoding="utf-8")
    finally:
        watcher.terminate()
        watcher.wait(timeout=30)


def test_an_essay_inside_the_docs_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Zensical would publish it as a page (or a file) of its own, without its notes."""
    monkeypatch.chdir(tmp_path)
    root = write_site(tmp_path / "site", test_hostile.ESSAY, dict(test_hostile.CLEAN), essay_name="docs/essay.txt")
    before = snapshot(root / "docs")
    assert prepare(root) == 2
    assert "site/docs/essay.txt: error: the essay is inside site/docs/" in capsys.readouterr().err
    assert snapshot(root / "docs") == before
