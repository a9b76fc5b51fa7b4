"""Annotation files -> the annotation model, with a located problem for every mistake.

`load_annotations` loads the annotations folder; `load_text` one file's bytes.
The steps live apart: `.read` finds the files and reads them, `.yamlnodes`
parses YAML into located nodes, `.check` checks the nodes against the field
tables, `.build` makes the model. Here they are put together, with what
needs more than one file: ids unique across all kinds, and ids that name an
existing annotation. When a file cannot be understood at all (a syntax
error, a missing required key) no annotation is built, and the file is
listed as `Rejected`.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from ..fields import FIELDS, MAX_FILE_BYTES, id_ok
from ..model import KIND_OF_FOLDER, Annotation, AnnotationSet, AnnotationTarget, CrossRef, Location, Problem, Rejected, Term
from .build import build
from .check import AnnotationFile, check_root
from .read import FoundFile, find_files, id_problem, layout_problem, read_bytes, shown, stem, too_big, unknown_folder
from .yamlnodes import decode, parse

__all__ = ["load_annotations", "load_text"]


def load_text(data: bytes, relpath: str, kind_folder: str, id: str) -> tuple[Annotation | None, list[Problem]]:
    """Parse one file's bytes.

    `relpath` is the file's path as problems should show it, `kind_folder`
    the folder it is in (`claims`, `glossary`, `xrefs` or `quotations`) and
    `id` its name without `.yml`. Returns the annotation (None when it cannot
    be understood) and its problems, sorted. Never raises.
    """
    try:
        annotation, problems = _load_text(data, relpath, kind_folder, id)
    except Exception as error:  # noqa: BLE001 - a bug here must not stop the build
        message = f"internal error while reading this file: {type(error).__name__}: {error}"
        return None, [Problem(Location(relpath), message, "please report this as a bug")]
    return annotation, sorted(problems, key=Problem.sort_key)


def _load_text(data: bytes, path: str, kind_folder: str, id: str) -> tuple[Annotation | None, list[Problem]]:
    if kind_folder not in FIELDS:
        return None, [unknown_folder(kind_folder, path)]
    bad_id = id_problem(id, path)
    problems = [bad_id] if bad_id else []
    if len(data) > MAX_FILE_BYTES:
        return None, [*problems, too_big(len(data), path)]
    text, decode_problems = decode(data, path)
    if text is None:
        return None, [*problems, *decode_problems]
    root, fatal, parse_problems = parse(text, path)
    problems += parse_problems
    if fatal:
        return None, problems
    file = AnnotationFile(path, id)
    checked = check_root(file, root, kind_folder)
    annotation = build(file, checked, kind_folder) if checked else None
    # An ill-formed id is reported above; the rest of the file is still checked.
    return (None if bad_id or file.fatal else annotation), problems + file.problems


def load_annotations(folder: Path, base: Path) -> AnnotationSet:
    """Load every file under `folder` (the annotations folder).

    Problem paths are relative to `base` (the folder of mkdocs.yml), POSIX
    style. Files are visited in sorted order so results are deterministic. A
    missing folder gives an empty set and no problem. Dotfiles and `*.md`
    files (READMEs) are ignored.
    """
    result = AnnotationSet()
    if not folder.is_dir():
        return result
    first_of: dict[str, str] = {}  # id -> path of the file that has it
    for found in find_files(folder, base):
        _load_file(result, found, first_of)
    known = set(first_of)
    for annotation in result.annotations:
        result.problems += _dangling(annotation, known)
    result.problems.sort(key=Problem.sort_key)
    return result


_RENAME = "rename it with lowercase letters a-z, digits and hyphens"


def _load_file(result: AnnotationSet, found: FoundFile, first_of: dict[str, str]) -> None:
    """Load one file into `result`; `first_of` maps each id seen so far to its file."""
    path, id, visible = found.path, found.stem, shown(found.path)
    if visible != path:
        # Its name cannot be written into a page or a log as it is.
        problem = Problem(Location(visible), "the file name has bytes that are not UTF-8, or control characters", _RENAME)
        kind = KIND_OF_FOLDER.get(shown(found.parts[0]), "")
        _reject(result, stem(shown(found.parts[-1])), kind, visible, [problem])
        return
    folder = found.parts[0] if len(found.parts) > 1 else ""
    kind = KIND_OF_FOLDER.get(folder, folder)
    layout = layout_problem(found)
    if layout is not None:
        _reject(result, id, kind, path, [layout])
        return
    problems: list[Problem] = []
    duplicate = id in first_of
    if duplicate:  # told at both files, each naming the other: neither is changed without a word
        message = f"the id '{id}' is used by two files: {first_of[id]} and {path}"
        hint = f"rename one of them (ids are unique across all kinds); until then {path} is left out of the essay"
        problems.append(Problem(Location(path), message, hint))
        result.problems.append(Problem(Location(first_of[id]), message, hint))
    else:
        first_of[id] = path
    data, unread = read_bytes(found)
    annotation, more = load_text(data, path, folder, id) if data is not None else (None, [unread])
    problems += more
    if annotation is None or duplicate:
        _reject(result, id, kind, path, problems)
    else:
        result.annotations.append(annotation)
        result.problems += problems


def _reject(result: AnnotationSet, id: str, kind: str, path: str, problems: list[Problem]) -> None:
    problems = sorted(problems, key=Problem.sort_key)
    result.rejected.append(Rejected(id, kind, Location(path), tuple(problems)))
    result.problems += problems


_NO_SUCH_ID = "an id is the name of a file under annotations/<kind>/, without .yml"


def _dangling(annotation: Annotation, known: set[str]) -> list[Problem]:
    """Problems for ids this annotation refers to that name no annotation file."""
    references: list[tuple[str, Location]] = []
    if isinstance(annotation, Term):
        references += zip(annotation.see_also, annotation.see_also_where)
    elif isinstance(annotation, CrossRef) and isinstance(annotation.to, AnnotationTarget):
        references.append((annotation.to.annotation, annotation.to.where))
    problems = []
    for other, where in references:
        if id_ok(other) and other not in known:
            # The nearest id, not the list of every id: a project may have hundreds.
            close = difflib.get_close_matches(other, sorted(known), n=1)
            hint = f"did you mean '{close[0]}'?" if close else _NO_SUCH_ID
            problems.append(Problem(where, f"no annotation has the id '{other}'", hint))
    return problems
