"""The W3C Web Annotation export: every anchored annotation as JSON-LD, an
`AnnotationCollection` with one embedded `AnnotationPage`, the same on every build
(the plugin writes it to `annotations.jsonld`; `annotated-essay export` prints it).

Positions are code-point offsets into the essay text (essaytext.py), of which the
TextQuoteSelector's `exact`, `prefix` and `suffix` are slices.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..anchoring.anchor import Match
from ..anchoring.essaytext import EssayText
from ..files.write import annotation_fields
from ..render.iris import page_iri, site_base
from ..model import Annotation, AnnotationTarget, Claim, CrossRef, Quotation, Selector, Term, UrlTarget
from ..html.markdown import http_url, markdown_content
from ..html.markup import HtmlContent, h, markup
from ..render.pieces import label_of, sources

if TYPE_CHECKING:
    from ..site import SiteBuild

EXTENSION = "ae:annotation"
"""The property holding this project's own fields, so an import rebuilds the exact file.

Its value is the fields as a JSON string: a plain literal, which every JSON-LD
processor (1.0 or 1.1) keeps as it is, where an object would be read as a node.
"""
CONTEXT: list[Any] = ["http://www.w3.org/ns/anno.jsonld", {"ae": "urn:annotated-essay:vocab#"}]
FILE_NAME = "annotations.jsonld"
CONTEXT_CHARS = 32  # prefix and suffix length, as Hypothesis writes them

MOTIVATIONS: dict[str, str] = {"claim": "assessing", "glossary": "describing", "xref": "linking", "quotation": "identifying"}
"""The W3C motivation of each kind (docs/interoperability.md says why)."""


@dataclass(frozen=True)
class _Context:
    build: SiteBuild
    text: EssayText
    essay_iri: str

    def target(self, match: Match) -> dict[str, Any]:
        """A target: the essay and two selectors of its text at `match`."""
        start, end = self.text.span(match)
        essay = self.text.text
        quote = {
            "type": "TextQuoteSelector",
            "exact": essay[start:end],
            "prefix": essay[max(0, start - CONTEXT_CHARS) : start],
            "suffix": essay[end : end + CONTEXT_CHARS],
        }
        position = {"type": "TextPositionSelector", "start": start, "end": end}
        return {"source": self.essay_iri, "selector": [quote, position]}


def export_json(build: SiteBuild) -> str:
    """The text of annotations.jsonld: every anchored annotation, in the order of the essay.

    Deterministic: fixed key order, no timestamps, a final newline. The
    annotations are written one a line, so a change to one is one changed line.
    """
    base = site_base(build.publication.url, build.publication.name)
    ctx = _Context(build, EssayText.of(build.edition.text_map), page_iri(base, build.urls.get("essay", "")))
    placed = build.edition.placed
    in_order = sorted(placed, key=lambda key: (build.edition.spans[key][0].start, key))  # the order of the essay
    lines = [json.dumps(annotation(ctx, placed[key].annotation), ensure_ascii=False) for key in in_order]
    shell = json.dumps(_collection(build, base, len(lines)), ensure_ascii=False, indent=1)
    if not lines:
        return shell + "\n"
    # Inside a JSON string a quote is escaped, so this can only be the key itself.
    head, tail = shell.split('"items": []')
    items = ",\n".join(lines)
    return f'{head}"items": [\n{items}\n  ]{tail}\n'


def _collection(build: SiteBuild, base: str, total: int) -> dict[str, Any]:
    """The AnnotationCollection, its page's items left empty."""
    collection_id = base + FILE_NAME
    title = build.settings.title or build.publication.name or "the essay"
    return {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": f"Annotations of {title}",
        "total": total,
        "first": {"id": f"{collection_id}#page-1", "type": "AnnotationPage", "startIndex": 0, "items": []},
    }


def annotation(ctx: _Context, a: Annotation) -> dict[str, Any]:
    """One annotation as a W3C `Annotation`."""
    spans = ctx.build.edition.spans[a.id]
    target = [ctx.target(m) for m in spans] if isinstance(a, Term) else ctx.target(spans[0])  # a term: every occurrence
    item: dict[str, Any] = {"@context": CONTEXT, "id": f"{ctx.essay_iri}#{a.id}", "type": "Annotation", "motivation": MOTIVATIONS[a.kind]}
    # A claim was last changed, at the latest, when its verdict was checked.
    dates = [d for d in (a.updated, a.checked if isinstance(a, Claim) else None) if d]
    if dates:
        item["modified"] = f"{max(dates)}T00:00:00Z"
    if a.contributors:
        item["creator"] = [{"type": "Person", "name": name} for name in a.contributors]
    tags = [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in a.tags]
    item["body"] = [*_bodies(ctx, a), *tags]
    item["target"] = target
    own = {"kind": a.kind, "id": a.id, "fields": annotation_fields(a)}
    item[EXTENSION] = json.dumps(own, ensure_ascii=False, separators=(",", ":"))
    return item


def own_fields(item: dict[str, Any]) -> dict[str, Any] | None:
    """The kind, id and file fields this project exported with an annotation, if it did."""
    raw = item.get(EXTENSION)
    try:
        # An annotation file's fields nest a few levels: deeper is not ours (nor readable by json).
        own = json.loads(raw) if isinstance(raw, str) and too_deep(raw, 8) is None else None
    except ValueError:
        return None
    return own if isinstance(own, dict) and isinstance(own.get("kind"), str) and isinstance(own.get("fields"), dict) else None


def too_deep(text: str, limit: int) -> int | None:
    """Where the JSON `text` first nests more than `limit` arrays and objects deep, if it does."""
    depth = 0
    for token in re.finditer(r'"(?:[^"\\]|\\.)*"|[][{}]', text):
        depth += {"[": 1, "{": 1, "]": -1, "}": -1}.get(token[0], 0)
        if depth > limit:
            return token.start()
    return None


def _html_body(*content: HtmlContent) -> dict[str, str]:
    return {"type": "TextualBody", "value": markup(content), "format": "text/html"}


def _bodies(ctx: _Context, a: Annotation) -> list[dict[str, Any]]:
    """The annotation's bodies: first its note, as the site shows it."""
    if isinstance(a, Claim):
        head = h("p", None, h("strong", None, label_of(a.verdict)), f" ({a.speaker}): {a.claim}")
        return [_html_body(head, markdown_content(a.note), sources(a.sources))]
    if isinstance(a, Term):
        forms = f" (also: {', '.join(a.aliases)})" if a.aliases else None
        return [_html_body(h("p", None, h("strong", None, a.term), forms), markdown_content(a.definition), sources(a.sources))]
    if isinstance(a, CrossRef):
        note = markdown_content(a.note) if a.note else None
        return [_html_body(h("p", None, label_of(a.relation)), note), *_link_body(ctx, a)]
    assert isinstance(a, Quotation)
    speaker = h("p", None, f"Speaker: {a.speaker}") if a.speaker else None
    if a.source is None:
        return [_html_body(speaker)]
    return [_html_body(h("p", None, "Quoted from:"), sources((a.source,)), speaker), *_web_page(a.source.url)]


def _link_body(ctx: _Context, xref: CrossRef) -> list[dict[str, Any]]:
    """What the xref points at: a passage of the essay, another annotation, or a page."""
    to = xref.to
    if isinstance(to, Selector):
        return [{"type": "SpecificResource", **ctx.target(ctx.build.edition.spans[f"{xref.id}--to"][0])}]
    if isinstance(to, AnnotationTarget):
        return [{"id": f"{ctx.essay_iri}#{to.annotation}"}]
    assert isinstance(to, UrlTarget)
    return _web_page(to.url)


def _web_page(url: str) -> list[dict[str, str]]:
    # A URL the loader rejected (a non-strict build still publishes its annotation) is left out.
    checked = http_url(url)
    return [{"id": checked, "type": "Text"}] if checked else []
