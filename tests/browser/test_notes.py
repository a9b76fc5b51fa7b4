"""Notes in Chromium: hover, focus, tap, Escape, one at a time, inside the viewport, sidenotes."""

from __future__ import annotations

from typing import Any

import pytest
from browsing import IS_OPEN, LAYOUT_SHIFT, OPEN_COUNT, SIDENOTE_BOXES, WIDE, assert_in_viewport, first_id, is_open, overlaps

# Where on each line of a multi-line highlight a finger lands on the highlight's own words
# (not on a term nested in it): the middle of the widest such stretch of the line.
LINE_POINTS = """id => { const hl = document.getElementById(id);
  hl.scrollIntoView({block: 'center'});
  const rects = [...hl.getClientRects()].filter(r => r.width > 4);
  return rects.map(r => { const y = r.top + r.height / 2; let best = null, run = null;
    for (let x = Math.ceil(r.left) + 1; x < r.right - 1; x += 2) {
      const own = document.elementFromPoint(x, y)?.closest('.ae-hl') === hl;
      if (own && !run) run = {from: x, to: x}; else if (own) run.to = x;
      if ((!own || x + 2 >= r.right - 1) && run) { if (!best || run.to - run.from > best.to - best.from) best = run; run = null; }
    }
    return best && {x: (best.from + best.to) / 2, y}; }); }"""
# Multi-line claim and cross-reference highlights (first pieces), with or without a term inside.
ESSAY_TOP = "document.querySelector('.ae-essay').getBoundingClientRect().top"
MULTILINE = """nested => [...document.querySelectorAll('.ae-essay mark:is(.ae-hl--claim, .ae-hl--xref)[id]')]
  .filter(m => !m.id.includes('--') && m.getClientRects().length >= 3
               && !!m.querySelector('.ae-hl--glossary') === nested).map(m => m.id)"""

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


@pytest.mark.parametrize("nested", [False, True], ids=["plain", "with-terms"])
def test_a_tap_on_any_line_of_a_highlight_opens_its_note_and_a_second_tap_closes_it(
    browser: Any, site_url: str, nested: bool
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(site_url)
        ids = page.evaluate(MULTILINE, nested)
        assert len(ids) >= 3, "the essay has few highlights over three lines or more"
        for hid in (ids[0], ids[len(ids) // 2], ids[-1]):
            points = page.evaluate(LINE_POINTS, hid)
            for line, point in {"first": points[0], "middle": points[len(points) // 2], "last": points[-1]}.items():
                assert point, f"no place on the {line} line of {hid} to tap"
                page.touchscreen.tap(point["x"], point["y"])
                assert is_open(page, hid), f"a tap on the {line} line of {hid} left its note closed"
                assert page.evaluate(OPEN_COUNT) == 1
                assert_in_viewport(page, f"#{hid}--note")
                page.touchscreen.tap(point["x"], point["y"])
                assert not is_open(page, hid), f"a second tap on the {line} line of {hid} left its note open"
                assert page.evaluate(OPEN_COUNT) == 0
    finally:
        context.close()


def test_a_tap_on_a_term_inside_a_highlight_opens_the_term(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(site_url)
        term = page.evaluate("() => document.querySelector('.ae-essay mark.ae-hl--claim mark.ae-hl--glossary[id]').id")
        page.locator(f"#{term}").tap()
        assert is_open(page, term) and page.evaluate(OPEN_COUNT) == 1
        page.locator(f"#{term}").tap()
        assert page.evaluate(OPEN_COUNT) == 0
    finally:
        context.close()


@pytest.mark.parametrize("width", [1440], ids=["1440px"])
def test_no_two_sidenotes_overlap_even_with_one_open(reader: Any) -> None:
    page = reader.goto()
    # The paragraph with the most claims (today: the board and the trust), every claim in turn.
    claims = page.evaluate("""() => { const ps = [...document.querySelectorAll('.ae-essay p')]
      .map(p => [...p.querySelectorAll('mark.ae-hl--claim[id]')].map(m => m.id).filter(i => !i.includes('--')));
      return ps.reduce((a, b) => b.length > a.length ? b : a); }""")
    assert len(claims) >= 4, claims
    page.locator(f"#{claims[0]}").scroll_into_view_if_needed()
    assert overlaps(page.evaluate(SIDENOTE_BOXES)) == []
    # The first claims too, where the notes above have only the title and the key above them.
    claims = [first_id(page, "claim", 0), first_id(page, "claim", 1), *claims]
    for how in ("focus", "hover"):
        for hid in claims:
            if how == "focus":
                page.focus(f"#{hid}")
            else:
                page.locator(f"[id='{hid}--note']").hover()
            page.wait_for_function(IS_OPEN, arg=hid, timeout=2000)
            boxes = page.evaluate(SIDENOTE_BOXES)
            assert overlaps(boxes) == [], f"with {hid} open ({how})"
            assert min(b["top"] for b in boxes) >= page.evaluate(ESSAY_TOP) - 0.5, "a sidenote climbed over the title"
            assert_in_viewport(page, f"#{hid}--note")
        page.keyboard.press("Escape")
        page.mouse.move(2, 2)


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
        assert page.locator(".ae-key").is_visible(), "the key to the highlights still explains them"
        assert page.locator(".ae-key button").count() == 0, "no button that cannot work"
        assert not page.locator(".ae-key-hint").is_visible(), "no hint at a control that is not there"
    finally:
        context.close()
