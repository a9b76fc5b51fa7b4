"""axe-core finds no WCAG 2.x A/AA violation; no console error; no request leaves the machine."""

from __future__ import annotations

from typing import Any

import pytest
from browsing import IS_OPEN, first_id

PAGES = ("", "claims/", "glossary/")
OTHER_PAGES = ("about/", "contributing/", "interoperability/")  # the rest of the site, Markdown pages
AXE_RUN = """axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})
  .then(r => r.violations.map(v => ({id: v.id, nodes: v.nodes.slice(0, 3).map(n => n.html.slice(0, 120))})))"""


@pytest.mark.parametrize("path", [*PAGES, *OTHER_PAGES], ids=["essay", "claims", "glossary", "about", "contributing", "interoperability"])
def test_axe_finds_no_violations(reader: Any, axe_source: str, path: str) -> None:
    page = reader.goto(path)
    if path == "":
        # With a note open too: the popover or sidenote is part of what a reader meets.
        hid = first_id(page, "claim", 1)
        page.focus(f"#{hid}")
        page.wait_for_function(IS_OPEN, arg=hid)
    page.add_script_tag(content=axe_source)
    assert page.evaluate(AXE_RUN) == []


@pytest.mark.parametrize("width", [390], ids=["390px"])
def test_axe_finds_no_violations_in_the_dark_scheme(reader: Any, axe_source: str) -> None:
    page = reader.goto()
    page.get_by_title("Switch to dark mode").click()  # Material's toggle; it remembers the choice
    try:
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        page.add_script_tag(content=axe_source)
        assert page.evaluate(AXE_RUN) == []
    finally:
        page.get_by_title("Switch to light mode").click()


@pytest.mark.parametrize("width", [1440], ids=["1440px"])
def test_no_console_errors_and_no_outside_hosts(reader: Any) -> None:
    for path in (*PAGES, "about/", "#" + first_id(reader.goto(), "xref")):
        reader.goto(path)
    assert reader.errors == []
    assert reader.hosts <= {reader.base.split("/")[2]}, reader.hosts
