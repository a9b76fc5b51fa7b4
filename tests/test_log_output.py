"""Messages that quote a contributor's text, as every output shows them: the
terminal (`check`), GitHub Actions (`check --format github`) and the MkDocs
log. No text in a file may start a line of its own, forge a workflow command
or send a terminal an escape sequence, and the GitHub format follows GitHub's
escaping rules, so its properties read back exactly.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotated_essay import cli
from annotated_essay.files.load import load_text
from annotated_essay.model import Location, Problem

from hostile import LOG_FORGERIES, runner_command

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Controls, line breaks and the controls that reorder text: never printed.
UNSHOWN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# Text made mostly of what the outputs must defuse.
hostile_text = st.text(st.sampled_from(list("\n\r\t\x1b\x85\x9b\u2028\u202e :#[]%,=ab")) | st.characters(), max_size=60) | st.sampled_from(LOG_FORGERIES)


def assert_text_output(text: str) -> None:
    """Each line of `text` is shown as it is and is no workflow command."""
    for line in text.split("\n"):
        assert not UNSHOWN.search(line), line
        assert runner_command(line) is None, line


def assert_github_output(text: str, problem: Problem) -> None:
    """One workflow command per problem, whose properties are the problem's place."""
    assert "\n" not in text and not UNSHOWN.search(text), text
    command = runner_command(text)
    assert command is not None, text
    name, properties, data = command
    assert name == problem.severity
    # A comma or colon in the path stays in the path: the place reads back exactly.
    shown_path = UNSHOWN.sub("\ufffd", problem.where.path).replace("##[", "## [")
    assert properties == {"file": shown_path, "line": str(problem.where.line), "col": str(problem.where.column)}
    for line in data.split("\n"):
        assert not UNSHOWN.search(line), line


def assert_every_output(problem: Problem) -> None:
    assert_text_output(str(problem))  # the MkDocs log
    assert_text_output(cli.format_problem(problem))
    assert_github_output(cli.format_github(problem), problem)


@PROPERTY
@given(path=hostile_text, message=hostile_text, hint=hostile_text, more=hostile_text)
def test_no_text_in_a_problem_forges_a_line(path: str, message: str, hint: str, more: str) -> None:
    problem = Problem(Location(f"annotations/claims/{path}.yml", 3, 7), f"unknown key '{message}'", f"{hint}\n{more}")
    assert_every_output(problem)


@PROPERTY
@given(key=hostile_text, value=hostile_text)
def test_no_text_in_a_file_forges_a_line(key: str, value: str) -> None:
    """Keys and values of every kind of field reach the messages that quote them."""
    data = {"quote": value, key: value, "verdict": value, "checked": value, "speaker": [value], "sources": [{"url": value, value: 1}]}
    _, problems = load_text(yaml.safe_dump(data, allow_unicode=True).encode("utf-8"), "annotations/claims/a.yml", "claims", "a")
    assert problems
    for problem in problems:
        assert_every_output(problem)


@pytest.mark.parametrize("text", LOG_FORGERIES)
def test_the_forgeries_are_each_defused(text: str) -> None:
    problem = Problem(Location("annotations/claims/x.yml", 2, 1), f"unknown key '{text}'", f"did you mean '{text}'?\nor '{text}'")
    assert_every_output(problem)


@pytest.mark.parametrize("format", ["text", "github"])
def test_check_prints_no_forged_command(tmp_path: Path, format: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue's examples through `annotated-essay check`: a value that starts a
    `::warning` line, a key that clears the terminal."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "essay.txt").write_text("An essay.\n", encoding="utf-8")
    config = {"site_name": "T", "plugins": [{"annotated-essay": {"essay": "essay.txt"}}]}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    folder = tmp_path / "annotations" / "claims"
    folder.mkdir(parents=True)
    forged = '"\\e[2J": x\nverdict: "no\\n::warning file=README.md,line=1::forged"\nquote: "a\\n##[error]b"\n'
    (folder / "forged.yml").write_text(forged, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    status = cli.main(["check", "--format", format])
    out, err = capsys.readouterr()
    assert status == 1
    lines = out.splitlines()
    if format == "github":
        commands = [runner_command(line) for line in lines[:-1]]
        assert all(c is not None and c[1]["file"] == "annotations/claims/forged.yml" for c in commands), lines
        assert runner_command(lines[-1]) is None
    else:
        assert_text_output(out + err)
    assert "\x1b" not in out + err and "forged" in out
