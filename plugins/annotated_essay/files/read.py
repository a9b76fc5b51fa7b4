"""The annotations folder on disk: which files to read, their bytes, and what is wrong with where they are.

Files are read defensively, as they come from strangers: never more than the
size limit, never a pipe or a device (which could block the build), and a
name that cannot be shown as it is (bytes that are not UTF-8, control
characters) is reported rather than written into a page or a log.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import NamedTuple

from ..fields import EXTENSION, MAX_FILE_BYTES, MAX_ID_LENGTH, NOT_IN_HTML, id_ok
from ..model import KINDS, Location, Problem
from .check import nearest

__all__ = ["FoundFile", "find_files", "id_problem", "layout_problem", "read_bytes", "shown", "stem", "too_big", "unknown_folder"]


class FoundFile(NamedTuple):
    """A file under the annotations folder."""

    full: str
    """Its path on disk, to open."""
    path: str
    """Its path as problems show it: relative to the site's folder, POSIX style."""
    parts: tuple[str, ...]
    """Its path under the annotations folder: (kind folder, ..., file name)."""
    stem: str
    """Its name without the extension: the annotation's id."""


def find_files(folder: Path, base: Path) -> list[FoundFile]:
    """Every file under `folder` but dotfiles and `*.md` files (READMEs), sorted by path.

    Problem paths are relative to `base`. Links to folders are not followed
    (a link cannot make the walk loop, nor lead out of the site) but listed,
    as links to files are, to be refused; an unreadable folder is skipped.
    """
    found: list[FoundFile] = []
    for directory, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        names += [name for name in folders if os.path.islink(os.path.join(directory, name))]
        under = Path(directory).relative_to(folder).parts
        relative = Path(os.path.relpath(directory, base)).as_posix()
        lead = "" if relative == "." else relative + "/"
        for name in names:
            if not name.startswith(".") and not name.endswith(".md"):
                found.append(FoundFile(os.path.join(directory, name), lead + name, (*under, name), stem(name)))
    return sorted(found, key=lambda file: file.path)


def stem(name: str) -> str:
    """A file name without its extension, by pathlib's rule: a dot that starts or ends the name starts none."""
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def read_bytes(found: FoundFile) -> tuple[bytes | None, Problem | None]:
    """The file's bytes, or why they were not read."""
    try:
        status = os.lstat(found.full)
        if not stat.S_ISREG(status.st_mode):
            return None, Problem(Location(found.path), "not a regular file", "replace it with a .yml file")
        if status.st_size > MAX_FILE_BYTES:
            return None, too_big(status.st_size, found.path)
        # Never through a link, even one made since the look above. A buffered read: one
        # `os.read` may return fewer bytes than asked (a network file system), and a file cut short would parse.
        with open(os.open(found.full, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)), "rb") as file:
            # At most one byte over the limit: a file that grew since `stat` is not read whole.
            data = file.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            return None, too_big(os.stat(found.full).st_size, found.path)
    except OSError as error:
        message = f"cannot read the file: {error.strerror or error}"
        return None, Problem(Location(found.path), message, "check that it exists and can be read")
    return data, None


def too_big(size: int, path: str) -> Problem:
    """The problem of a file of `size` bytes, over the limit."""
    return Problem(
        Location(path),
        f"the file is {size} bytes; the limit is {MAX_FILE_BYTES} (64 KiB)",
        "shorten the text: one annotation per file",
    )


def shown(path: str) -> str:
    """`path` as it can be shown: undecodable bytes and control characters become U+FFFD."""
    text = path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return NOT_IN_HTML.sub("\ufffd", text)


def layout_problem(found: FoundFile) -> Problem | None:
    """What is wrong with where a file is, or None for annotations/<kind>/<id>.yml."""
    parts, path, stem = found.parts, found.path, found.stem
    if os.path.islink(found.full):  # it could lead anywhere: out of the site, to a secret
        message = "a symbolic link: only files in the annotations folder are read, never what a link points to"
        return Problem(Location(path), message, "put the file itself here, instead of a link to it")
    if len(parts) == 1:
        kinds = " or ".join(f"{kind}/{stem}{EXTENSION}" for kind in KINDS)
        return Problem(Location(path), "annotation files go in a kind folder", f"move it to {kinds}")
    folder = parts[0]
    if folder not in KINDS:
        return unknown_folder(folder, path)
    if len(parts) > 2:
        message = f"subfolders are not allowed in '{folder}'"
        return Problem(Location(path), message, f"move it to {folder}/{stem}{EXTENSION}")
    if not parts[-1].endswith(EXTENSION):
        message = f"annotation files must end in {EXTENSION}"
        return Problem(Location(path), message, f"rename it to {stem}{EXTENSION}")
    return None


def unknown_folder(folder: str, path: str) -> Problem:
    """The problem of a file in a folder that names no kind."""
    return Problem(Location(path), f"unknown folder '{folder}'", nearest(folder, KINDS, "folders"))


def id_problem(id: str, path: str) -> Problem | None:
    """What is wrong with a file's name as an annotation id, with the name to rename it to."""
    if id_ok(id):
        return None
    slug = re.sub(r"[^a-z0-9]+", "-", id.lower()).strip("-")[:MAX_ID_LENGTH].strip("-")
    hint = f"rename the file to {slug}{EXTENSION}" if slug else "name it with lowercase letters, digits and hyphens"
    if len(id) > MAX_ID_LENGTH:
        message = f"the id '{id}' is {len(id)} characters long; the limit is {MAX_ID_LENGTH}"
    else:
        message = f"invalid id '{id}': use lowercase letters a-z, digits and single hyphens between them"
    return Problem(Location(path), message, hint)
