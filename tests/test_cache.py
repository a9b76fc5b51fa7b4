"""The annotations kept between `mkdocs serve` rebuilds: reused only while nothing changed."""

from __future__ import annotations

import os
from pathlib import Path

from annotated_essay.files.cache import AnnotationCache, folder_fingerprint

CLAIM = """\
quote: the exact words
claim: A claim.
speaker: the author
verdict: opinion
checked: 2026-01-01
note: Why.
"""


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "annotations"
    (folder / "claims").mkdir(parents=True)
    (folder / "claims" / "one.yml").write_text(CLAIM, encoding="utf-8")
    return folder


def test_an_unchanged_folder_is_not_loaded_again(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    cache = AnnotationCache()
    first = cache.load(folder, tmp_path)
    assert [a.id for a in first.annotations] == ["one"]
    assert cache.load(folder, tmp_path) is first
    assert cache.hits == 1


def test_an_edit_is_seen_even_with_the_same_size_and_modification_time(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    path = folder / "claims" / "one.yml"
    cache = AnnotationCache()
    cache.load(folder, tmp_path)
    stat = path.stat()
    path.write_text(CLAIM.replace("A claim.", "B claim."), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_mtime_ns == stat.st_mtime_ns and path.stat().st_size == stat.st_size
    reloaded = cache.load(folder, tmp_path)
    assert reloaded.annotations[0].claim == "B claim."
    assert cache.hits == 0


def test_added_removed_and_renamed_files_change_the_fingerprint(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    before = folder_fingerprint(folder)
    (folder / "claims" / "one.yml").rename(folder / "claims" / "two.yml")
    renamed = folder_fingerprint(folder)
    (folder / "claims" / "three.yml").write_text(CLAIM, encoding="utf-8")
    added = folder_fingerprint(folder)
    assert len({before, renamed, added}) == 3
    (folder / "claims" / "three.yml").unlink()
    assert folder_fingerprint(folder) == renamed
    assert folder_fingerprint(tmp_path / "missing") == ""


def test_the_plugin_keeps_its_cache_across_rebuilds(tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    (tmp_path / "docs").mkdir()
    (tmp_path / "essay.txt").write_text("Here are the exact words of it.\n", encoding="utf-8")
    _folder(tmp_path)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - annotated-essay:\n      essay: essay.txt\n", encoding="utf-8"
    )
    # As `mkdocs serve` does: on_startup once, then the configuration loaded again for each rebuild.
    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    plugin = config.plugins["annotated-essay"]
    build(config)
    again = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    assert again.plugins["annotated-essay"] is plugin
    build(again)
    assert plugin.cache.hits == 1
    assert 'data-annotation="one"' in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
