"""The claims, glossary and unanchored pages, rendered from an `Edition`."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .edition import Edition
from ..fields import id_ok
from ..model import VERDICTS, Annotation, Claim, CrossRef, Problem, Quotation, Term
from ..anchoring.normalize import normalize_selector_text
from .notes import Links, see_also_links
from ..html.markup import Html, h, joined, lines, visible
from ..html.markdown import markdown_content
from .pieces import label_of, sources, title_of, verdict_badge


@dataclass
class PageHtml:
    """A page's HTML and its table of contents: (level, id, title) per heading."""

    html: str
    toc: list[tuple[int, str, str]] = field(default_factory=list)


def claims_page(edition: Edition, claims: list[Claim], links: Links) -> PageHtml:
    """Every claim, grouped by verdict in the contract's order."""
    ordered = sorted(claims, key=lambda c: (c.claim.casefold(), c.id))
    groups = [(v, [c for c in ordered if c.verdict == v]) for v in VERDICTS]
    groups = [(v, entries) for v, entries in groups if entries]
    total = len(claims)
    checked = f"{total} claim{'' if total == 1 else 's'} checked against their sources, grouped by verdict. "
    intro = h("p", {"class": "ae-page-intro"}, checked, "Each links back to its passage in ", h("a", {"href": links.essay}, "the essay"), ".")
    index = h(
        "nav",
        {"class": "ae-verdict-index", "aria-label": "Verdicts"},
        h("ul", None, lines(*(h("li", None, h("a", {"href": f"#verdict-{v}"}, verdict_badge(v), " ", _count(str(len(es))))) for v, es in groups))),
    )
    sections = [_verdict_section(edition, v, entries, links) for v, entries in groups]
    html = h("div", {"class": "ae-page ae-claims-page"}, lines(intro, index, *sections))
    toc = [(2, f"verdict-{v}", f"{label_of(v)} ({len(es)})") for v, es in groups]
    return PageHtml(html, toc)


def _count(text: str) -> Html:
    return h("span", {"class": "ae-count"}, text)


def _verdict_section(edition: Edition, verdict: str, claims: list[Claim], links: Links) -> Html:
    heading = h("h2", {"id": f"verdict-{verdict}"}, label_of(verdict), " ", _count(f"({len(claims)})"))
    entries = [_claim_entry(edition, c, links) for c in claims]
    return h("section", {"class": "ae-group", "aria-labelledby": f"verdict-{verdict}"}, lines(heading, *entries))


def _claim_entry(edition: Edition, claim: Claim, links: Links) -> Html:
    if claim.id in edition.placed:
        where = h("a", {"class": "ae-to-essay", "href": f"{links.essay}#{claim.id}"}, "Read it in the essay")
    else:
        where = h("a", {"href": f"{links.unanchored}#{claim.id}"}, "Not anchored in the essay")
    attrs = {"class": "ae-entry ae-entry--claim", "data-speaker": claim.speaker, "data-verdict": claim.verdict, "id": claim.id}
    checked = h("time", {"datetime": claim.checked}, claim.checked)
    speaker = h("span", {"class": "ae-speaker"}, claim.speaker)
    return h(
        "article",
        attrs,
        lines(
            h("h3", {"id": f"{claim.id}--entry"}, claim.claim),
            h("p", {"class": "ae-entry-meta"}, verdict_badge(claim.verdict), " ", speaker, " · checked ", checked),
            _quote(normalize_selector_text(claim.selector.quote)),
            h("div", {"class": "ae-entry-note"}, markdown_content(claim.note)),
            sources(claim.sources),
            h("p", {"class": "ae-entry-links"}, where),
        ),
    )


def _quote(text: str) -> Html:
    return h("blockquote", {"class": "ae-entry-quote"}, h("p", None, text))


def glossary_page(edition: Edition, terms: list[Term], by_id: dict[str, Annotation], links: Links) -> PageHtml:
    """Every term, A to Z, with every occurrence in the essay."""
    groups: dict[str, list[Html]] = {}
    for term in sorted(terms, key=lambda t: (_sort_key(t.term), t.id)):
        groups.setdefault(_letter(term.term), []).append(_term_entry(edition, term, by_id, links))
    # Letters A to Z, then "#" for the rest; each section's id is `letter-<a..z or other>`.
    ordered = [(k, f"letter-{k.lower() if k != '#' else 'other'}", es) for k, es in sorted(groups.items(), key=lambda kv: (kv[0] == "#", kv[0]))]
    index = h(
        "nav",
        {"class": "ae-letter-index", "aria-label": "Letters"},
        h("ul", None, "\n", [h("li", None, h("a", {"href": f"#{id_}"}, k)) for k, id_, _ in ordered], "\n"),
    )
    sections = [h("section", {"class": "ae-group", "aria-labelledby": id_}, lines(h("h2", {"id": id_}, k), *es)) for k, id_, es in ordered]
    html = h("div", {"class": "ae-page ae-glossary-page"}, lines(index, *sections))
    return PageHtml(html, [(2, id_, k) for k, id_, _ in ordered])


def _sort_key(text: str) -> str:
    stripped = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return stripped.casefold()


def _letter(text: str) -> str:
    first = _sort_key(text)[:1].upper()
    return first if first.isalpha() and first.isascii() else "#"


def _term_entry(edition: Edition, term: Term, by_id: dict[str, Annotation], links: Links) -> Html:
    placement = edition.placed.get(term.id)
    if placement:
        found = [
            h("a", {"class": "ae-to-essay", "href": f"{links.essay}#{anchor}", "title": context}, str(n))
            for n, (anchor, context) in enumerate(zip(placement.anchors, placement.contexts), 1)
        ]
        occurrences = h("p", {"class": "ae-occurrences"}, "In the essay: ", joined(found, ", "))
    else:
        occurrences = h("p", {"class": "ae-occurrences"}, "Not found in the essay.")
    return h(
        "article",
        {"class": "ae-entry ae-entry--glossary", "id": term.id},
        lines(
            h("h3", {"id": f"{term.id}--entry"}, h("dfn", None, term.term)),
            h("p", {"class": "ae-aliases"}, f"Also: {', '.join(term.aliases)}") if term.aliases else None,
            h("div", {"class": "ae-entry-note"}, markdown_content(term.definition)),
            see_also_links([_see_also(ref, by_id, links) for ref in term.see_also if ref in by_id]),
            sources(term.sources),
            occurrences,
        ),
    )


def _see_also(ref: str, by_id: dict[str, Annotation], links: Links) -> dict[str, str]:
    target = by_id[ref]
    page = "" if isinstance(target, Term) else links.claims if isinstance(target, Claim) else links.essay
    return {"href": f"{page}#{ref}", "label": title_of(target)}


def unanchored_page(edition: Edition, links: Links) -> PageHtml:
    """Every annotation that could not be placed, and every file that could not be read."""
    entries = unanchored_entries(edition)
    essay = h("a", {"href": links.essay}, "the essay")
    intro = h("p", None, "These annotations could not be placed in ", essay, ". Each is listed with the problem to fix.")
    html = h("div", {"class": "ae-page ae-unanchored-page"}, lines(intro, *map(_unanchored_article, entries)))
    return PageHtml(html, [(2, f"{e['id']}--entry", e["label"]) for e in entries])


def unanchored_entries(edition: Edition) -> list[dict[str, Any]]:
    """The unanchored page's entries, in its order: id, label, kind, path, quote, body, problems."""
    # A problem may quote what the loader refused, and a refused file's name may be
    # anything: unlike the annotations' own fields, these are made visible here.
    entries = [_unanchored_entry(a, ps) for a, ps in edition.unanchored]
    entries += [_entry(_element_id(r.id), visible(r.id), r.kind, visible(r.where.path), r.problems) for r in edition.rejected]
    entries.sort(key=lambda e: (e["path"], e["id"]))
    # Two rejected files may share a name across kind folders; ids must stay unique.
    seen: dict[str, int] = {}
    for e in entries:
        n = seen[e["id"]] = seen.get(e["id"], 0) + 1
        if n > 1:
            e["id"] = f"{e['id']}--{n}"
    return entries


def _entry(id_: str, label: str, kind: str, path: str, problems: list[Problem], quote: str = "", body: str = "") -> dict[str, Any]:
    problems_shown = [visible(str(p)) for p in problems]
    return {"id": id_, "label": label, "kind": kind, "path": path, "quote": quote, "body": body, "problems": problems_shown}


def _unanchored_article(e: dict[str, Any]) -> Html:
    meta = h("p", {"class": "ae-entry-meta"}, h("span", {"class": "ae-kind"}, e["kind"]), " · ", h("code", None, e["path"]))
    problems = h("ul", {"class": "ae-problems"}, [h("li", None, h("code", None, p)) for p in e["problems"]])
    return h(
        "article",
        {"class": "ae-entry ae-entry--unanchored", "id": e["id"]},
        lines(
            h("h2", {"id": f"{e['id']}--entry"}, e["label"]),
            meta,
            _quote(e["quote"]) if e["quote"] else None,
            h("div", {"class": "ae-entry-note"}, markdown_content(e["body"])) if e["body"] else None,
            problems,
        ),
    )


def _unanchored_entry(a: Annotation, problems: list[Problem]) -> dict[str, Any]:
    if isinstance(a, Claim):
        return _entry(a.id, a.claim, a.kind, a.where.path, problems, a.selector.quote, a.note)
    if isinstance(a, Term):
        return _entry(a.id, a.term, a.kind, a.where.path, problems, body=a.definition)
    if isinstance(a, CrossRef):
        return _entry(a.id, a.id, a.kind, a.where.path, problems, a.from_.quote, a.note or "")
    assert isinstance(a, Quotation)
    return _entry(a.id, a.id, a.kind, a.where.path, problems, a.start.quote)


def _element_id(file_id: str) -> str:
    """A usable element id for a rejected file, whose name may be anything."""
    if id_ok(file_id):
        return file_id
    # A double hyphen never occurs in an annotation id, so this cannot clash with one.
    slug = re.sub(r"[^a-z0-9]+", "-", file_id.lower()).strip("-")
    return f"file--{slug or 'unnamed'}"
