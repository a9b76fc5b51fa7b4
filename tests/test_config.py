"""A site owner's configuration mistakes: each is an error at its line in mkdocs.yml, from `check` and the build alike."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from annotated_essay import cli
from sitebuild import build_at, write_site

ESSAY = "Right now, the board has four members.\nThe company plans to raise money over two years.\n"
CLAIM = """\
quote: {quote}
claim: The board had four members.
speaker: the author
verdict: unverified
checked: 2026-01-02
note: Not yet checked.
"""


def check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = cli.main(["check", "-f", str(root / "mkdocs.yml")])
    out, err = capsys.readouterr()
    return status, out, err


def place_of(root: Path, text: str) -> str:
    """`line:column` of `text` in mkdocs.yml, 1-based."""
    lines = (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    return next(f"{number}:{line.index(text) + 1}" for number, line in enumerate(lines, start=1) if text in line)


def test_an_unknown_option_is_located_with_a_did_you_mean(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_site(tmp_path, ESSAY, options={"glossary_mark": "all"})
    monkeypatch.chdir(root)
    at = place_of(root, "glossary_mark:")
    status, out, err = check(root, capsys)
    assert status == 1, out + err
    assert out.splitlines()[:2] == [
        f"mkdocs.yml:{at}: error: unknown option 'glossary_mark' of the annotated-essay plugin",
        "    hint: did you mean 'glossary_marks'?",
    ]
    built = build_at(root)
    assert built.aborted
    assert built.warnings == [f"mkdocs.yml:{at}: unknown option 'glossary_mark' of the annotated-essay plugin (did you mean 'glossary_marks'?)"]


@pytest.mark.parametrize("options", [{"annotations": "annotation"}, {}], ids=["misspelt", "default-missing"])
def test_a_missing_annotations_folder_is_an_error_naming_the_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, options: dict[str, str]
) -> None:
    root = write_site(tmp_path, ESSAY, options=options)
    if not options:
        (root / "annotations").rmdir()
    monkeypatch.chdir(root)
    folder = options.get("annotations", "annotations")
    at = place_of(root, "annotations: annotation" if options else "annotated-essay:")
    status, out, _ = check(root, capsys)
    assert status == 1
    assert out.startswith(f"mkdocs.yml:{at}: error: the annotations folder '{folder}' does not exist (looked for {root / folder})\n")
    assert "set the plugin's 'annotations' option" in out
    assert build_at(root).aborted
    assert any(w.startswith(f"mkdocs.yml:{at}: the annotations folder") for w in build_at(root, strict=False).warnings)


def test_check_fails_on_a_docs_page_the_essay_would_replace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_site(tmp_path, ESSAY, docs={"index.md": "# Mine\n"})
    status, _, err = check(root, capsys)
    assert status == 2
    assert "docs/index.md would be replaced by the annotated essay's pages" in err
    assert build_at(root).aborted


@pytest.mark.parametrize("name", ["docs/essay.md", "docs/essay.txt", "docs/index.md"])
def test_an_essay_inside_docs_is_published_once_annotated(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    root = write_site(tmp_path, ESSAY, {"claims/board.yml": CLAIM.format(quote="the board has four members")}, essay_name=name)
    assert check(root, capsys)[0] == 0
    built = build_at(root)
    assert not built.aborted, built.warnings
    assert 'data-annotation="board"' in built.html()
    published = sorted(p.relative_to(built.site).as_posix() for p in built.site.rglob("*") if p.name.startswith("essay"))
    assert published == []


def test_no_page_is_reported_missing_from_an_explicit_nav(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # An annotation that cannot be placed: the plugin adds the Unanchored page, and puts it in the nav itself.
    root = write_site(
        tmp_path, ESSAY, {"claims/board.yml": CLAIM.format(quote="words not in the essay")}, extra_config={"nav": ["index.md", "claims.md", "glossary.md"]}
    )
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        built = build_at(root, strict=False)
    assert 'href="unanchored/"' in built.html()
    assert not [r.getMessage() for r in caplog.records if "not included in the" in r.getMessage()]
