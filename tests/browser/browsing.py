"""What the browser tests ask a page: which note is open, where a box sits, the annotations it shows."""

from __future__ import annotations

from typing import Any

# Whether the note of annotation `id` is showing: an open popover, or a sidenote marked active.
IS_OPEN = """id => { const n = document.getElementById(id + '--note');
  return !!n && (n.matches(':popover-open') || (n.classList.contains('ae-side') && n.classList.contains('ae-on'))); }"""
OPEN_COUNT = """() => [...document.querySelectorAll('aside[data-note-for]')]
  .filter(n => n.matches(':popover-open') || (n.classList.contains('ae-side') && n.classList.contains('ae-on'))).length"""
# The page's cumulative layout shift so far: the script must not move the text once it is painted.
# (The observer reports nothing at all when nothing shifted: then the timer answers 0.)
LAYOUT_SHIFT = """() => new Promise(done => {
  new PerformanceObserver(list => done(list.getEntries().reduce((sum, e) => sum + (e.hadRecentInput ? 0 : e.value), 0)))
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => done(0), 300);
})"""
# Sites besides the repository's own, with its essay and annotations: Material with default
# options and the original's details set, and MkDocs' own theme (its light/dark follows the reader).
OTHER_SITES: dict[str, dict[str, Any]] = {
    "material": {"theme": {"name": "material"}},
    "mkdocs": {"theme": {"name": "mkdocs", "color_mode": "auto", "user_color_mode_toggle": True}},
}
ORIGINAL = {"title": "An essay on Anthropic", "author": "An Author", "date": "2023-07-25", "url": "https://example.org/essay"}
WIDE = 1220  # Material's widest breakpoint (76.25em), where sidenotes take the margin


def first_id(page: Any, kind: str, nth: int = 0) -> str:
    """The id of the `nth` annotation of `kind` highlighted in the essay, read from the page."""
    return str(page.eval_on_selector_all(f".ae-essay mark[data-kind='{kind}'][id]", f"els => els[{nth}].id"))


def is_open(page: Any, annotation: str) -> bool:
    return bool(page.evaluate(IS_OPEN, annotation))


def assert_in_viewport(page: Any, selector: str) -> None:
    box = page.locator(selector).bounding_box()
    view = page.viewport_size
    assert box is not None, f"{selector} is not rendered"
    assert box["x"] >= 0 and box["x"] + box["width"] <= view["width"] + 0.5, box
    assert box["y"] >= 0 and box["y"] + box["height"] <= view["height"] + 0.5, box


# The visible sidenotes' boxes, in the order of the text.
SIDENOTE_BOXES = """() => [...document.querySelectorAll('.ae-essay aside.ae-side')]
  .map(n => ({id: n.id, r: n.getBoundingClientRect()})).filter(b => b.r.height > 0)
  .map(b => ({id: b.id, top: b.r.top, bottom: b.r.bottom, left: b.r.left, right: b.r.right}))"""


def overlaps(boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Every pair of boxes that cover some of the same area (a shared edge does not count)."""
    return [
        (a["id"], b["id"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.5
        and min(a["right"], b["right"]) - max(a["left"], b["left"]) > 0.5
    ]
