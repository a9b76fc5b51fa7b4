"""The command line as a contributor meets it: check, check --format github, check --fix, new."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from annotated_essay import cli
from annotated_essay.files import yamlnodes
from annotated_essay.files.load import load_text
from annotated_essay.files.edit import set_selector
from sitebuild import ROOT, write_annotations

ESSAY = """\
Right now, Anthropic's board has four members, and the Long-Term Benefit Trust will elect more.
The company says it will not race ahead. The company says it will publish its research.
Anthropic plans on raising $5 billion over the next two years.
"""

CLAIM = """\
# yaml-language-server: $schema=../../plugins/annotated_essay/schemas/claims.schema.json
quote: {quote}  # the words of the essay
claim: The board had four members.
speaker: Dylan Matthews
verdict: supported
checked: 2026-01-02
note: As *reported*.
sources:
  - title: A source
    url: https://example.org/source
"""


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small site, the current directory, with one good claim."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "essay.txt").write_text(ESSAY, encoding="utf-8")
    config = {"site_name": "Test", "theme": {"name": "material"}, "plugins": ["search", {"annotated-essay": {"essay": "essay.txt"}}]}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    write_annotations(tmp_path / "annotations", {"claims/board.yml": CLAIM.format(quote="Anthropic's board has four members")})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def schema_of(path: Path) -> Path:
    """The JSON Schema an editor finds from the file's first line: it must exist, wherever the package is installed."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    schema = (path.parent / first.split("$schema=", 1)[1]).resolve()
    assert schema.is_file(), f"{first} names no file"
    return schema


def fill_todos(path: Path) -> None:
    """What a contributor does next: write their own words where `new` left TODO."""
    path.write_text(path.read_text(encoding="utf-8").replace(": TODO ", ": Written, "), encoding="utf-8")


def claim_file(site: Path, name: str = "board") -> Path:
    return site / "annotations" / "claims" / f"{name}.yml"


def test_a_clean_site_passes(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "check")
    assert status == 0
    assert out == "1 annotation, 1 anchored; 0 errors, 0 warnings\n"


@pytest.mark.parametrize(
    ("change", "first_line", "hint"),
    [
        (
            ("claim:", "claimm:"),
            "annotations/claims/board.yml:3:1: error: unknown key 'claimm': the required key 'claim' is missing",
            "    hint: rename it to 'claim'",
        ),
        (
            ("speaker: Dylan Matthews\n", ""),
            "annotations/claims/board.yml:2:1: error: missing required key 'speaker'",
            "    hint: add a line like `speaker: the author`",
        ),
        (
            ("verdict: supported\n", "verdict: supported\nverdict: disputed\n"),
            "annotations/claims/board.yml:6:1: error: duplicate key 'verdict' (first at line 5)",
            "    hint: keep one of them",
        ),
        (
            ("verdict: supported", "verdict: partly"),
            "annotations/claims/board.yml:5:10: error: unknown verdict 'partly'",
            "    hint: did you mean 'partly-supported'?",
        ),
        (
            ("Anthropic's board has four members", "Anthropics board has four members"),
            "annotations/claims/board.yml:2:8: error: quote changed: \"Anthropics board has four members\" is now \"Anthropic's board has four members\"",
            "    hint: the essay's words in paragraph 1 (\"Right now, Anthropic's board has four...\") differ: "
            "run `annotated-essay check --fix` to use them, or edit the file",
        ),
        (
            ("Anthropic's board has four members", "The company says it will"),
            "annotations/claims/board.yml:2:8: error: quote \"The company says it will\" matches 2 places in the essay",
            "    hint: say which one with a prefix or suffix (the words just before or after it):",
        ),
    ],
    ids=["misspelt-key", "missing-field", "duplicate-key", "unknown-verdict", "typo-in-quote", "ambiguous-quote"],
)
def test_each_mistake_is_located_with_a_hint(
    site: Path, capsys: pytest.CaptureFixture[str], change: tuple[str, str], first_line: str, hint: str
) -> None:
    path = claim_file(site)
    path.write_text(path.read_text(encoding="utf-8").replace(*change, 1), encoding="utf-8")
    status, out, _ = run(capsys, "check")
    lines = out.splitlines()
    assert status == 1
    assert first_line in lines
    assert lines[lines.index(first_line) + 1] == hint
    assert lines[-1].startswith("1 annotation, ") and "0 warnings" in lines[-1]


def test_ambiguous_hint_lists_every_place_and_what_decides(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = claim_file(site)
    path.write_text(path.read_text(encoding="utf-8").replace("Anthropic's board has four members", "The company says it will"), encoding="utf-8")
    _, out, _ = run(capsys, "check")
    # Each place is named as a reader finds it: the paragraph's number and its opening words.
    places = [line.strip() for line in out.splitlines() if line.startswith("      paragraph ")]
    assert places == [
        'paragraph 2 ("The company says it will not..."): ...enefit Trust will elect more. «The company says it will» not race ahead. '
        "The company s...  ->  add `prefix: more.`",
        'paragraph 2 ("The company says it will not..."): ...says it will not race ahead. «The company says it will» publish its research. '
        "Anthrop...  ->  add `prefix: ahead.`",
    ]


def test_github_format_is_workflow_commands(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = claim_file(site)
    path.write_text(path.read_text(encoding="utf-8").replace("claim:", "claimm:"), encoding="utf-8")
    status, out, _ = run(capsys, "check", "--format", "github")
    assert status == 1
    commands = [line for line in out.splitlines() if line.startswith("::")]
    # A misspelt required key is one problem, at the misspelling, not also "missing".
    assert commands == [
        "::error file=annotations/claims/board.yml,line=3,col=1::unknown key 'claimm': "
        "the required key 'claim' is missing%0Ahint: rename it to 'claim'"
    ]
    assert all(line.startswith("::error file=annotations/claims/board.yml,line=") for line in commands)


def test_a_duplicate_id_is_told_at_both_files_naming_both(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A new glossary file takes the id of an existing claim: the claim, sorted first, stays in the essay.
    write_annotations(site / "annotations", {"glossary/board.yml": "term: board\ndefinition: Who governs.\n"})
    status, out, _ = run(capsys, "check", "--format", "github")
    assert status == 1
    message = (
        "the id 'board' is used by two files: annotations/claims/board.yml and annotations/glossary/board.yml%0A"
        "hint: rename one of them (ids are unique across all kinds); until then annotations/glossary/board.yml is left out of the essay"
    )
    assert [line for line in out.splitlines() if line.startswith("::")] == [
        f"::error file=annotations/claims/board.yml,line=1,col=1::{message}",
        f"::error file=annotations/glossary/board.yml,line=1,col=1::{message}",
    ]
    build, _ = cli.load_site(Path("mkdocs.yml"))
    assert "board" in build.edition.placed and build.edition.placed["board"].annotation.where.path == "annotations/claims/board.yml"


def test_github_paths_are_relative_to_where_it_runs(site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    path = claim_file(site)
    path.write_text(path.read_text(encoding="utf-8").replace("claim:", "claimm:"), encoding="utf-8")
    monkeypatch.chdir(site.parent)
    _, out, _ = run(capsys, "check", "--format", "github", "-f", f"{site.name}/mkdocs.yml")
    assert f"::error file={site.name}/annotations/claims/board.yml,line=3,col=1::" in out


def test_warnings_are_github_warnings(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_annotations(site / "annotations", {"glossary/absent.yml": "term: Nowhere Term\ndefinition: Not in the essay.\n"})
    status, out, _ = run(capsys, "check", "--format", "github")
    assert status == 1
    assert out.startswith("::warning file=annotations/glossary/absent.yml,line=")


def test_a_broken_config_is_a_github_error_too(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "essay.txt").unlink()
    status, out, err = run(capsys, "check", "--format", "github")
    assert status == 2
    assert out.startswith("::error file=mkdocs.yml::annotated-essay: essay 'essay.txt' not found")
    assert "not found" in err


def test_a_mkdocs_yml_that_is_not_yaml_is_status_2(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "mkdocs.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    status, _, err = run(capsys, "check")
    assert status == 2 and err.startswith("mkdocs.yml: error: MkDocs encountered an error parsing the configuration file")


def test_a_site_that_cannot_be_read_is_status_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "check", "-f", str(tmp_path / "nowhere.yml"))
    assert status == 2 and "no such file" in err and "`annotated-essay init ESSAY` makes a new site" in err


# --- check --fix -------------------------------------------------------------


def change_essay(site: Path, old: str, new: str) -> None:
    essay = site / "essay.txt"
    essay.write_text(essay.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_fix_rewrites_a_changed_quote_and_nothing_else(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = claim_file(site).read_text(encoding="utf-8")
    change_essay(site, "four members", "five members")
    status, out, _ = run(capsys, "check")
    assert status == 1
    assert 'quote changed: "Anthropic\'s board has four members" is now "Anthropic\'s board has five members"' in out
    status, out, _ = run(capsys, "check", "--fix")
    assert status == 0, out
    assert out.splitlines()[:3] == [
        "annotations/claims/board.yml:2:8: fixed: quote now \"Anthropic's board has five members\"",
        "re-read each claim whose quote changed: it may now say something the essay no longer does",
        '  annotations/claims/board.yml: claim: "The board had four members."',
    ]
    assert out.splitlines()[-1] == "1 annotation, 1 anchored; 0 errors, 0 warnings"
    after = claim_file(site).read_text(encoding="utf-8")
    assert after == before.replace("four members", "five members", 1)  # the comment and the rest stay


def test_fix_updates_a_prefix_in_a_flow_mapping(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xref = "from: {quote: The company says it will, suffix: publish its research}\nto: {url: 'https://example.org', title: Example}\nrelation: cites\n"
    write_annotations(site / "annotations", {"xrefs/publish.yml": xref})
    change_essay(site, "publish its research", "publish all its research")
    status, out, _ = run(capsys, "check", "--fix")
    assert status == 0, out
    text = (site / "annotations" / "xrefs" / "publish.yml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "from: {quote: The company says it will, suffix: publish all its}"


def test_fix_repairs_two_selectors_of_one_file(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xref = "from:\n  quote: four members, and the Long-Term\nto:\n  quote: raising $5 billion over\nrelation: restates\n"
    write_annotations(site / "annotations", {"xrefs/two.yml": xref})
    change_essay(site, "raising $5 billion", "raising $7 billion")
    change_essay(site, "four members", "five members")
    status, out, _ = run(capsys, "check", "--fix")
    assert status == 0, out
    fixed = yaml.safe_load((site / "annotations" / "xrefs" / "two.yml").read_text(encoding="utf-8"))
    assert fixed["from"] == {"quote": "five members, and the Long-Term"}
    assert fixed["to"] == {"quote": "raising $7 billion over"}


def test_fix_leaves_what_it_cannot_decide(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    change_essay(site, "Anthropic's board has four members", "The board is elected by a trust")
    before = claim_file(site).read_text(encoding="utf-8")
    status, out, _ = run(capsys, "check", "--fix")
    assert status == 1
    assert "fixed" not in out and "quote not found in the essay" in out
    assert claim_file(site).read_text(encoding="utf-8") == before


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("quote: old words  # keep me\nclaim: x\n", {"quote": "new words"}, "quote: new words  # keep me\nclaim: x\n"),
        ("quote: 'it''s old'\n", {"quote": "it's new"}, "quote: 'it''s new'\n"),
        ('quote: "old"\n', {"quote": 'say "new"'}, 'quote: "say \\"new\\""\n'),
        ("quote: old\n", {"quote": "new: with colon"}, 'quote: "new: with colon"\n'),
        ("quote: |\n  old words\nclaim: x\n", {"quote": "new words"}, 'quote: "new words"\nclaim: x\n'),
        ("from:\n  quote: old\n  # note\nto: x\n", {"quote": "new", "prefix": "before"}, "from:\n  quote: new\n  prefix: before\n  # note\nto: x\n"),
        ("start: {quote: old}\n", {"quote": "new", "suffix": "after, it"}, 'start: {quote: new, suffix: "after, it"}\n'),
        ("\ufeffquote: old\r\nclaim: x\r\n", {"quote": "new", "prefix": "p"}, "\ufeffquote: new\r\nprefix: p\r\nclaim: x\r\n"),
    ],
)
def test_set_selector_edits_in_place(text: str, values: dict[str, str], expected: str) -> None:
    lines = text.removeprefix("\ufeff").splitlines()
    line = lines.index(next(l for l in lines if "quote:" in l)) + 1
    column = lines[line - 1].index("quote:") + len("quote: ") + 1
    result = set_selector(text, line, column, values)
    assert result == expected
    read = yaml.safe_load(result.removeprefix("\ufeff"))
    selector = read.get("from") or read.get("start") or read
    assert {key: selector[key] for key in values} == values


# --- new ---------------------------------------------------------------------


def test_new_claim_for_an_ambiguous_quote_passes_check(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "new", "claim", "no-race", "--quote", "The company says it will", "--occurrence", "2")
    assert status == 0, err
    assert "occurs 2 times" in out
    text = claim_file(site, "no-race").read_text(encoding="utf-8")
    assert schema_of(claim_file(site, "no-race")).name == "claims.schema.json"
    fields = yaml.safe_load(text)
    assert fields["quote"] == "The company says it will"
    assert fields["prefix"] == "ahead."
    assert fields["verdict"] == "unverified"
    # Each TODO left is an error at its line, saying what to write there; replaced, the file passes.
    status, out, _ = run(capsys, "check")
    lines = text.splitlines()
    todo = [(n, line.index("TODO") + 1) for n, line in enumerate(lines, start=1) if ": TODO" in line]
    assert status == 1 and [n for n, _ in todo] == [n for n, line in enumerate(lines, start=1) if line.startswith(("claim:", "note:"))]
    for (number, column), key in zip(todo, ("claim", "note")):
        assert f"annotations/claims/no-race.yml:{number}:{column}: error: '{key}' still holds the TODO placeholder that `annotated-essay new` wrote" in out
    assert "hint: replace it with your own words: restate the claim in one plain sentence." in out
    assert out.endswith("2 annotations, 2 anchored; 2 errors, 0 warnings\n")
    fill_todos(claim_file(site, "no-race"))
    status, out, _ = run(capsys, "check")
    assert status == 0, out


@pytest.mark.parametrize(
    ("argv", "folder"),
    [
        (["term", "ltbt", "--quote", "Long-Term Benefit Trust"], "glossary"),
        (["term", "trust", "--quote", "Long-Term Benefit Trust", "--term", "LTBT", "--alias", "the Trust", "--alias", "LTB Trust"], "glossary"),
        (["xref", "race", "--quote", "not race ahead", "--to-quote", "publish its research", "--relation", "contradicts"], "xrefs"),
        (["xrefs", "board-link", "--quote", "four members", "--to-annotation", "board"], "xrefs"),
        (["xref", "raise", "--quote", "raising $5 billion", "--to-url", "https://example.org/a", "--to-title", "A: page"], "xrefs"),
        (["quotation", "plans", "--quote", "Anthropic plans", "--source-title", "Vox", "--source-url", "https://vox.com"], "quotations"),
    ],
)
def test_new_writes_a_valid_file_of_each_kind(
    site: Path, capsys: pytest.CaptureFixture[str], argv: list[str], folder: str
) -> None:
    status, _, err = run(capsys, "new", *argv)
    assert status == 0, err
    path = site / "annotations" / folder / f"{argv[1]}.yml"
    data = path.read_bytes()
    assert schema_of(path).name == f"{folder}.schema.json"
    annotation, problems = load_text(data, "x.yml", folder, argv[1])
    assert annotation is not None and all("TODO placeholder" in p.message for p in problems)
    fill_todos(path)
    status, out, _ = run(capsys, "check")
    assert status == 0, out


def test_new_fails_for_a_quote_that_is_not_there(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "new", "claim", "money", "--quote", "raising $5 bilion over the next")
    assert status == 1
    assert 'error: --quote not found in the essay: "raising $5 bilion over the next"' in err
    assert 'the closest passage, in paragraph 3 ("Anthropic plans on raising $5 billion..."), is "raising $5 billion over the next"' in err
    assert not claim_file(site, "money").exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["claim", "board", "--quote", "four members"], "the id 'board' is already used by annotations/claims/board.yml"),
        (["term", "board", "--quote", "four members"], "the id 'board' is already used by annotations/claims/board.yml"),
        (["claim", "Bad_Id", "--quote", "four members"], "'Bad_Id' is not a valid id"),
        (["xref", "x", "--quote", "four members"], "an xref points at one thing"),
        (["xref", "x", "--quote", "four members", "--to-url", "https://example.org"], "--to-url and --to-title go together"),
        (["quotation", "q", "--quote", "four members"], "a quotation needs its source"),
        (["claim", "c", "--quote", "The company says it will", "--occurrence", "3"], "--occurrence 3: the quote occurs 2 times"),
    ],
)
def test_new_refuses(site: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    before = claim_file(site).read_text(encoding="utf-8")
    status, _, err = run(capsys, "new", *argv)
    assert status == 1
    assert message in err
    assert claim_file(site).read_text(encoding="utf-8") == before
    assert sorted(p.name for p in (site / "annotations").rglob("*.yml")) == ["board.yml"]


def test_new_refuses_an_id_used_by_a_broken_file(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_annotations(site / "annotations", {"glossary/broken.yml": "term: [unclosed\n"})
    status, _, err = run(capsys, "new", "claim", "broken", "--quote", "four members")
    assert status == 1 and "annotations/glossary/broken.yml" in err


def test_new_quotes_values_that_need_it(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "new", "claim", "money", "--quote", "raising $5 billion over the next two years.")
    assert status == 0, err
    text = textwrap.dedent(claim_file(site, "money").read_text(encoding="utf-8"))
    assert yaml.safe_load(text)["quote"] == "raising $5 billion over the next two years."


STYLES = {"plain": "old words", "single": "'old words'", "double": '"old words"', "literal": "|\n  old words", "folded": ">-\n  old words"}
AWKWARD = st.text(alphabet=list("ab :#'\"\\-é[]{},&*!%@`|>?~"), min_size=1, max_size=30).filter(lambda s: s == s.strip())


@settings(max_examples=100, deadline=None)
@given(style=st.sampled_from(sorted(STYLES)), flow=st.booleans(), new=AWKWARD)
def test_set_selector_writes_any_text_so_it_reads_back(style: str, flow: bool, new: str) -> None:
    if flow and style in ("literal", "folded"):
        style = "plain"  # block scalars cannot stand in a flow mapping
    selector = f"{{quote: {STYLES[style]}}}" if flow else f"\n  quote: {STYLES[style]}".replace("\n  old", "\n    old")
    text = f"# keep this comment\nfrom: {selector}\nrelation: cites  # and this one\n"
    line, column = (2, 15) if flow else (3, 10)
    result = set_selector(text, line, column, {"quote": new, "suffix": new})
    root, fatal, problems = yamlnodes.parse(result, "x.yml")
    assert not fatal and problems == []
    top = {key.value: value for key, value in root.pairs}
    fields = {key.value: value.value for key, value in top["from"].pairs}
    assert fields == {"quote": new, "suffix": new}
    assert top["relation"].value == "cites"
    assert result.startswith("# keep this comment\n") and result.endswith("relation: cites  # and this one\n")


def test_a_configuration_mkdocs_rejects_is_reported_not_silent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # No docs folder: MkDocs logs the reason and aborts; the command must say it.
    (tmp_path / "essay.txt").write_text("A paragraph.\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Min\ntheme: material\nplugins:\n  - search\n  - annotated-essay:\n      essay: essay.txt\n", encoding="utf-8")
    status, out, err = run(capsys, "check", "-f", str(config))
    assert status == 2
    assert "docs_dir" in err and "isn't an existing directory" in err


def test_new_term_keeps_the_quote_and_every_alias_as_forms_of_the_term(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["new", "term", "trust", "--quote", "Long-Term Benefit Trust", "--term", "LTBT", "--alias", "the Trust", "--alias", "LTB Trust"]
    status, _, err = run(capsys, *argv)
    assert status == 0, err
    fields = yaml.safe_load((site / "annotations" / "glossary" / "trust.yml").read_text(encoding="utf-8"))
    assert (fields["term"], fields["aliases"]) == ("LTBT", ["Long-Term Benefit Trust", "the Trust", "LTB Trust"])
    status, _, err = run(capsys, "new", "claim", "c", "--quote", "four members", "--alias", "x")
    assert (status, err) == (1, "error: --term and --alias are for a glossary term (`new term ...`)\n")


def test_new_warns_when_a_note_of_the_same_kind_covers_the_passage(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "new", "claim", "members", "--quote", "board has four")
    assert status == 0 and claim_file(site, "members").exists()
    assert err == (
        "warning: annotations/claims/board.yml (claim 'board') already covers this passage: "
        "if your note says the same, add to that file instead\n"
    )
    status, _, err = run(capsys, "new", "xref", "members-link", "--quote", "board has four", "--to-quote", "publish its research")
    assert (status, err) == (0, "")  # another kind: nothing to say


def git(site: Path, *argv: str, date: str = "2026-01-01T00:00:00") -> None:
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "HOME": str(site), "PATH": __import__("os").environ["PATH"]}
    subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *argv], cwd=site, env=env, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_quote_that_no_longer_matches_says_which_side_changed(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(site, "init", "-q")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "the note")
    # The essay is corrected later: the note was right when it was written.
    change_essay(site, "four members", "five members")
    git(site, "commit", "-qam", "the essay corrected", date="2026-02-01T00:00:00")
    _, out, _ = run(capsys, "check")
    assert "    hint: the essay changed after this note did: its quote was right, the essay's words moved; " in out
    # A typo made in the note since: the essay did not move.
    change_essay(site, "five members", "four members")
    git(site, "commit", "-qam", "back", date="2026-02-01T00:00:00")
    path = claim_file(site)
    path.write_text(path.read_text(encoding="utf-8").replace("has four", "has fuor"), encoding="utf-8")
    _, out, _ = run(capsys, "check")
    assert "    hint: this note changed after the essay did: look for a typo in the quote; " in out


def test_which_side_changed_asks_git_three_times_for_any_number_of_quotes(site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A cost, counted not timed: a thousand failing quotes must not start two thousand gits."""
    from annotated_essay.cli import check

    for number in range(5):
        claim_file(site, f"gone{number}").write_text(CLAIM.format(quote=f"words gone {number}"), encoding="utf-8")
    calls: list[list[str]] = []
    real = check.subprocess.run
    monkeypatch.setattr(check.subprocess, "run", lambda argv, **kw: calls.append(argv) or real(argv, **kw))
    status, out, _ = run(capsys, "check")
    assert status == 1 and out.count("not found in the essay") == 5
    assert len(calls) == 3


def test_new_warns_when_the_quote_cuts_a_word(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "new", "claim", "money", "--quote", "raising $5 billion over the next two year")
    assert status == 0
    assert err == "warning: the quote starts or ends inside the word 'years': quote whole words\n"


def test_check_finds_the_same_problems_and_places_without_rendering_notes(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "essay.txt").write_text("The exact words are here.\n\nThe exact words again, and a quotation.\n", encoding="utf-8")
    claims = tmp_path / "annotations" / "claims"
    claims.mkdir(parents=True)
    body = "claim: C.\nspeaker: the author\nverdict: opinion\nchecked: 2026-01-01\nnote: Why *so*.\n"
    (claims / "unique.yml").write_text("quote: are here\n" + body, encoding="utf-8")
    (claims / "twice.yml").write_text("quote: The exact words\n" + body, encoding="utf-8")
    (claims / "missing.yml").write_text("quote: not in the essay\n" + body, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - annotated-essay:\n      essay: essay.txt\n", encoding="utf-8")
    for config in (tmp_path / "mkdocs.yml", ROOT / "mkdocs.yml"):
        full, _ = cli.load_site(config)
        lean, _ = cli.load_site(config, notes=False)
        assert [str(p) for p in lean.problems] == [str(p) for p in full.problems]
        assert sorted(lean.edition.placed) == sorted(full.edition.placed)
        assert cli.summary(lean) == cli.summary(full)
        assert "data-note-for" in full.essay.html and "data-note-for" not in lean.essay.html
        assert full.problems or config == ROOT / "mkdocs.yml"  # the small site has two broken claims
