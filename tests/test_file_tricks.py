"""Files that are not what they seem, places counted on the lines YAML counts,
and nothing in a file changed without a word.

- A link in the annotations folder (to a file or a folder, inside the site or
  out of it) is refused with a located problem: what it points to is never
  read, so never published.
- A file's line breaks may be \\r\\n, \\r, \\n, U+0085, U+2028 or U+2029: every
  problem in it is located on the lines YAML's parser counts.
- A U+0085, U+2028 or U+2029 (a line break to YAML that editors do not show),
  and a no-break or other space that stripping removes, are reported.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotated_essay.files.load import load_annotations, load_text

from hostile import HIDDEN_BREAKS, ODD_SPACES

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CLAIM = "quote: words\nclaim: {claim}\nspeaker: s\nverdict: opinion\nchecked: 2024-01-01\nnote: n\n"


# --- links ------------------------------------------------------------------------

ENTRY = st.tuples(st.sampled_from(["claims", "glossary"]), st.sampled_from(["file", "link-out", "link-in", "folder-link"]))


@PROPERTY
@given(entries=st.lists(ENTRY, min_size=1, max_size=6))
def test_no_link_is_followed(entries: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        outside = root / "outside"
        outside.mkdir()
        (outside / "secret.yml").write_text(CLAIM.format(claim="SECRET"), encoding="utf-8")
        site = root / "site"
        kept = site / "kept.yml"
        site.mkdir()
        kept.write_text(CLAIM.format(claim="INSIDE"), encoding="utf-8")
        links = []
        for number, (folder, what) in enumerate(entries):
            (site / "annotations" / folder).mkdir(parents=True, exist_ok=True)
            path = site / "annotations" / folder / f"e{number}.yml"
            if what == "file":
                path.write_text(CLAIM.format(claim="OWN") if folder == "claims" else "term: OWN\ndefinition: d\n", encoding="utf-8")
                continue
            target = {"link-out": outside / "secret.yml", "link-in": kept, "folder-link": outside}[what]
            os.symlink(target, path)
            links.append(path.relative_to(site).as_posix())
        result = load_annotations(site / "annotations", site)
        assert all(getattr(a, "claim", None) == "OWN" or getattr(a, "term", None) == "OWN" for a in result.annotations)
        refused = sorted(str(p.where.path) for p in result.problems if "symbolic link" in p.message)
        assert refused == sorted(links)
        assert sorted(r.where.path for r in result.rejected) == sorted(links)


def test_a_link_to_a_folder_of_annotations_is_refused_too(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.yml").write_text(CLAIM.format(claim="SECRET"), encoding="utf-8")
    (tmp_path / "site" / "annotations").mkdir(parents=True)
    os.symlink(tmp_path / "elsewhere", tmp_path / "site" / "annotations" / "claims")
    result = load_annotations(tmp_path / "site" / "annotations", tmp_path / "site")
    assert result.annotations == []
    assert [str(p.where) for p in result.problems] == ["annotations/claims:1:1"]


# --- line numbers ------------------------------------------------------------------

BREAKS = ["\n", "\r\n", "\r", *HIDDEN_BREAKS]
MISTAKES = {
    "an unknown key": "bad: 1",
    "a control character": "claim: a\x01b",
    "a byte that is not UTF-8": "claim: a\udcffb",  # written as the byte 0xFF
    "a tab": "\tclaim: x",
}


def lines_with(breaks: list[str], mistake: str, at: int) -> bytes:
    rows = ["quote: words", "speaker: s", "verdict: opinion", "checked: 2024-01-01", "note: n"]
    rows.insert(at, mistake)
    text = rows[0] + "".join(b + row for b, row in zip(breaks, rows[1:])) + breaks[-1]
    return text.encode("utf-8", "surrogateescape")


@PROPERTY
@given(breaks=st.lists(st.sampled_from(BREAKS), min_size=6, max_size=6), mistake=st.sampled_from(sorted(MISTAKES)), at=st.integers(1, 5))
def test_every_problem_is_on_the_line_yaml_counts(breaks: list[str], mistake: str, at: int) -> None:
    _, problems = load_text(lines_with(breaks, MISTAKES[mistake], at), "annotations/claims/a.yml", "claims", "a")
    found = [p for p in problems if "line break to YAML" not in p.message and "missing" not in p.message]
    assert found and found[0].where.line == at + 1, (mistake, problems)
    hidden = [i for i, b in enumerate(breaks) if b in HIDDEN_BREAKS]
    if hidden and mistake not in ("a control character", "a byte that is not UTF-8"):  # those stop reading first
        (warning,) = [p for p in problems if "line break to YAML" in p.message]
        assert warning.where.line == hidden[0] + 1


# --- quiet changes -------------------------------------------------------------------


@PROPERTY
@given(before=st.text(st.sampled_from([" ", "\t", *ODD_SPACES]), max_size=3), after=st.text(st.sampled_from([" ", "\t", *ODD_SPACES]), max_size=3))
def test_a_space_removed_from_either_end_is_reported_unless_plain(before: str, after: str) -> None:
    text = CLAIM.format(claim=json.dumps(before + "The claim." + after, ensure_ascii=False))  # JSON is YAML, double-quoted
    annotation, problems = load_text(text.encode("utf-8"), "annotations/claims/a.yml", "claims", "a")
    assert annotation is not None and annotation.claim == "The claim."
    removed = [p for p in problems if "a space that is removed" in p.message]
    odd = [c for c in before + after if c in ODD_SPACES]
    assert [(p.where.line, p.severity) for p in removed] == ([(2, "warning")] if odd else [])
    if odd:
        assert f"U+{ord(odd[0]):04X}" in removed[0].message


@pytest.mark.parametrize("char", HIDDEN_BREAKS)
def test_a_line_break_editors_do_not_show_is_reported(char: str) -> None:
    annotation, problems = load_text(CLAIM.format(claim=f"\"One{char}two.\"").encode("utf-8"), "annotations/claims/a.yml", "claims", "a")
    assert annotation is not None and annotation.claim in ("One two.", f"One{char}two.")  # folded, or kept as a line break
    assert [(str(p.where), p.severity) for p in problems] == [("annotations/claims/a.yml:2:12", "warning")]
    assert problems[0].message.startswith(f"U+{ord(char):04X} is a line break to YAML")


# --- a note that shows nothing ---------------------------------------------------------

MARKUP_ONLY = ["***", "---", "[ref]: https://example.org", "#", ">", "```\n```", "[]()", "* * *\n\n[a]: https://example.org/a"]


@PROPERTY
@given(note=st.lists(st.sampled_from([*MARKUP_ONLY, "word", "\n", "\n\n", " ", "*", "[x]", "(y)"]), min_size=1, max_size=6).map("".join).filter(str.strip))
def test_a_note_that_shows_nothing_is_reported(note: str) -> None:
    from annotated_essay import site
    from annotated_essay.html.markdown import markdown_content
    from annotated_essay.html.tree import parse_fragment, text_of
    from annotated_essay.model import AnnotationSet

    annotation, _ = load_text(CLAIM.format(claim="c").replace("note: n", "note: " + json.dumps(note)).encode("utf-8"), "annotations/claims/a.yml", "claims", "a")
    assert annotation is not None
    shown = text_of(parse_fragment(markdown_content(annotation.note))).strip()
    problems = site._shows_nothing(AnnotationSet([annotation]))
    assert bool(problems) == (not shown)


@pytest.mark.parametrize("note", MARKUP_ONLY)
def test_check_reports_a_note_of_markup_alone(note: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from annotated_essay import cli

    (tmp_path / "docs").mkdir()
    (tmp_path / "essay.txt").write_text("Some words here.\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text('site_name: T\nplugins:\n  - annotated-essay:\n      essay: essay.txt\n', encoding="utf-8")
    (tmp_path / "annotations" / "claims").mkdir(parents=True)
    (tmp_path / "annotations" / "claims" / "a.yml").write_text(CLAIM.format(claim="c").replace("note: n", "note: " + json.dumps(note)), encoding="utf-8")
    assert cli.main(["check", "-f", str(tmp_path / "mkdocs.yml")]) == 1
    assert "annotations/claims/a.yml:1:1: error: 'note' shows nothing" in capsys.readouterr().out
