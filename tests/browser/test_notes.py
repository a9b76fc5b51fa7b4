"""Notes in Chromium: hover, focus, tap, Escape, one at a time, inside the viewport, sidenotes."""

from __future__ import annotations

from typing import Any

import pytest
from browsing import IS_OPEN, LAYOUT_SHIFT, OPEN_COUNT, WIDE, assert_in_viewport, first_id, is_open

@pytest.mark.parametrize("kind", ["glossary", "claim", "xref"])
def test_focus_opens_the_note_and_escape_closes_it_returning_focus(reader: Any, kind: str) -> None:
    page = reader.goto()
    hid = first_id(page, kind, 1)
    page.focus(f"#{hid}")
    page.wait_for_function(IS_OPEN, arg=hid, timeout=2000)
    assert page.get_attribute(f"#{hid}", "aria-describedby") == f"{hid}--note"
    assert_in_viewport(page, f"#{hid}--note")
    page.keyboard.press("Escape")
    assert not is_open(page, hid)
    assert page.evaluate("document.activeElement.id") == hid


def test_keyboard_reaches_the_note_and_comes_back(reader: Any) -> None:
    page = reader.goto()
    hid = first_id(page, "glossary", 2)
    page.focus(f"#{hid}")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == f"{hid}--note"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "the focused note has no visible focus ring"
    page.keyboard.press("Tab")  # onto a link inside the note: it stays open
    assert is_open(page, hid)
    assert page.evaluate(f"document.getElementById('{hid}--note').contains(document.activeElement)")
    page.keyboard.press("Escape")
    assert not is_open(page, hid)
    assert page.evaluate("document.activeElement.id") == hid


def test_hover_opens_after_a_delay_and_stays_while_the_pointer_moves_into_the_note(reader: Any) -> None:
    page = reader.goto()
    hid = first_id(page, "glossary", 3)
    page.hover(f"#{hid}")
    assert not is_open(page, hid), "a note must not flash open as the pointer passes"
    page.wait_for_function(IS_OPEN, arg=hid, timeout=2000)
    box = page.locator(f"#{hid}--note").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=4)
    page.wait_for_timeout(700)
    assert is_open(page, hid), "the note closed while the pointer was on it"
    page.mouse.move(2, page.viewport_size["height"] - 2)
    page.wait_for_function(f"() => !({IS_OPEN})('{hid}')", timeout=2000)


def test_tap_opens_a_note_and_tapping_elsewhere_closes_it(browser: Any, site_url: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, has_touch=True, is_mobile=width < 600)
    try:
        page = context.new_page()
        page.goto(site_url)
        hid = first_id(page, "glossary", 4)
        page.locator(f"#{hid}").tap()
        page.wait_for_function(IS_OPEN, arg=hid, timeout=2000)
        assert_in_viewport(page, f"#{hid}--note")
        page.locator("h1").tap()
        assert not is_open(page, hid)
    finally:
        context.close()


def test_one_note_is_open_at_a_time(reader: Any) -> None:
    page = reader.goto()
    first, second = first_id(page, "claim", 0), first_id(page, "glossary", 0)
    page.focus(f"#{first}")
    page.focus(f"#{second}")
    assert is_open(page, second) and not is_open(page, first)
    assert page.evaluate(OPEN_COUNT) == 1


def test_every_popover_note_stays_inside_the_viewport(reader: Any) -> None:
    page = reader.goto()
    ids = page.eval_on_selector_all(".ae-essay mark[data-kind='glossary'][id]", "els => els.map(e => e.id)")
    # The first, the last and a spread between: highlights at every edge of the text.
    for hid in sorted(set(ids[:: max(1, len(ids) // 3)] + ids[-1:])):
        page.focus(f"#{hid}")
        page.wait_for_function(IS_OPEN, arg=hid, timeout=2000)
        assert_in_viewport(page, f"#{hid}--note")


def test_claim_and_xref_notes_are_sidenotes_when_wide_and_popovers_when_narrow(reader: Any, width: int) -> None:
    page = reader.goto()
    notes = page.eval_on_selector_all(
        ".ae-essay aside[data-note-for]",
        """els => els.filter(n => ['claim', 'xref'].includes(document.getElementById(n.dataset.noteFor).dataset.kind))
           .map(n => { const r = n.getBoundingClientRect();
             return {id: n.id, top: r.top, bottom: r.bottom, left: r.left, visible: r.height > 0,
                     hl: document.getElementById(n.dataset.noteFor).getBoundingClientRect().top}; })""",
    )
    assert notes, "the essay has no claim or xref notes"
    shift = page.evaluate(LAYOUT_SHIFT)
    assert shift < 0.05, f"the text moved as the page loaded (layout shift {shift:.3f})"
    if width < WIDE:
        assert not any(n["visible"] for n in notes), "narrow screens show claim notes only on demand"
        return
    text_right = page.evaluate("Math.max(...[...document.querySelectorAll('.ae-essay > p')].map(p => p.getBoundingClientRect().right))")
    assert all(n["visible"] and n["left"] >= text_right for n in notes), "sidenotes must sit in the right margin"
    for above, below in zip(notes, notes[1:]):
        assert below["top"] >= above["bottom"], f"{above['id']} overlaps {below['id']}"
    assert abs(notes[0]["top"] - notes[0]["hl"]) < 5, "the first sidenote sits beside its line"
    assert all(n["top"] >= n["hl"] - 1 for n in notes), "a sidenote never sits above its line"


def test_without_javascript_every_note_is_in_place(browser: Any, site_url: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url)
        report = page.eval_on_selector_all(
            ".ae-essay [data-annotation][id]",
            """els => els.filter(e => !e.id.includes('--')).map(e => {
                 const n = document.querySelector(`[data-note-for="${e.dataset.annotation}"]`);
                 return {id: e.id, note: !!n, shown: !!n && n.getBoundingClientRect().height > 0}; })""",
        )
        assert report
        assert all(r["note"] and r["shown"] for r in report), [r["id"] for r in report if not r["shown"]][:5]
        assert not page.locator(".ae-layers").is_visible(), "a control that cannot work is not shown"
    finally:
        context.close()
