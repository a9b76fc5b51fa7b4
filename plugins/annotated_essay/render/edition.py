"""The pipeline: anchor an annotation set in the essay's tree, insert highlights,
block quotations and notes, and report what could not be anchored.

Plain data in (an element tree and an `AnnotationSet`), plain data out (an
`Edition`); no MkDocs import.
"""

from __future__ import annotations

import bisect
import heapq
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable
from xml.etree.ElementTree import Element

from ..anchoring import anchor
from ..anchoring.anchor import Match, Range, TextMap
from ..anchoring.glossary import find_terms, never_occurs
from ..html.tree import BLOCKS, RAW, element, parent_map, raw
from ..model import Annotation, AnnotationSet, AnnotationTarget, Claim, CrossRef, Problem, Quotation, Rejected, Selector, Term, UrlTarget
from ..anchoring.near import clip, explain
from ..anchoring.normalize import normalize_selector_text
from . import notes as render
from .pieces import label_of, title_of

# Notes go after these blocks (as siblings); inside any other block (li, td,
# blockquote, ...) they go at its end, where flow content is allowed.
_PHRASING_BLOCKS = frozenset("p h1 h2 h3 h4 h5 h6 pre dt summary".split())


@dataclass
class Placement:
    """Where an anchored annotation is on the essay page."""

    annotation: Annotation
    anchors: list[str]  # element ids, the first is the annotation's id
    contexts: list[str]  # the passage of each anchor, for back-links and lists


@dataclass
class Edition:
    """Everything the other pages need to know about the annotated essay."""

    # The essay's text as selectors see it, and where each anchored range is in
    # its normalized text (owner id -> spans in document order; an xref's target
    # passage is owned by `<id>--to`): what the W3C export needs for positions.
    text_map: TextMap
    spans: dict[str, list[Match]]
    placed: dict[str, Placement] = field(default_factory=dict)
    unanchored: list[tuple[Annotation, list[Problem]]] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    backlinks: dict[str, list[str]] = field(default_factory=dict)  # annotation id -> xref ids


@dataclass
class _Work:
    tm: TextMap
    links: render.Links
    by_id: dict[str, Annotation]
    ranges: list[Range] = field(default_factory=list)
    # annotation id -> its ranges, whose elements exist once wrapped
    owned: dict[str, list[Range]] = field(default_factory=dict)
    quotes: list[tuple[Quotation, Match, Match]] = field(default_factory=list)  # block quotations
    quoted: dict[str, tuple[int, int]] = field(default_factory=dict)  # quotation id -> its normalized span
    contexts: dict[str, list[str]] = field(default_factory=dict)  # owner -> passage per range
    problems: dict[str, list[Problem]] = field(default_factory=dict)
    spans: dict[str, list[Match]] = field(default_factory=dict)  # owner -> normalized spans

    def fail(self, annotation: Annotation, problem: Problem) -> None:
        self.problems.setdefault(annotation.id, []).append(problem)


def annotate(
    root: Element,
    annotations: AnnotationSet,
    links: render.Links = render.Links(),
    glossary_marks: str = "first",
    notes: bool = True,
) -> Edition:
    """Anchor every annotation in `root` (changed in place) and return the edition.

    `notes=False` leaves the notes out of the tree (rendering them is most of
    the work): for a caller that only wants the problems and placements.
    """
    work = _Work(anchor.build_text_map(root), links, annotations.by_id())
    ordered = sorted(annotations.annotations, key=lambda a: (a.where.path, a.id))
    for annotation in ordered:
        if isinstance(annotation, Claim):
            _claim(work, annotation)
        elif isinstance(annotation, CrossRef):
            _xref(work, annotation)
        elif isinstance(annotation, Quotation):
            _quotation(work, annotation)
    _terms(work, [a for a in ordered if isinstance(a, Term)], glossary_marks)
    _refuse_crowded(work)
    anchor.wrap_ranges(work.tm, work.ranges)
    edition = Edition(work.tm, work.spans, rejected=list(annotations.rejected))
    _wrap_quotations(work, root, notes)
    _place(work, edition, ordered)
    if notes:
        _insert_notes(work, edition, root, ordered)
    found = [p for ps in work.problems.values() for p in ps]
    edition.problems = sorted([*annotations.problems, *found], key=Problem.sort_key)
    return edition


# --- resolving selectors --------------------------------------------------------


def _resolve(work: _Work, annotation: Annotation, selector: Selector, what: str) -> Match | None:
    matches = anchor.find_quote(work.tm, selector)
    if len(matches) == 1:
        return matches[0]
    # None or several: never a guess; near.explain says why, and suggests the fix.
    work.fail(annotation, explain(work.tm, selector, matches, what))
    return None


def _range(work: _Work, match: Match, owner: str, make: Callable[[bool], Element], rank: int) -> None:
    start, end = work.tm.norm.original_span(match.start, match.end)
    rng = Range(start, end, make, rank=rank, key=owner)
    work.ranges.append(rng)
    work.owned.setdefault(owner, []).append(rng)
    work.spans.setdefault(owner, []).append(match)
    work.contexts.setdefault(owner, []).append(anchor.context(work.tm, match))


MAX_OVERLAP = 32
"""How many annotations may cover the same words: each nests one more element there."""


def _refuse_crowded(work: _Work) -> None:
    """Refuse the last-made range's annotation wherever more than MAX_OVERLAP cover the
    same words: no reader follows so many, and the page's elements would nest as deep."""
    active: list[tuple[int, int, Range]] = []  # (end, creation order, range), a heap by end
    refused: set[str] = set()
    for order, rng in sorted(enumerate(work.ranges), key=lambda item: item[1].start):
        if rng.key.removesuffix("--to") in refused:
            continue
        while active and active[0][0] <= rng.start:
            heapq.heappop(active)
        heapq.heappush(active, (rng.end, order, rng))
        if len(active) > MAX_OVERLAP:
            last = max(active, key=lambda item: item[1])[2]
            owner = last.key.removesuffix("--to")
            others = sorted({r.key.removesuffix("--to") for _, _, r in active} - {owner})
            shown = ", ".join(f"'{other}'" for other in others[:3])
            message = f"more than {MAX_OVERLAP} annotations cover these words ({shown} and {len(others) - 3} more): this one is not shown"
            work.fail(work.by_id[owner], Problem(work.by_id[owner].where, message, "annotate other words, or add to one of their notes"))
            refused.add(owner)
            active = [item for item in active if item[2].key.removesuffix("--to") != owner]
            heapq.heapify(active)
    work.ranges = [r for r in work.ranges if r.key.removesuffix("--to") not in refused]


def _claim(work: _Work, claim: Claim) -> None:
    match = _resolve(work, claim, claim.selector, "quote")
    if match:
        _range(work, match, claim.id, lambda first: render.highlight(claim, claim.id if first else None), 1)


def _xref(work: _Work, xref: CrossRef) -> None:
    match = _resolve(work, xref, xref.from_, "quote")
    target = _resolve(work, xref, xref.to, "target quote") if isinstance(xref.to, Selector) else None
    if isinstance(xref.to, AnnotationTarget) and xref.to.annotation not in work.by_id:
        work.fail(xref, Problem(xref.to.where, f"no annotation has the id '{xref.to.annotation}'"))
        return
    if match is None or (isinstance(xref.to, Selector) and target is None):
        return
    _range(work, match, xref.id, lambda first: render.highlight(xref, xref.id if first else None), 2)
    if target is not None:
        _range(work, target, f"{xref.id}--to", lambda first: render.xref_target(xref, first), 3)


def _quotation(work: _Work, quotation: Quotation) -> None:
    start = _resolve(work, quotation, quotation.start, "start quote")
    end = _resolve(work, quotation, quotation.end, "end quote") if quotation.end else start
    if start is None or end is None:
        return
    if end.end < start.start:
        work.fail(quotation, Problem(quotation.end.where, "the end quote comes before the start quote"))  # type: ignore[union-attr]
        return
    quoted = Match(start.start, end.end)
    clash = next((other for other, (lo, hi) in work.quoted.items() if lo < quoted.end and quoted.start < hi), None)
    if clash is not None:
        work.fail(quotation, Problem(quotation.start.where, f"overlaps the quotation '{clash}'", "quotations never overlap: shorten one of them"))
        return
    work.quoted[quotation.id] = (quoted.start, quoted.end)
    if not _whole_blocks(work.tm, quoted):
        # Quoted words inside the author's paragraph: only they are marked, and credited in the note.
        _range(work, quoted, quotation.id, lambda first: render.highlight(quotation, quotation.id if first else None), 0)
        return
    work.quotes.append((quotation, start, end))
    work.spans[quotation.id] = [quoted]


def _whole_blocks(tm: TextMap, match: Match) -> bool:
    """Whether `match` runs from the start of a block to the end of a block."""
    raw_start, raw_end = tm.norm.original_span(match.start, match.end)
    first = bisect.bisect_right(tm.block_starts, raw_start) - 1
    after = bisect.bisect_left(tm.block_starts, raw_end)
    block_start = tm.block_starts[first] if first >= 0 else 0
    block_end = tm.block_starts[after] if after < len(tm.block_starts) else len(tm.raw)
    return not tm.raw[block_start:raw_start].strip() and not tm.raw[raw_end:block_end].strip()


def _terms(work: _Work, terms: list[Term], marks: str) -> None:
    found, problems = find_terms(work.tm.text, terms)
    for term in terms:
        occurrences = found.get(term.id, [])
        if not occurrences:
            # Its words may all be another term's: then that is what it is told.
            for problem in problems.get(term.id) or [never_occurs(term)]:
                work.fail(term, problem)
            continue
        work.problems.setdefault("", []).extend(problems.get(term.id, []))
        for number, occ in enumerate(occurrences, start=1):
            element_id = term.id if number == 1 else f"{term.id}--{number}"
            marked = number == 1 or marks == "all"
            make = partial(_term_piece, term, element_id, marked)
            _range(work, Match(occ.start, occ.end), term.id, make, 4 if marked else 5)


def _term_piece(term: Term, element_id: str, marked: bool, first: bool) -> Element:
    """One piece of a term's occurrence: the element id goes on the first piece only."""
    if marked:
        return render.highlight(term, element_id if first else None)
    return render.occurrence(term, element_id) if first else element("span", {"class": "ae-occurrence"})


# --- block quotations -----------------------------------------------------------


def _block_of(el: Element, parents: dict[Element, Element]) -> Element:
    chain = _lineage(el, parents)
    return next((node for node in chain if node.tag in BLOCKS), chain[-1])


def _element_at(work: _Work, norm_pos: int) -> Element:
    raw = work.tm.norm.span(norm_pos)[0]
    slot = work.tm.slots[work.tm.slot_at(raw)]
    return slot.element if slot.parent is None else slot.parent


def _wrap_quotations(work: _Work, root: Element, notes: bool) -> None:
    taken: list[tuple[Element, list[Element], Quotation]] = []
    parents = parent_map(root)  # this loop only looks; the tree changes after it
    for quotation, start, end in work.quotes:
        first = _block_of(_element_at(work, start.start), parents)
        last = _block_of(_element_at(work, end.end - 1), parents)
        run = _sibling_run(first, last, parents)
        if run is None:
            work.fail(quotation, Problem(quotation.start.where, "the quotation's start and end are not in one passage of the essay"))
            continue
        # No two share a block: quotations that overlap were turned away in `_quotation`.
        taken.append((run[0], run[1], quotation))
    for parent, blocks, quotation in taken:
        quote_el = element("blockquote", {"class": "ae-quotation", "data-annotation": quotation.id, "data-kind": "quotation", "id": quotation.id})
        figure = element("figure", {"class": "ae-quotation-figure"})
        index = list(parent).index(blocks[0])
        for block in blocks:
            parent.remove(block)
            quote_el.append(block)
        figure.append(quote_el)
        if notes:
            figure.append(raw(render.citation(quotation)))
        parent.insert(index, figure)
        work.owned.setdefault(quotation.id, [])


def _lineage(el: Element, parents: dict[Element, Element]) -> list[Element]:
    """`el` and its ancestors, innermost first."""
    chain = [el]
    while chain[-1] in parents:
        chain.append(parents[chain[-1]])
    return chain


def _sibling_run(first: Element, last: Element, parents: dict[Element, Element]) -> tuple[Element, list[Element]] | None:
    """The siblings from the one holding `first` to the one holding `last`."""
    chain = _lineage(first, parents)
    ends = _lineage(last, parents)
    parent = next((node for node in ends if node in chain), None)
    if parent is None:
        return None
    if parent is first:  # start and end in one block
        return (parents[first], [first]) if first in parents else None
    # Lists and tables cannot hold a block quotation between their items.
    while parent.tag in {"ul", "ol", "dl", "table", "tbody", "thead", "tr"} and parent in parents:
        parent = parents[parent]
    children = list(parent)
    lo = next(i for i, c in enumerate(children) if c in chain)
    hi = next(i for i, c in enumerate(children) if c in ends)
    return parent, children[lo : hi + 1]


# --- placement and notes --------------------------------------------------------


def _place(work: _Work, edition: Edition, ordered: list[Annotation]) -> None:
    for annotation in ordered:
        problems = work.problems.get(annotation.id, [])
        ranges = work.owned.get(annotation.id)
        if ranges is None or any(p.severity == "error" for p in problems):
            edition.unanchored.append((annotation, problems))
            continue
        if isinstance(annotation, Quotation) and not ranges:  # a block quotation
            edition.placed[annotation.id] = Placement(annotation, [annotation.id], [])
            continue
        anchors = [el.get("id", "") for rng in ranges for el in rng.elements if el.get("id")]
        edition.placed[annotation.id] = Placement(annotation, anchors, work.contexts[annotation.id])
        if isinstance(annotation, CrossRef) and isinstance(annotation.to, AnnotationTarget):
            edition.backlinks.setdefault(annotation.to.annotation, []).append(annotation.id)


def _insert_notes(work: _Work, edition: Edition, root: Element, ordered: list[Annotation]) -> None:
    parents = parent_map(root)
    position = {el: i for i, el in enumerate(root.iter())}
    firsts = {
        a.id: next(el for rng in work.owned[a.id] for el in rng.elements)
        for a in ordered
        if a.id in edition.placed and work.owned[a.id]  # not block quotations: their notes are captions
    }
    followers: dict[Element, list[Element]] = {}
    # Notes follow their blocks in the order of their highlights.
    for annotation in sorted((work.by_id[i] for i in firsts), key=lambda a: position[firsts[a.id]]):
        first = firsts[annotation.id]
        _insert_after_block(raw(render.note(annotation, work.links, **_note_context(work, edition, annotation))), first, parents, followers)
        if isinstance(annotation, CrossRef) and isinstance(annotation.to, Selector):
            target = work.owned.get(f"{annotation.id}--to")
            if target and target[0].elements:
                quote = clip(normalize_selector_text(annotation.from_.quote), 60)
                item = {"href": f"#{annotation.id}", "label": f"{label_of(annotation.relation)}: {quote}"}
                _insert_after_block(raw(render.backlinks(f"{annotation.id}--to", [item])), target[0].elements[0], parents, followers)
    _place_followers(followers, parents)


def _note_context(work: _Work, edition: Edition, annotation: Annotation) -> dict[str, Any]:
    if isinstance(annotation, Term):
        return {"see_also": [_link_to(work, edition, ref) for ref in annotation.see_also if ref in work.by_id]}
    if isinstance(annotation, CrossRef):
        return {"target": _xref_target(work, edition, annotation)}
    return {}


def _link_to(work: _Work, edition: Edition, ref: str) -> dict[str, str]:
    target = work.by_id[ref]
    page = "" if ref in edition.placed else work.links.glossary if isinstance(target, Term) else work.links.claims
    return {"href": f"{page}#{ref}", "label": title_of(target)}


def _xref_target(work: _Work, edition: Edition, xref: CrossRef) -> dict:
    if isinstance(xref.to, UrlTarget):
        return {"href": xref.to.url, "label": xref.to.title, "external": True}
    if isinstance(xref.to, AnnotationTarget):
        return {**_link_to(work, edition, xref.to.annotation), "external": False}
    rng = work.owned[f"{xref.id}--to"][0]
    return {"href": f"#{xref.id}--to", "label": clip(work.tm.raw[rng.start : rng.end], 80), "external": False}


def _insert_after_block(note: Element, anchor_el: Element, parents: dict[Element, Element], followers: dict[Element, list[Element]]) -> None:
    """Put `note` at the end of the block holding `anchor_el`, or queue it to follow that block."""
    node = _block_of(anchor_el, parents)
    if node.tag not in _PHRASING_BLOCKS or node not in parents:
        node.append(note)
        parents[note] = node
        return
    followers.setdefault(node, []).append(note)
    parents[note] = parents[node]


def _place_followers(followers: dict[Element, list[Element]], parents: dict[Element, Element]) -> None:
    """Put each block's queued notes after it, and after any notes already following it
    (rebuilding each parent's children once, not once per note)."""
    for parent in dict.fromkeys(parents[node] for node in followers):
        children: list[Element] = []
        waiting: list[Element] = []
        for child in parent:
            if waiting and child.tag != RAW:  # past the notes already following
                children.extend(waiting)
                waiting = []
            children.append(child)
            waiting.extend(followers.get(child, ()))
        children.extend(waiting)
        parent[:] = children
