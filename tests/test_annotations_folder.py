"""The annotations folder: which files are read, where they must be, and what needs every file.

Ids are unique across all kinds, and an id that an annotation refers to must
name an annotation file. Files that cannot be read (links to nowhere, pipes,
files over the size limit) are reported, never waited on or read whole.
"""

from __future__ import annotations

import os
from pathlib import Path

from annotated_essay.files.load import load_annotations
from test_annotation_files import CLAIM, TERM


def write(root: Path, relpath: str, text: str | bytes) -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


_NO_SUCH_ID = "an id is the name of a file under annotations/<kind>/, without .yml"


def test_missing_folder_is_an_empty_set(tmp_path: Path) -> None:
    result = load_annotations(tmp_path / "annotations", tmp_path)
    assert (result.annotations, result.rejected, result.problems) == ([], [], [])


def test_each_file_is_loaded_or_rejected_with_its_problems(tmp_path: Path) -> None:
    files = {
        "annotations/claims/founded.yml": CLAIM,
        "annotations/glossary/founded.yml": TERM,  # same id as the claim
        "annotations/glossary/ltbt.yml": TERM.replace("[other-one]", "[founded, broken, foundd, the-trust]"),
        "annotations/glossary/the-trust.yml": "term: the Trust\ndefinition: d\n",
        "annotations/xrefs/pointer.yml": "from: {quote: a}\nto: {annotation: nowhere}\nrelation: cites\n",
        "annotations/xrefs/to-broken.yml": "from: {quote: a}\nto: {annotation: broken}\nrelation: cites\n",
        "annotations/quotations/broken.yml": "start: [\n",
        "annotations/claim/typo.yml": CLAIM,
        "annotations/loose.yml": CLAIM,
        "annotations/claims/wrong-ext.yaml": CLAIM,
        "annotations/claims/deeper/nested.yml": CLAIM,
        "annotations/claims/notes.txt": "hello",
        "annotations/README.md": "# Annotations",
        "annotations/claims/README.md": "# Claims",
        "annotations/claims/.draft.yml": "not: [valid",
        "annotations/.git/config": "x",
        "annotations/.DS_Store": b"\x00\x01",
    }
    for relpath, text in files.items():
        write(tmp_path, relpath, text)
    result = load_annotations(tmp_path / "annotations", tmp_path)

    assert [a.id for a in result.annotations] == ["founded", "ltbt", "the-trust", "pointer", "to-broken"]
    assert [(r.id, r.kind, str(r.where)) for r in result.rejected] == [
        ("typo", "claim", "annotations/claim/typo.yml:1:1"),
        ("nested", "claim", "annotations/claims/deeper/nested.yml:1:1"),
        ("notes", "claim", "annotations/claims/notes.txt:1:1"),
        ("wrong-ext", "claim", "annotations/claims/wrong-ext.yaml:1:1"),
        ("founded", "glossary", "annotations/glossary/founded.yml:1:1"),
        ("loose", "", "annotations/loose.yml:1:1"),
        ("broken", "quotation", "annotations/quotations/broken.yml:1:1"),
    ]
    shown = [(str(p.where), p.message, p.hint) for p in result.problems]
    assert shown == [
        ("annotations/claim/typo.yml:1:1", "unknown folder 'claim'", "did you mean 'claims'?"),
        ("annotations/claims/deeper/nested.yml:1:1", "subfolders are not allowed in 'claims'", "move it to claims/nested.yml"),
        (
            "annotations/claims/founded.yml:1:1",
            "the id 'founded' is used by two files: annotations/claims/founded.yml and annotations/glossary/founded.yml",
            "rename one of them (ids are unique across all kinds); until then annotations/glossary/founded.yml is left out of the essay",
        ),
        ("annotations/claims/notes.txt:1:1", "annotation files must end in .yml", "rename it to notes.yml"),
        ("annotations/claims/wrong-ext.yaml:1:1", "annotation files must end in .yml", "rename it to wrong-ext.yml"),
        (
            "annotations/glossary/founded.yml:1:1",
            "the id 'founded' is used by two files: annotations/claims/founded.yml and annotations/glossary/founded.yml",
            "rename one of them (ids are unique across all kinds); until then annotations/glossary/founded.yml is left out of the essay",
        ),
        ("annotations/glossary/ltbt.yml:5:29", "no annotation has the id 'foundd'", "did you mean 'founded'?"),
        (
            "annotations/loose.yml:1:1",
            "annotation files go in a kind folder",
            "move it to claims/loose.yml or glossary/loose.yml or xrefs/loose.yml or quotations/loose.yml",
        ),
        ("annotations/quotations/broken.yml:2:1", result.problems[8].message, result.problems[8].hint),
        ("annotations/xrefs/pointer.yml:2:18", "no annotation has the id 'nowhere'", _NO_SUCH_ID),
    ]
    assert result.problems[8].message.startswith("YAML syntax error")
    # The rejected files' problems are in the set's list and in their own entry.
    assert result.rejected[-1].problems == (result.problems[8],)


def test_problem_paths_are_relative_to_the_site_folder(tmp_path: Path) -> None:
    write(tmp_path, "site/annotations/claims/a.yml", CLAIM.replace("verdict: supported", "verdict: x"))
    write(tmp_path, "notes/claims/b.yml", CLAIM + "oops: 1\n")
    inside = load_annotations(tmp_path / "site" / "annotations", tmp_path / "site")
    assert [str(p.where) for p in inside.problems] == ["annotations/claims/a.yml:4:10"]
    outside = load_annotations(tmp_path / "notes", tmp_path / "site")
    assert [str(p.where) for p in outside.problems] == ["../notes/claims/b.yml:10:1"]
    assert [a.id for a in outside.annotations] == ["b"]


def test_a_file_over_the_size_limit_is_rejected_unread(tmp_path: Path) -> None:
    write(tmp_path, "annotations/claims/big.yml", CLAIM + "#" * (64 * 1024))
    result = load_annotations(tmp_path / "annotations", tmp_path)
    assert [r.id for r in result.rejected] == ["big"]
    assert "the limit is 65536" in result.problems[0].message


def test_files_are_loaded_in_path_order(tmp_path: Path) -> None:
    for name in ("b", "a", "c"):
        write(tmp_path, f"annotations/glossary/{name}.yml", f"term: {name}\ndefinition: d\nsee_also: [z{name}]\n")
    first = load_annotations(tmp_path / "annotations", tmp_path)
    assert first == load_annotations(tmp_path / "annotations", tmp_path)
    assert [a.id for a in first.annotations] == ["a", "b", "c"]
    assert [p.where.path for p in first.problems] == [f"annotations/glossary/{n}.yml" for n in "abc"]


def test_links_and_pipes_are_rejected_unread(tmp_path: Path) -> None:
    write(tmp_path, "annotations/claims/good.yml", CLAIM)
    (tmp_path / "annotations/claims/dangling.yml").symlink_to(tmp_path / "nowhere.yml")
    (tmp_path / "annotations/claims/loop").symlink_to(tmp_path / "annotations")  # never walked into
    os.mkfifo(tmp_path / "annotations/claims/pipe.yml")
    result = load_annotations(tmp_path / "annotations", tmp_path)
    assert [a.id for a in result.annotations] == ["good"]
    link = "a symbolic link: only files in the annotations folder are read, never what a link points to"
    assert {r.id: r.problems[0].message for r in result.rejected} == {
        "dangling": link,
        "loop": link,
        "pipe": "not a regular file",
    }
