"""The W3C Web Annotation export: every anchored annotation as JSON-LD.

`export_json(build)` gives an `AnnotationCollection` with one embedded
`AnnotationPage` as JSON text, the same on every build. Plain data in, text
out, no MkDocs import: the plugin writes the result to `annotations.jsonld`
and `annotated-essay export` prints it.

Positions are code-point offsets into the *essay text* (essaytext.py): the
text of the essay body as the anchoring engine sees it, blocks separated by a
space, normalized as the contract says for selectors. The TextQuoteSelector's
`exact`, `prefix` and `suffix` are slices of the same text. docs/interoperability.md says why each kind has its motivation.
"""

from __future__ import annotations

import bisect
import html
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..anchoring.anchor import Match, TextMap
from ..anchoring.essaytext import EssayText
from ..files.write import annotation_fields
from ..render.iris import page_iri, site_base
from ..model import Annotation, AnnotationTarget, Claim, CrossRef, Quotation, Selector, Source, Term, UrlTarget
from ..html.markdown import http_url, markdown_content
from ..render.labels import relation_label, verdict_label

if TYPE_CHECKING:
    from ..site import SiteBuild

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
VOCAB = "urn:annotated-essay:vocab#"
EXTENSION = "ae:annotation"
"""The property holding this project's own fields, so an import rebuilds the exact file.

Its value is the fields as a JSON string: a plain literal, which every JSON-LD
processor (1.0 or 1.1) keeps as it is, where an object would be read as a node.
"""
CONTEXT: list[Any] = [ANNO_CONTEXT, {"ae": VOCAB}]
FILE_NAME = "annotations.jsonld"
CONTEXT_CHARS = 32  # prefix and suffix length, as Hypothesis writes them

# Encoders made once: json.dumps with options makes a new one on every call.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode
_ENCODE_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_CONTEXT_JSON = _ENCODE(CONTEXT)
# What _ENCODE does with one string, without its Python call around it.
_STRING = json.encoder.encode_basestring

MOTIVATIONS: dict[str, str] = {
    "claim": "assessing",
    "glossary": "describing",
    "xref": "linking",
    "quotation": "identifying",
}
"""The W3C motivation of each kind (docs/interoperability.md says why)."""


def essay_text(build: SiteBuild) -> EssayText:
    """The essay text of a build (see the module's docstring)."""
    assert build.edition.text_map is not None
    return EssayText.of(build.edition.text_map)


@dataclass(frozen=True)
class _Context:
    build: SiteBuild
    text: EssayText
    essay_iri: str

    def target(self, match: Match) -> str:
        """The JSON text of a target: the essay and two selectors of its text at `match`."""
        start, end = self.text.span(match)
        essay = self.text.text
        exact = _STRING(essay[start:end])
        prefix = _STRING(essay[max(0, start - CONTEXT_CHARS) : start])
        suffix = _STRING(essay[end : end + CONTEXT_CHARS])
        # Written as text: the C encoder costs about a microsecond for each dict it is given.
        return (
            f'{{"source": {_STRING(self.essay_iri)}, "selector": [{{"type": "TextQuoteSelector", "exact": {exact}, '
            f'"prefix": {prefix}, "suffix": {suffix}}}, {{"type": "TextPositionSelector", "start": {start}, "end": {end}}}]}}'
        )


def export_json(build: SiteBuild) -> str:
    """The text of annotations.jsonld: every anchored annotation, in the order of the essay.

    Deterministic: fixed key order, no timestamps, a final newline. The
    annotations are written one a line: easy to diff, and cheap, where an
    indented dump runs in Python at several times the cost.
    """
    base = site_base(build.publication.url, build.publication.name)
    ctx = _Context(build, essay_text(build), page_iri(base, build.urls.get("essay", "")))
    lines = [annotation(ctx, build.edition.placed[key].annotation) for key in _document_order(build)]
    shell = json.dumps(_collection(build, base, len(lines)), ensure_ascii=False, indent=1)
    if not lines:
        return shell + "\n"
    # Inside a JSON string a quote is escaped, so this can only be the key itself.
    head, tail = shell.split('"items": []')
    # Shell and items in one join: each concatenation would copy the whole text again.
    lines[0] = f'{head}"items": [\n{lines[0]}'
    lines[-1] = f"{lines[-1]}\n  ]{tail}\n"
    return ",\n".join(lines)


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


def _document_order(build: SiteBuild) -> list[str]:
    spans = build.edition.spans
    return sorted(build.edition.placed, key=lambda key: (spans[key][0].start, key))


def annotation(ctx: _Context, a: Annotation) -> str:
    """One annotation as a W3C `Annotation`: its JSON text, on one line."""
    spans = ctx.build.edition.spans[a.id]
    if isinstance(a, Quotation):
        targets = ctx.target(_passage(ctx.build.edition.text_map, spans[0]))
    elif isinstance(a, Term):
        targets = "[" + ", ".join([ctx.target(m) for m in spans]) + "]"  # every occurrence
    else:
        targets = ctx.target(spans[0])
    tags = [f'{{"type": "TextualBody", "purpose": "tagging", "value": {_STRING(t)}}}' for t in a.tags]
    bodies = ", ".join([*_bodies(ctx, a), *tags])
    own = _json_string(_ENCODE_COMPACT({"kind": a.kind, "id": a.id, "fields": annotation_fields(a)}))
    # The context is encoded once; the rest is written as text, as a target is.
    return (
        f'{{"@context": {_CONTEXT_JSON}, "id": {_STRING(f"{ctx.essay_iri}#{a.id}")}, "type": "Annotation", '
        f'"motivation": "{MOTIVATIONS[a.kind]}"{_dates(a)}{_creators(a.contributors)}, '
        f'"body": [{bodies}], "target": {targets}, "{EXTENSION}": {own}}}'
    )


def _creators(contributors: tuple[str, ...]) -> str:
    """The `creator` member (with its leading comma) of an annotation with contributors, else ''."""
    if not contributors:
        return ""
    people = ", ".join([f'{{"type": "Person", "name": {_STRING(name)}}}' for name in contributors])
    return f', "creator": [{people}]'


def _json_string(json_text: str) -> str:
    """JSON text as a JSON string, as _STRING writes it, at about twice its speed.

    JSON text holds no raw control character, so only backslashes and quotes need escaping.
    """
    return '"' + json_text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def own_fields(item: dict[str, Any]) -> dict[str, Any] | None:
    """The kind, id and file fields this project exported with an annotation, if it did."""
    raw = item.get(EXTENSION)
    try:
        own = json.loads(raw) if isinstance(raw, str) else None
    except ValueError:
        return None
    if isinstance(own, dict) and isinstance(own.get("kind"), str) and isinstance(own.get("fields"), dict):
        return own
    return None


def _dates(a: Annotation) -> str:
    """The `modified` member (with its leading comma) when a date is known, else ''."""
    # A claim was last changed, at the latest, when its verdict was checked.
    updated = a.updated
    checked = a.checked if isinstance(a, Claim) else None
    if updated and checked:
        latest = max(updated, checked)
    else:
        latest = updated or checked
    return f', "modified": {_STRING(f"{latest}T00:00:00Z")}' if latest else ""


def _passage(tm: TextMap | None, match: Match) -> Match:
    """A quotation's passage: from the start of its first block to the end of its last."""
    assert tm is not None
    raw_start, raw_end = tm.raw_span(match.start, match.end)
    first = bisect.bisect_right(tm.block_starts, raw_start) - 1
    nxt = bisect.bisect_left(tm.block_starts, raw_end)
    start = tm.norm.position(tm.block_starts[first]) if first >= 0 else match.start
    end = tm.norm.position(tm.block_starts[nxt]) if nxt < len(tm.block_starts) else len(tm.text)
    text = tm.text
    while start < match.start and text[start] == " ":
        start += 1
    while end > match.end and text[end - 1] == " ":
        end -= 1
    return Match(start, end)


# --- bodies -------------------------------------------------------------------


def _html_body(value: str) -> str:
    # Built from escaped text and markdown_content's sanitized HTML only; written as text, as a target is.
    return f'{{"type": "TextualBody", "value": {_STRING(value)}, "format": "text/html"}}'


def _bodies(ctx: _Context, a: Annotation) -> list[str]:
    """The annotation's bodies, each as JSON text."""
    if isinstance(a, Claim):
        head = f"<p><strong>{_e(verdict_label(a.verdict))}</strong> ({_e(a.speaker)}): {_e(a.claim)}</p>"
        return [_html_body(head + markdown_content(a.note) + _sources_html(a.sources))]
    if isinstance(a, Term):
        forms = ", ".join(_e(f) for f in a.aliases)
        head = f"<p><strong>{_e(a.term)}</strong>" + (f" (also: {forms})" if forms else "") + "</p>"
        return [_html_body(head + markdown_content(a.definition) + _sources_html(a.sources))]
    if isinstance(a, CrossRef):
        head = f"<p>{_e(relation_label(a.relation))}</p>"
        note = markdown_content(a.note) if a.note else ""
        return [_html_body(head + note), *_link_body(ctx, a)]
    assert isinstance(a, Quotation)
    speaker = f"<p>Speaker: {_e(a.speaker)}</p>" if a.speaker else ""
    return [_html_body(f"<p>Quoted from:</p>{_sources_html((a.source,))}{speaker}"), *_web_page(a.source.url)]


def _link_body(ctx: _Context, xref: CrossRef) -> list[str]:
    """What the xref points at: a passage of the essay, another annotation, or a page."""
    to = xref.to
    if isinstance(to, Selector):
        target = ctx.target(ctx.build.edition.spans[f"{xref.id}--to"][0])
        return ['{"type": "SpecificResource", ' + target[1:]]  # the target's members after the type
    if isinstance(to, AnnotationTarget):
        return [f'{{"id": {_STRING(f"{ctx.essay_iri}#{to.annotation}")}}}']
    assert isinstance(to, UrlTarget)
    return _web_page(to.url)


def _web_page(url: str) -> list[str]:
    # A URL the loader rejected (a non-strict build still publishes its annotation) is left out.
    checked = http_url(url)
    return [f'{{"id": {_STRING(checked)}, "type": "Text"}}'] if checked else []


def _sources_html(sources: tuple[Source, ...]) -> str:
    if not sources:
        return ""
    items = "".join([f"<li>{_source_html(s)}</li>" for s in sources])
    return f"<ul>{items}</ul>"


def _source_html(source: Source) -> str:
    url = http_url(source.url)
    link = f'<a href="{_e(url)}" rel="noopener noreferrer nofollow">{_e(source.title)}</a>' if url else _e(source.title)
    details = ", ".join([_e(d) for d in (source.author, source.publisher, source.date) if d])  # a list joins faster
    return link + (f", {details}" if details else "")


def _e(text: str) -> str:
    # Most text has nothing to escape: five substring scans (no call each) cost less than
    # escape's five replaces, or a regex search.
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return html.escape(text, quote=True)
    return text
