"""The fast paths of the core give exactly what the plain algorithms give.

Each optimized algorithm is compared, on random inputs, with the simple one it
replaced. The shortcuts past the Markdown converter are checked in test_html.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# --- URLs ---------------------------------------------------------------------


@pytest.mark.parametrize("code", range(0x80))
def test_printable_ascii_shortcut_agrees_with_the_per_character_rule(code: int) -> None:
    import unicodedata

    from annotated_essay.fields import url_problem

    url = f"https://example.org/a{chr(code)}b"
    flagged = any(c.isspace() or unicodedata.category(c).startswith("C") for c in url)
    assert (url_problem(url) == "contains a space or a control character") == flagged


# --- check without notes --------------------------------------------------------


def test_check_finds_the_same_problems_and_places_without_rendering_notes(tmp_path: Path) -> None:
    from annotated_essay import cli

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
