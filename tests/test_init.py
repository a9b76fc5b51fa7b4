"""`annotated-essay init`: from an essay file to a site that builds strict, as a new site owner starts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from annotated_essay import cli
from sitebuild import build_at

ESSAY_MD = "# On *boards*\n\nThe board has four members, and it will grow.\n\nNothing else: the end.\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_init_writes_a_site_that_builds_strict_and_takes_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    essay = tmp_path / "drafts" / "boards.md"
    essay.parent.mkdir()
    essay.write_text(ESSAY_MD, encoding="utf-8")
    root = tmp_path / "edition"
    status, out, err = run(capsys, "init", str(essay), str(root))
    assert status == 0, err
    assert "mkdocs serve" in out
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["name"] == "material"
    assert config["plugins"][1] == {"annotated-essay": {"essay": "boards.md", "annotations": "annotations"}}
    assert (root / "boards.md").read_text(encoding="utf-8") == ESSAY_MD  # the site keeps its own copy
    assert sorted(p.name for p in (root / "annotations").iterdir() if not p.name.startswith(".")) == ["claims", "glossary", "quotations", "xrefs"]
    built = build_at(root)
    assert not built.aborted and built.warnings == []
    assert "<title>On boards - On boards</title>" in built.html()  # the Markdown essay's heading is its title
    # A reader whose device prefers dark gets Material's dark scheme, and a switch.
    assert re.search(r'data-md-color-media="\(prefers-color-scheme: dark\)" data-md-color-scheme="slate"', built.html())
    assert "fonts.googleapis.com" not in built.html()  # nothing from another host

    monkeypatch.chdir(root)
    assert run(capsys, "check")[0] == 0
    status, _, err = run(capsys, "new", "claim", "board", "--quote", "The board has four members")
    assert status == 0, err
    assert build_at(root).aborted  # until its TODOs are replaced
    note = root / "annotations" / "claims" / "board.yml"
    note.write_text(note.read_text(encoding="utf-8").replace(": TODO ", ": Written, "), encoding="utf-8")
    assert not build_at(root).aborted


def test_init_in_the_current_folder_uses_the_essay_where_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "essay.txt").write_text("One paragraph.\nAnother one.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "init", "seeds/essay.txt")[0] == 0
    options = yaml.safe_load(Path("mkdocs.yml").read_text(encoding="utf-8"))["plugins"][1]["annotated-essay"]
    assert options == {"essay": "seeds/essay.txt", "annotations": "annotations", "title": "Essay"}  # a .txt has no heading
    assert not (tmp_path / "essay.txt").exists()
    built = build_at(tmp_path)
    assert not built.aborted and "<title>Essay - Essay</title>" in built.html()


@pytest.mark.parametrize("existing", ["mkdocs.yml", "boards.md", "docs/index.md"])
def test_init_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str], existing: str) -> None:
    essay = tmp_path / "boards.md"
    essay.write_text(ESSAY_MD, encoding="utf-8")
    root = tmp_path / "edition"
    (root / existing).parent.mkdir(parents=True)
    (root / existing).write_text("mine\n", encoding="utf-8")
    status, _, err = run(capsys, "init", str(essay), str(root))
    assert status == 1
    assert err == f"error: {root / existing} already exists: init never overwrites a file; choose another folder\n"
    assert [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()] == [existing]
    assert (root / existing).read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize(("name", "message"), [("essay.html", "the essay must be a .txt or .md file"), ("missing.md", "no such file")])
def test_init_refuses_what_is_not_an_essay(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, message: str) -> None:
    if name != "missing.md":
        (tmp_path / name).write_text("x", encoding="utf-8")
    status, _, err = run(capsys, "init", str(tmp_path / name), str(tmp_path / "site"))
    assert (status, err) == (1, f"error: {tmp_path / name}: {message}\n")
    assert not (tmp_path / "site").exists()
