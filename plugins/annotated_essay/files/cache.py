"""Annotations kept between the rebuilds of one `mkdocs serve`.

`mkdocs serve` rebuilds the whole site on every change, to any file. Loading
and checking every annotation file is a large share of a build, so the plugin
keeps the last loaded set and reuses it while no file of the annotations
folder has changed. Files are compared by content, not modification time: an
edit within one tick of the file system's clock would otherwise go unseen,
and reading a folder of small files costs little next to parsing them.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from .load import load_annotations
from ..model import AnnotationSet


def folder_fingerprint(folder: Path) -> str:
    """A digest of every file's path and content under `folder` ("" for no folder)."""
    if not folder.is_dir():
        return ""
    digest = hashlib.blake2b(digest_size=16)
    for directory, _, names in sorted(os.walk(folder)):
        for name in sorted(names):
            path = Path(directory, name)
            digest.update(os.fsencode(path.relative_to(folder)) + b"\0")
            try:
                digest.update(path.read_bytes() if path.is_file() else b"\1not a file")
            except OSError as error:  # the loader reports it; only the fact must count here
                digest.update(f"\1{error.errno}".encode())
            digest.update(b"\0")
    return digest.hexdigest()


@dataclass
class AnnotationCache:
    """The last annotation set loaded, and the fingerprint of the folder it came from."""

    key: tuple[Path, Path, str] | None = None
    value: AnnotationSet | None = field(default=None, repr=False)
    hits: int = 0

    def load(self, folder: Path, base: Path) -> AnnotationSet:
        """`load_annotations(folder, base)`, reused while no file under `folder` has changed."""
        key = (folder, base, folder_fingerprint(folder))
        if key != self.key or self.value is None:
            self.key, self.value = key, load_annotations(folder, base)
        else:
            self.hits += 1
        return self.value
