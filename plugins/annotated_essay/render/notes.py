"""The essay page: the `.txt` essay as a tree, highlight elements and notes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from typing import Any
from xml.etree.ElementTree import Element

from ..html.tree import element
from ..html.markup import Html, HtmlContent, h, joined, lines
from ..model import Annotation, Claim, CrossRef, Quotation, Term
from ..html.markdown import LINK_REL, http_url, markdown_content
from .pieces import external_link, label_of, sources, verdict_badge

_BULLETS = ("- ", "* ")
LAYER_LABELS: dict[str, str] = {"claim": "claims", "glossary": "glossary terms", "xref": "cross-references", "quotation": "quotations"}


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
    kind_of = lambda line: "" if not line.strip() else "li" if line.startswith(_BULLETS) else "p"  # noqa: E731
    for kind, run in groupby(text.splitlines(), key=kind_of):
        if kind == "li":
            root.append(element("ul", None, [element("li", None, line[2:]) for line in run]))
        elif kind == "p":
            root.extend(element("p", None, line) for line in run)
    return root


def highlight(annotation: Annotation, element_id: str | None) -> Element:
    """One highlight element; `element_id` goes on an occurrence's first piece only."""
    kind = annotation.kind
    attrs = {
        "class": f"ae-hl ae-hl--{kind}" + (f" ae-verdict--{annotation.verdict}" if isinstance(annotation, Claim) else ""),
        "data-annotation": annotation.id,
        "data-kind": kind,
        "tabindex": "0",
        "aria-describedby": f"{annotation.id}--note",
    }
    if element_id:
        attrs["id"] = element_id
    # A quotation inside a paragraph is a `q`: the quoted words, and only those, are someone else's.
    return element("q" if kind == "quotation" else "mark", attrs)


def occurrence(term: Term, element_id: str) -> Element:
    """An unmarked occurrence of a glossary term (`glossary_marks: first`): a link target only."""
    return element("span", {"class": "ae-occurrence", "id": element_id, "data-occurrence-of": term.id})


def xref_target(xref: CrossRef, first: bool) -> Element:
    """The passage an xref points at."""
    attrs = {"class": "ae-target", "data-xref-target": xref.id}
    if first:
        attrs["id"] = f"{xref.id}--to"
    return element("span", attrs)


def note(annotation: Annotation, links: Links, see_also: list[dict[str, str]] | None = None, target: dict[str, Any] | None = None) -> Html:
    """The note that opens from an annotation's highlight: a term's `see_also` links, an xref's `target`."""
    if isinstance(annotation, Claim):
        return _claim_note(annotation, links)
    if isinstance(annotation, Term):
        return _glossary_note(annotation, links, see_also or [])
    if isinstance(annotation, CrossRef):
        assert target is not None
        return _xref_note(annotation, target)
    return _note("quotation", "Quotation", annotation, h("p", {"class": "ae-note-head"}, _cited(annotation)), _permalink(annotation, "Link to this quotation"))


def _note(kind: str, label: str, a: Annotation, *content: HtmlContent) -> Html:
    attrs = {"aria-label": label, "class": f"ae-note ae-note--{kind}", "data-note-for": a.id, "id": f"{a.id}--note"}
    return h("aside", attrs, lines(*content))


def _permalink(a: Annotation, text: str, *more: HtmlContent) -> Html:
    return h("p", {"class": "ae-note-links"}, h("a", {"class": "ae-permalink", "href": f"#{a.id}"}, text), more)


def _claim_note(a: Claim, links: Links) -> Html:
    checked = h("span", {"class": "ae-checked"}, "Checked ", h("time", {"datetime": a.checked}, a.checked))
    return _note(
        "claim",
        "Claim check",
        a,
        h("p", {"class": "ae-note-head"}, verdict_badge(a.verdict), " ", h("span", {"class": "ae-speaker"}, a.speaker)),
        h("p", {"class": "ae-claim"}, a.claim),
        h("div", {"class": "ae-note-body"}, markdown_content(a.note)),
        sources(a.sources),
        _permalink(a, "Link to this claim", " · ", h("a", {"href": f"{links.claims}#{a.id}"}, "All claims"), " · ", checked),
    )


def _glossary_note(a: Term, links: Links, see_also: list[dict[str, str]]) -> Html:
    aliases = [" ", h("span", {"class": "ae-aliases"}, f"(also {', '.join(a.aliases)})")] if a.aliases else None
    return _note(
        "glossary",
        f"Glossary: {a.term}",
        a,
        h("p", {"class": "ae-note-head"}, h("dfn", None, a.term), aliases),
        h("div", {"class": "ae-note-body"}, markdown_content(a.definition)),
        see_also_links(see_also),
        sources(a.sources),
        _permalink(a, "Link to this term", " · ", h("a", {"href": f"{links.glossary}#{a.id}"}, "Glossary")),
    )


def see_also_links(items: list[dict[str, str]]) -> Html | None:
    """A term's "See also" line (links with `href` and `label`), or nothing."""
    if not items:
        return None
    links = [h("a", {"href": item["href"]}, item["label"]) for item in items]
    return h("p", {"class": "ae-see-also"}, "See also: ", joined(links, ", "))


def _xref_note(a: CrossRef, target: dict[str, Any]) -> Html:
    if not target["external"]:
        link = h("a", {"class": "ae-xref-target", "href": target["href"]}, target["label"])
    elif http_url(target["href"]):
        link = h("a", {"class": "ae-xref-target", "href": target["href"], "rel": LINK_REL}, target["label"])
    else:
        link = h("span", {"class": "ae-xref-target"}, target["label"])
    return _note(
        "xref",
        "Cross-reference",
        a,
        h("p", {"class": "ae-note-head"}, h("span", {"class": "ae-relation"}, label_of(a.relation)), " ", link),
        h("div", {"class": "ae-note-body"}, markdown_content(a.note)) if a.note else None,
        _permalink(a, "Link to this cross-reference"),
    )


def _cited(a: Quotation) -> list[HtmlContent]:
    """Who said a quotation, and where."""
    source = a.source
    speaker = a.speaker or (source.author if source else None)
    if source is None:
        return ["— ", h("span", {"class": "ae-speaker"}, speaker)]
    return [
        "— ",
        [h("span", {"class": "ae-speaker"}, speaker), ", "] if speaker else None,
        h("cite", None, external_link(source.url, source.title)),
        [", ", source.publisher] if source.publisher else None,
        [", ", h("time", {"datetime": source.date}, source.date)] if source.date else None,
    ]


def citation(a: Quotation) -> Html:
    """The caption of a block quotation: who said it, and where."""
    return h(
        "figcaption",
        {"class": "ae-note ae-note--quotation ae-citation", "data-note-for": a.id, "id": f"{a.id}--note"},
        "\n",
        _cited(a),
        "\n ",
        h("a", {"aria-label": "Link to this quotation", "class": "ae-permalink", "href": f"#{a.id}"}, "#"),
        "\n",
    )


def backlinks(target_id: str, items: list[dict[str, str]]) -> Html:
    """The list of passages that point at a passage."""
    links = [h("a", {"class": "ae-backlink", "href": item["href"]}, item["label"]) for item in items]
    return h(
        "aside",
        {"class": "ae-backlinks", "data-backlinks-for": target_id, "aria-label": "Passages referring here"},
        lines(h("p", None, "Referred to by: ", joined(links, "; "))),
    )


def highlight_key(kinds: Iterable[str]) -> Html | None:
    """One line naming each kind of highlight on the page, each in its own highlight style.

    The script turns each name into a button that shows or hides its kind (the
    key is in the page from the start, so the text does not move when it does).
    """
    present = set(kinds)
    if not present:
        return None
    items = [h("span", {"class": f"ae-key-item ae-hl--{kind}", "data-layer": kind}, label) for kind, label in LAYER_LABELS.items() if kind in present]
    return h(
        "p",
        {"class": "ae-key", "role": "group", "aria-label": "Highlights to show"},
        h("span", {"class": "ae-key-head"}, "Highlighted:"),
        " ",
        joined(items, " "),
        h("span", {"class": "ae-key-hint"}, " (select one to hide or show it)"),
    )
