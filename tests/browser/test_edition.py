"""The edition as a reader meets it: the first screen, the measure, quotations, the keyboard,
and the same highlights under MkDocs' own theme and Material with default options."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from browsing import IS_OPEN, OPEN_COUNT, ORIGINAL, assert_in_viewport, is_open

KINDS = ("claim", "glossary", "xref", "quotation")
# Characters on each full line (the last line of a paragraph is short by nature) of the
# essay's longest paragraphs, read from where each character is drawn.
LINE_LENGTHS = """() => {
  const ps = [...document.querySelectorAll('.ae-essay > p')].sort((a, b) => b.textContent.length - a.textContent.length).slice(0, 6);
  return ps.flatMap(p => {
    const tops = new Map(), walk = document.createTreeWalker(p, NodeFilter.SHOW_TEXT), range = document.createRange();
    for (let node; (node = walk.nextNode());) {
      if (node.parentElement.closest('aside')) continue;
      for (let i = 0; i < node.length; i++) {
        range.setStart(node, i); range.setEnd(node, i + 1);
        const r = range.getClientRects()[0];
        if (r) { const top = Math.round(r.top / 4); tops.set(top, (tops.get(top) || 0) + 1); }
      }
    }
    return [...tops.values()].slice(0, -1);
  });
}"""
# How each kind of highlight looks: its background and its line, in the essay and in the key.
LOOKS = """kinds => Object.fromEntries(kinds.flatMap(k => [['essay', '.ae-essay'], ['key', '.ae-key']].map(([where, scope]) => {
  const el = document.querySelector(`${scope} .ae-hl--${k}`);
  const s = el && getComputedStyle(el);
  return [`${where}:${k}`, s && [s.backgroundColor, s.textDecorationLine, s.textDecorationStyle, s.textDecorationColor]];
})))"""
AXE_RUN = """axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})
  .then(r => r.violations.map(v => ({id: v.id, nodes: v.nodes.slice(0, 3).map(n => n.html.slice(0, 120))})))"""


@pytest.fixture
def themed(browser: Any, other_site: Callable[[str], str]) -> Callable[..., Any]:
    """A page of one of the other sites at a width and colour scheme; closed after the test."""
    contexts: list[Any] = []

    def open_page(site: str, width: int, scheme: str = "light", path: str = "") -> Any:
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        contexts.append(context)
        # The mkdocs theme asks a CDN for highlight.js: nothing leaves this machine.
        context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda route: route.abort())
        page = context.new_page()
        errors: list[str] = []
        # Only the plugin's own script is ours to answer for (the mkdocs theme's stumbles offline).
        page.on("pageerror", lambda e: "annotated-essay" in (e.stack or "") and errors.append(str(e)))
        page.goto(other_site(site) + path, wait_until="load")
        assert errors == []
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize("site", ["material", "mkdocs"])
@pytest.mark.parametrize("width", [1440, 390], ids=["1440px", "390px"])
def test_the_first_screen_says_what_the_essay_is_and_keys_the_highlights(themed: Callable[..., Any], width: int, site: str) -> None:
    page = themed(site, width)
    header = page.locator(".ae-first")
    assert page.locator("h1").count() == 1
    assert header.locator("h1").inner_text() == ORIGINAL["title"]
    byline = header.locator(".ae-byline")
    assert ORIGINAL["author"] in byline.inner_text()
    assert byline.locator("time").get_attribute("datetime") == ORIGINAL["date"]
    assert byline.locator("time").inner_text() == "25 July 2023"
    assert byline.get_by_role("link", name="Read the original").get_attribute("href") == ORIGINAL["url"]
    # The whole of it on the first screen, before the essay's first word.
    box = header.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]
    first_word = page.locator(".ae-essay > p").first.bounding_box()
    assert first_word["y"] >= box["y"] + box["height"]
    # Not a settings form: no boxes to tick, and the key is a line of text in the essay's own highlights.
    assert header.locator("input, select, fieldset").count() == 0
    key = page.locator(".ae-key")
    names = key.locator("button[data-layer]")
    assert names.count() == len(KINDS)
    if width >= 1024:
        line = float(key.evaluate("k => parseFloat(getComputedStyle(k).lineHeight)"))
        assert key.bounding_box()["height"] < 1.5 * line, "the key takes one line"
    looks = page.evaluate(LOOKS, list(KINDS))
    for kind in KINDS:
        assert looks[f"key:{kind}"] == looks[f"essay:{kind}"], kind
    assert len({str(looks[f"key:{kind}"]) for kind in KINDS}) == len(KINDS), "each kind looks its own"


def test_the_project_site_without_a_date_or_original_shows_neither(reader: Any) -> None:
    page = reader.goto()
    assert page.locator(".ae-first h1").count() == 1
    assert page.locator(".ae-byline time").count() == 0
    assert page.get_by_role("link", name="Read the original").count() == 0


def test_the_essay_keeps_a_reading_measure_and_its_margin_for_sidenotes(reader: Any, width: int) -> None:
    page = reader.goto()
    lengths = page.evaluate(LINE_LENGTHS)
    assert len(lengths) > 20
    if width >= 1024:
        assert 60 <= min(lengths) and max(lengths) <= 75, (min(lengths), max(lengths))
    else:
        # A phone's screen is narrower than the measure: the text takes its width, never more than 75.
        assert max(lengths) <= 75, max(lengths)
    if width >= 1220:
        text_right = page.evaluate("Math.max(...[...document.querySelectorAll('.ae-essay > p')].map(p => p.getBoundingClientRect().right))")
        notes_left = page.evaluate("Math.min(...[...document.querySelectorAll('.ae-essay aside.ae-side')].map(n => n.getBoundingClientRect().left))")
        assert notes_left - text_right >= 16, "the margin is kept for the sidenotes"


@pytest.mark.parametrize("width", [1440], ids=["1440px"])
def test_a_quotation_inside_a_paragraph_credits_only_the_quoted_words(reader: Any) -> None:
    page = reader.goto()
    quotations = page.eval_on_selector_all(
        ".ae-essay [data-kind='quotation'][id]",
        """els => els.map(q => { const block = q.closest('p, li') || q;
             return {id: q.id, tag: q.tagName, whole: q.tagName === 'BLOCKQUOTE',
                     rest: q.tagName === 'Q' ? block.textContent.replace(/\\s+/g, ' ').length - [...block.querySelectorAll(`[data-annotation="${q.id}"]`)].reduce((n, e) => n + e.textContent.replace(/\\s+/g, ' ').length, 0) : 0}; })""",
    )
    inline = [q for q in quotations if q["tag"] == "Q"]
    assert inline and any(q["whole"] for q in quotations), quotations
    assert all(q["rest"] > 0 for q in inline), "an inline quotation leaves the author's own words outside it"
    # Dario Amodei's words are quoted; "Dario Amodei (CEO of Anthropic):", the author's lead-in, is not.
    qid = "quote-dario-amodei-race-to-safety"
    dario = page.locator(f"#{qid}")
    assert dario.evaluate("q => q.tagName") == "Q"
    assert dario.inner_text().startswith("Most folks")
    assert dario.evaluate("q => q.closest('p').textContent.trim().startsWith('Dario Amodei (CEO of Anthropic):')")
    assert page.locator("blockquote", has_text="Dario Amodei (CEO").count() == 0
    dario.focus()
    page.wait_for_function(IS_OPEN, arg=qid, timeout=2000)
    note = page.locator(f"[id='{qid}--note']")
    assert "Dario Amodei" in note.inner_text() and note.locator("cite").count() == 1
    assert_in_viewport(page, f"[id='{qid}--note']")


@pytest.mark.parametrize("width", [1440, 390], ids=["1440px", "390px"])
def test_keyboard_alone_toggles_the_kinds_and_reads_the_notes(reader: Any) -> None:
    page = reader.goto()
    try:
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('.ae-key button')"):
                break
        assert page.evaluate("document.activeElement.dataset.layer") == "claim", "Tab reaches the key"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.getAttribute('aria-pressed')") == "false"
        assert page.evaluate("document.querySelector('.ae-essay').classList.contains('ae-off-claim')")
        page.keyboard.press("Space")
        assert page.evaluate("document.activeElement.getAttribute('aria-pressed')") == "true"
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('.ae-essay .ae-hl')"):
                break
        hid = page.evaluate("document.activeElement.id")
        assert hid and is_open(page, hid), "Tab reaches the first highlight and opens its note"
        page.keyboard.press("Escape")
        assert page.evaluate(OPEN_COUNT) == 0 and page.evaluate("document.activeElement.id") == hid
    finally:
        page.evaluate("localStorage.removeItem('ae-layers')")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1440, 390], ids=["1440px", "390px"])
def test_under_the_mkdocs_theme_each_kind_keeps_its_own_highlight(themed: Callable[..., Any], width: int, scheme: str) -> None:
    page = themed("mkdocs", width, scheme)
    assert page.evaluate("document.documentElement.dataset.bsTheme") == scheme
    looks = page.evaluate(LOOKS, list(KINDS))
    plain_mark = page.evaluate("(() => { const m = document.body.appendChild(document.createElement('mark')); const c = getComputedStyle(m).backgroundColor; m.remove(); return c; })()")
    for kind in KINDS:
        assert looks[f"essay:{kind}"] == looks[f"key:{kind}"], kind
        assert looks[f"essay:{kind}"][0] != plain_mark, f"the theme's mark style wins over {kind}"
    assert len({str(looks[f"essay:{kind}"]) for kind in KINDS}) == len(KINDS), looks
    assert looks["essay:glossary"][2] == "dotted" and looks["essay:quotation"][2] == "double"
    hid = page.eval_on_selector(".ae-essay mark.ae-hl--claim[id]", "m => m.id")
    page.focus(f"#{hid}")
    page.wait_for_function(IS_OPEN, arg=hid, timeout=2000)
    assert_in_viewport(page, f"[id='{hid}--note']")


SITES = [("material", "light"), ("material", "dark"), ("mkdocs", "light"), ("mkdocs", "dark")]


@pytest.mark.parametrize(("site", "scheme"), SITES, ids=[f"{s}-{c}" for s, c in SITES])
@pytest.mark.parametrize("path", ["", "claims/", "glossary/"], ids=["essay", "claims", "glossary"])
@pytest.mark.parametrize("width", [1440, 390], ids=["1440px", "390px"])
def test_axe_finds_no_violations_under_other_themes(themed: Callable[..., Any], axe_source: str, site: str, scheme: str, path: str, width: int) -> None:
    page = themed(site, width, scheme, path)
    if path == "":
        hid = page.eval_on_selector(".ae-essay mark.ae-hl--claim[id]", "m => m.id")
        page.focus(f"#{hid}")
        page.wait_for_function(IS_OPEN, arg=hid)
    page.add_script_tag(content=axe_source)
    # Material's pages are checked whole; under the mkdocs theme, what the plugin writes, its
    # links aside: their colour is the theme's (#2fa4e7 on white, 2.7:1), on every page it makes.
    scope = "document" if site == "material" else "{include: [['.ae-first'], ['.ae-essay'], ['.ae-page']], exclude: [['a']]}"
    assert page.evaluate(AXE_RUN.replace("axe.run(document", f"axe.run({scope}")) == []


@pytest.mark.parametrize("site", ["material", "mkdocs"])
def test_printed_under_either_theme_notes_are_numbered_footnotes(themed: Callable[..., Any], site: str) -> None:
    page = themed(site, 1440)
    page.emulate_media(media="print")
    notes = page.eval_on_selector_all(
        ".ae-essay aside[data-note-for]",
        "els => els.map(n => [getComputedStyle(n).display, getComputedStyle(n).position, getComputedStyle(n, '::before').content])",
    )
    assert notes and all(d != "none" and p == "static" and c.startswith("counter(ae-fn)") for d, p, c in notes), notes[:3]
    assert page.locator(".ae-key").is_hidden()
