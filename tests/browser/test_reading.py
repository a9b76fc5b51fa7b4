"""Deep links, note links, back-links, layers, the claims filter and print, in Chromium."""

from __future__ import annotations

from typing import Any

import pytest
from browsing import IS_OPEN, first_id, is_open

KINDS = ("claim", "glossary", "xref")
# What does not depend on the layout is checked at one width, to keep the suite fast.
one_width = pytest.mark.parametrize("width", [1440], ids=["1440px"])


def test_a_deep_link_from_the_claims_page_scrolls_marks_and_opens_the_note(reader: Any) -> None:
    page = reader.goto("claims/")
    link = page.locator(".ae-entry--claim .ae-to-essay").nth(3)
    hid = link.get_attribute("href").rsplit("#", 1)[1]
    link.click()  # Material's instant navigation swaps the page: the script must run again
    page.wait_for_function(IS_OPEN, arg=hid, timeout=5000)
    assert page.url.endswith(f"#{hid}")
    assert page.evaluate(f"document.getElementById('{hid}').classList.contains('ae-targeted')")
    box = page.locator(f"#{hid}").bounding_box()
    assert 0 <= box["y"] <= page.viewport_size["height"], "the highlight is scrolled into view"
    assert page.locator(".ae-key button").count() == page.locator(".ae-key [data-layer]").count() > 0, "the key is wired once per page"


def test_a_deep_link_on_first_load_opens_the_note(reader: Any) -> None:
    page = reader.goto()
    hid = first_id(page, "glossary", 10)
    page = reader.goto("glossary/")
    page.goto(reader.base + f"#{hid}", wait_until="load")
    page.wait_for_function(IS_OPEN, arg=hid, timeout=5000)
    mark = page.evaluate(f"getComputedStyle(document.getElementById('{hid}')).boxShadow")
    assert mark != "none", "the linked highlight is marked visibly"


def test_every_note_offers_a_link_to_itself_that_copies(reader: Any) -> None:
    page = reader.goto()
    hid = first_id(page, "claim", 2)
    page.focus(f"#{hid}")
    page.wait_for_function(IS_OPEN, arg=hid)
    link = page.locator(f"[id='{hid}--note'] .ae-permalink")
    assert link.evaluate("a => a.hash") == f"#{hid}"
    link.click()
    status = page.locator(f"[id='{hid}--note'] .ae-copied")
    status.wait_for(timeout=2000)
    assert "Link copied" in status.inner_text()
    assert page.evaluate("navigator.clipboard.readText()") == reader.base + f"#{hid}"
    assert page.url.endswith(f"#{hid}")
    missing = page.eval_on_selector_all(
        "[data-note-for]", "els => els.filter(n => ![...n.querySelectorAll('a.ae-permalink')].some(a => a.hash === '#' + n.dataset.noteFor)).length"
    )
    assert missing == 0, "a note without a link to itself"


def test_back_links_lead_to_the_passages_that_refer_here(reader: Any) -> None:
    page = reader.goto()
    back = page.locator(".ae-backlinks a.ae-backlink").first
    hid = back.get_attribute("href").rsplit("#", 1)[1]
    assert page.evaluate(f"document.getElementById('{hid}').dataset.kind") == "xref"
    back.click()
    page.wait_for_function(IS_OPEN, arg=hid, timeout=3000)


@one_width
def test_glossary_entries_list_occurrences_that_exist_in_the_essay(reader: Any) -> None:
    page = reader.goto("glossary/")
    letters = page.eval_on_selector_all(".ae-letter-index a", "els => els.map(a => a.textContent.trim())")
    assert letters == sorted(letters) and len(letters) > 5, letters
    targets = page.eval_on_selector_all(".ae-occurrences a.ae-to-essay", "els => els.map(a => a.hash.slice(1))")
    assert targets
    essay = reader.goto()
    absent = essay.evaluate("ids => ids.filter(i => !document.getElementById(i))", targets)
    assert absent == []


def test_layers_hide_a_kind_and_are_remembered_across_pages(reader: Any) -> None:
    page = reader.goto()
    try:
        claims = page.get_by_role("button", name="claims")
        assert claims.get_attribute("aria-pressed") == "true"
        claims.click()
        assert claims.get_attribute("aria-pressed") == "false"
        hid = first_id(page, "claim")
        style = page.evaluate(f"(s => [s.backgroundColor, s.textDecorationLine])(getComputedStyle(document.getElementById('{hid}')))")
        assert style == ["rgba(0, 0, 0, 0)", "none"], style
        page.focus(f"#{hid}")
        assert not is_open(page, hid), "a hidden layer's notes do not open"
        reader.goto("glossary/")
        reader.goto()
        assert page.get_by_role("button", name="claims").get_attribute("aria-pressed") == "false"
        assert page.get_by_role("button", name="glossary terms").get_attribute("aria-pressed") == "true"
        assert page.evaluate(f"document.getElementById('{hid}').tabIndex") == -1
    finally:
        page.evaluate("localStorage.removeItem('ae-layers')")


def test_the_claims_filter_narrows_the_grouped_list(reader: Any) -> None:
    page = reader.goto("claims/")
    entries = page.locator(".ae-entry--claim")
    total = entries.count()
    verdict = page.eval_on_selector(".ae-entry--claim", "e => e.dataset.verdict")
    page.get_by_role("combobox", name="Verdict").select_option(verdict)
    shown = page.eval_on_selector_all(".ae-entry--claim:not([hidden])", "els => els.map(e => e.dataset.verdict)")
    assert shown and set(shown) == {verdict}
    assert page.locator(".ae-status").inner_text() == f"Showing {len(shown)} of {total} claims."
    speaker = page.eval_on_selector(f".ae-entry--claim[data-verdict='{verdict}']", "e => e.dataset.speaker")
    page.get_by_role("combobox", name="Speaker").select_option(speaker)
    both = page.eval_on_selector_all(".ae-entry--claim:not([hidden])", "els => els.map(e => [e.dataset.verdict, e.dataset.speaker])")
    assert both and all(b == [verdict, speaker] for b in both)
    assert page.locator(".ae-group:not([hidden])").count() == 1
    page.get_by_role("combobox", name="Verdict").select_option("")
    page.get_by_role("combobox", name="Speaker").select_option("")
    assert page.locator(".ae-entry--claim:not([hidden])").count() == total


@one_width
def test_claim_badges_say_their_verdict_in_words(reader: Any) -> None:
    page = reader.goto("claims/")
    badges = page.eval_on_selector_all(".ae-entry--claim .ae-verdict", "els => els.map(b => b.textContent.trim())")
    assert badges and all(badges)
    groups = page.eval_on_selector_all(".ae-group h2", "els => els.map(h => h.textContent)")
    counts = page.eval_on_selector_all(".ae-group", "els => els.map(g => g.querySelectorAll('.ae-entry').length)")
    assert [f"({n})" in g for g, n in zip(groups, counts)] == [True] * len(groups)


@one_width
def test_print_turns_notes_into_numbered_footnotes(reader: Any) -> None:
    page = reader.goto()
    page.emulate_media(media="print")
    notes = page.eval_on_selector_all(
        ".ae-essay aside[data-note-for]",
        "els => els.map(n => [getComputedStyle(n).display, getComputedStyle(n).position, getComputedStyle(n, '::before').content])",
    )
    assert notes and all(d != "none" and p == "static" and c != "none" for d, p, c in notes), notes[:3]
    numbers = page.eval_on_selector_all(".ae-essay .ae-hl[id]:not([id*='--'])", "els => els.map(e => getComputedStyle(e, '::before').content)")
    assert len(numbers) == len(notes), "one number in the text per footnote"
