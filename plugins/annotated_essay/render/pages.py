"""The claims, glossary and unanchored pages, rendered from an `Edition`."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .edition import Edition
from ..fields import id_ok
from ..model import VERDICTS, Annotation, Claim, CrossRef, Quotation, Term
from ..anchoring.normalize import normalize_selector_text
from .notes import Links, see_also_links
from ..html.markup import Html, h, joined, lines, visible
from .labels import verdict_label
from ..html.markdown import markdown_content
from .pieces import sources, verdict_badge


@dataclass
class PageHtml:
    """A page's HTML and its table of contents: (level, id, title) per heading."""

    html: str
    toc: list[tuple[int, str, str]] = field(default_factory=list)


def claims_page(edition: Edition, claims: list[Claim], links: Links) -> PageHtml:
    """Every claim, grouped by verdict in the contract's order."""
    ordered = sorted(claims, key=_claim_order)
    groups = [(v, [c for c in ordered if c.verdict == v]) for v in VERDICTS]
    groups = [(v, entries) for v, entries in groups if entries]
    total = len(claims)
    intro = h(
        "p",
        {"class": "ae-page-intro"},
        f"{total} claim{'' if total == 1 else 's'} checked against their sources, grouped by verdict. "
        "Each links back to its passage in ",
        h("a", {"href": links.essay}, "the essay"),
        ".",
    )
    index = h(
        "nav",
        {"class": "ae-verdict-index", "aria-label": "Verdicts"},
        h("ul", None, lines(*(h("li", None, h("a", {"href": f"#verdict-{v}"}, verdict_badge(v), " ", _count(str(len(es))))) for v, es in groups))),
    )
    sections = [_verdict_section(edition, v, entries, links) for v, entries in groups]
    html = h("div", {"class": "ae-page ae-claims-page"}, lines(intro, index, *sections))
    toc = [(2, f"verdict-{v}", f"{verdict_label(v)} ({len(es)})") for v, es in groups]
    return PageHtml(html, toc)


def _count(text: str) -> Html:
    return h("span", {"class": "ae-count"}, text)


def _verdict_section(edition: Edition, verdict: str, claims: list[Claim], links: Links) -> Html:
    heading = h("h2", {"id": f"verdict-{verdict}"}, verdict_label(verdict), " ", _count(f"({len(claims)})"))
    entries = [_claim_entry(edition, c, links) for c in claims]
    return h("section", {"class": "ae-group", "aria-labelledby": f"verdict-{verdict}"}, lines(heading, *entries))


def _claim_order(claim: Claim) -> tuple[str, str]:
    return (claim.claim.casefold(), claim.id)


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
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] == "#", kv[0]))
    index = h(
        "nav",
        {"class": "ae-letter-index", "aria-label": "Letters"},
        h("ul", None, "\n", [h("li", None, h("a", {"href": f"#letter-{_letter_slug(k)}"}, k)) for k, _ in ordered], "\n"),
    )
    sections = [
        h(
            "section",
            {"class": "ae-group", "aria-labelledby": f"letter-{_letter_slug(k)}"},
            lines(h("h2", {"id": f"letter-{_letter_slug(k)}"}, k), *entries),
        )
        for k, entries in ordered
    ]
    html = h("div", {"class": "ae-page ae-glossary-page"}, lines(index, *sections))
    return PageHtml(html, [(2, f"letter-{_letter_slug(k)}", k) for k, _ in ordered])


def _sort_key(text: str) -> str:
    stripped = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return stripped.casefold()


def _letter(text: str) -> str:
    first = _sort_key(text)[:1].upper()
    return first if first.isalpha() and first.isascii() else "#"


def _letter_slug(letter: str) -> str:
    return letter.lower() if letter != "#" else "other"


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
    if isinstance(target, Term):
        return {"href": f"#{ref}", "label": target.term}
    if isinstance(target, Claim):
        return {"href": f"{links.claims}#{ref}", "label": target.claim}
    return {"href": f"{links.essay}#{ref}", "label": ref}


def unanchored_page(edition: Edition, links: Links) -> PageHtml:
    """Every annotation that could not be placed, and every file that could not be read."""
    entries = unanchored_entries(edition)
    intro = h(
        "p",
        None,
        "These annotations could not be placed in ",
        h("a", {"href": links.essay}, "the essay"),
        ". Each is listed with the problem to fix.",
    )
    html = h("div", {"class": "ae-page ae-unanchored-page"}, lines(intro, *map(_unanchored_article, entries)))
    return PageHtml(html, [(2, f"{e['id']}--entry", e["label"]) for e in entries])


def unanchored_entries(edition: Edition) -> list[dict[str, Any]]:
    """The unanchored page's entries, in its order: id, label, kind, path, quote, body, problems."""
    # A problem may quote what the loader refused, and a refused file's name may be
    # anything: unlike the annotations' own fields, these are made visible here.
    entries = [_unanchored_entry(a, [visible(str(p)) for p in ps]) for a, ps in edition.unanchored]
    entries += [
        {
            "id": _element_id(r.id),
            "label": visible(r.id),
            "kind": r.kind,
            "path": visible(r.where.path),
            "quote": "",
            "body": "",
            "problems": [visible(str(p)) for p in r.problems],
        }
        for r in edition.rejected
    ]
    entries.sort(key=lambda e: (e["path"], e["id"]))
    _dedupe_ids(entries)
    return entries


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


def _unanchored_entry(a: Annotation, problems: list[str]) -> dict[str, Any]:
    label, quote, body = a.id, "", ""
    if isinstance(a, Claim):
        label, quote, body = a.claim, a.selector.quote, a.note
    elif isinstance(a, Term):
        label, body = a.term, a.definition
    elif isinstance(a, CrossRef):
        quote, body = a.from_.quote, a.note or ""
    elif isinstance(a, Quotation):
        quote = a.start.quote
    return {"id": a.id, "label": label, "kind": a.kind, "path": a.where.path, "quote": quote, "body": body, "problems": problems}


def _element_id(file_id: str) -> str:
    """A usable element id for a rejected file, whose name may be anything."""
    if id_ok(file_id):
        return file_id
    # A double hyphen never occurs in an annotation id, so this cannot clash with one.
    slug = re.sub(r"[^a-z0-9]+", "-", file_id.lower()).strip("-")
    return f"file--{slug or 'unnamed'}"


def _dedupe_ids(entries: list[dict[str, Any]]) -> None:
    # Two rejected files may share a name across kind folders; ids must stay unique.
    seen: dict[str, int] = {}
    for e in entries:
        n = seen.get(e["id"], 0)
        seen[e["id"]] = n + 1
        if n:
            e["id"] = f"{e['id']}--{n + 1}"
