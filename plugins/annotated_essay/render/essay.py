"""The essay page: the `.txt` essay as a tree, highlight elements and notes."""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Iterable
from typing import Any
from xml.etree.ElementTree import Element

from ..htmltree import element, parse_fragment
from ..model import Annotation, Claim, CrossRef, Quotation, Term
from .markdown import render_markdown
from .templates import render

_BULLETS = ("- ", "* ")
LAYER_LABELS: dict[str, str] = {
    "claim": "Claims",
    "glossary": "Glossary",
    "xref": "Cross-references",
    "quotation": "Quotations",
}


@dataclass(frozen=True)
class Links:
    """Where the other pages are, relative to the page the HTML goes on."""

    essay: str = "./"
    claims: str = "claims/"
    glossary: str = "glossary/"
    unanchored: str = "unanchored/"


def txt_to_tree(text: str) -> Element:
    """A `.txt` essay as a tree: one paragraph per line, `- `/`* ` runs as one list.

    The text is never read as HTML or Markdown: it becomes element text, which
    the serializer escapes.
    """
    root = Element("div")
    current_list: Element | None = None
    for line in text.splitlines():
        if not line.strip():
            current_list = None
            continue
        if line.startswith(_BULLETS):
            if current_list is None:
                current_list = element("ul")
                root.append(current_list)
            current_list.append(element("li", line[2:]))
            continue
        current_list = None
        root.append(element("p", line))
    return root


def highlight(annotation: Annotation, element_id: str | None) -> Element:
    """One highlight element; `element_id` goes on an occurrence's first piece only."""
    kind = annotation.kind
    el = element(
        "mark",
        class_=f"ae-hl ae-hl--{kind}" + (f" ae-verdict--{annotation.verdict}" if isinstance(annotation, Claim) else ""),
        data_annotation=annotation.id,
        data_kind=kind,
        tabindex="0",
        aria_describedby=f"{annotation.id}--note",
    )
    if element_id:
        el.set("id", element_id)
    return el


def occurrence(term: Term, element_id: str) -> Element:
    """An unmarked occurrence of a glossary term (`glossary_marks: first`): a link target only."""
    return element("span", class_="ae-occurrence", id=element_id, data_occurrence_of=term.id)


def xref_target(xref: CrossRef, first: bool) -> Element:
    """The passage an xref points at."""
    el = element("span", class_="ae-target", data_xref_target=xref.id)
    if first:
        el.set("id", f"{xref.id}--to")
    return el


def note(annotation: Annotation, links: Links, **context: Any) -> Element:
    """The note that opens from an annotation's highlight, as an element."""
    if isinstance(annotation, Claim):
        html = render("note_claim.html", a=annotation, note=render_markdown(annotation.note), links=links)
    elif isinstance(annotation, Term):
        html = render(
            "note_glossary.html",
            a=annotation,
            definition=render_markdown(annotation.definition),
            links=links,
            see_also=context.get("see_also", []),
        )
    elif isinstance(annotation, CrossRef):
        html = render(
            "note_xref.html",
            a=annotation,
            note=render_markdown(annotation.note) if annotation.note else "",
            target=context["target"],
        )
    else:
        assert isinstance(annotation, Quotation)
        html = render("citation.html", a=annotation)
    return _single(html)


def backlinks(target_id: str, items: list[dict[str, str]]) -> Element:
    """The list of passages that point at a passage."""
    return _single(render("backlinks.html", target_id=target_id, items=items))


def layer_control(kinds: Iterable[str]) -> str:
    """The control that shows or hides each kind of highlight on the page, as HTML.

    It is in the page from the start, so the text does not move when the script
    wires it up; the stylesheet hides it where scripting is off.
    """
    present = set(kinds)
    if not present:
        return ""
    return render("layers.html", kinds=[(k, label) for k, label in LAYER_LABELS.items() if k in present])


def _single(html: str) -> Element:
    holder = parse_fragment(html.strip())
    return holder[0]
