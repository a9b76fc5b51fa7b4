"""The README tells a new site owner what the code does: its example and facts are checked against the code."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

import yaml

from annotated_essay import site
from annotated_essay import cli
from sitebuild import ROOT, build_at, copy_our_site

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_example_config_has_a_theme_and_every_option_explained() -> None:
    example = next(block for block in re.findall(r"```yaml\n(.*?)```", README, re.S) if "annotated-essay:" in block)
    config = yaml.safe_load(example)
    assert config["theme"]["name"] == "material"
    options = next(p["annotated-essay"] for p in config["plugins"] if isinstance(p, dict))
    assert tuple(options) == site.OPTIONS
    commented = [line for line in example.splitlines() if re.match(r"\s+\w+:", line) and line.strip().split(":")[0] in site.OPTIONS]
    assert all("#" in line for line in commented), "each option says what it does"


def test_the_readme_gives_the_python_version_and_the_seed_file() -> None:
    required = re.search(r'requires-python = ">=([\d.]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert required and f"Python {required[1]} or newer" in README
    seeds = [p.relative_to(ROOT).as_posix() for p in (ROOT / "seeds").iterdir()]
    assert seeds and all(f"`{seed}`" in README for seed in seeds)
    assert ".venv/bin/annotated-essay" in README and "make check" in README


def test_the_readme_keeps_one_short_performance_table_and_links_the_rest() -> None:
    section = README[README.index("## Performance") :]
    assert section.count("\n| ") <= 8
    assert "(docs/performance.md)" in section
    assert "valgrind" not in README


def test_the_contributing_guides_short_version_gives_a_green_site(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    command = shlex.split(next(line for line in guide.splitlines() if line.startswith("annotated-essay new ")))
    monkeypatch.chdir(copy_our_site(tmp_path / "ours"))
    assert cli.main(command[1:]) == 0
    out, err = capsys.readouterr()
    assert err == "", "the guide's example must not duplicate a note already there"
    written = Path(out.split()[1].rstrip(":"))
    written.write_text(written.read_text(encoding="utf-8").replace(": TODO ", ": Checked, "), encoding="utf-8")
    assert cli.main(["check"]) == 0, capsys.readouterr().out
    assert not build_at(Path.cwd()).aborted
