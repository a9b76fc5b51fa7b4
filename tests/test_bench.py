"""The benchmark's synthetic site: files shaped as `annotated-essay new` writes them, all valid.

`make bench` is not part of `make test`; this keeps the code it runs working,
and its files the kind real ones are, so that it measures the path they take.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from annotated_essay import cli

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import synthetic  # noqa: E402


def test_the_benchmark_files_start_as_new_writes_them_and_all_anchor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    essay = synthetic.make_essay(size=20_000, terms=40)
    files = synthetic.make_annotations(essay, synthetic.scaled_counts(60))
    config = synthetic.write_site(tmp_path / "bench", essay, files)
    assert {rel.split("/")[0] for rel in files} == {"claims", "glossary", "xrefs", "quotations"}

    monkeypatch.chdir(config.parent)
    quote = yaml.safe_load(next(text for rel, text in files.items() if rel.startswith("claims/")))["quote"]
    assert cli.main(["new", "claim", "written-by-new", "--quote", quote]) == 0
    written = (config.parent / "annotations" / "claims" / "written-by-new.yml").read_text(encoding="utf-8")
    (config.parent / "annotations" / "claims" / "written-by-new.yml").unlink()
    for rel, text in files.items():
        folder = rel.split("/")[0]
        assert text.splitlines()[0] == written.splitlines()[0].replace("/claims.", f"/{folder}."), rel
    capsys.readouterr()

    assert cli.main(["check", "--config-file", str(config)]) == 0
    assert f"{len(files)} annotations, {len(files)} anchored; 0 errors" in capsys.readouterr().out
