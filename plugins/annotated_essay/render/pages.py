"""The claims, glossary and unanchored pages, rendered from an `Edition`."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ..edition import Edition
from ..load import id_ok
from ..model import VERDICTS, Annotation, Claim, CrossRef, Quotation, Term
from ..normalize import normalize_selector_text
from .essay import Links
from .markdown import render_markdown
from .templates import render, verdict_label


@dataclass
class PageHtml:
    """A page's HTML and its table of contents: (level, id, title) per heading."""

    html: str
    toc: list[tuple[int, str, str]] = field(default_factory=list)


def claims_page(edition: Edition, claims: list[Claim], links: Links) -> PageHtml:
    """Every claim, grouped by verdict in the contract's order."""
    groups = []
    for verdict in VERDICTS:
        entries = [_claim_entry(edition, c, links) for c in sorted(claims, key=_claim_order) if c.verdict == verdict]
        if entries:
            groups.append({"verdict": verdict, "entries": entries})
    html = render("claims_page.html", groups=groups, total=len(claims), links=links)
    toc = [(2, f"verdict-{g['verdict']}", f"{verdict_label(g['verdict'])} ({len(g['entries'])})") for g in groups]
    return PageHtml(html, toc)


def _claim_order(claim: Claim) -> tuple[str, str]:
    return (claim.claim.casefold(), claim.id)


def _claim_entry(edition: Edition, claim: Claim, links: Links) -> dict[str, Any]:
    placed = claim.id in edition.placed
    return {
        "a": claim,
        "quote": normalize_selector_text(claim.selector.quote),
        "note": render_markdown(claim.note),
        "href": f"{links.essay}#{claim.id}" if placed else "",
    }


def glossary_page(edition: Edition, terms: list[Term], by_id: dict[str, Annotation], links: Links) -> PageHtml:
    """Every term, A to Z, with every occurrence in the essay."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for term in sorted(terms, key=lambda t: (_sort_key(t.term), t.id)):
        groups.setdefault(_letter(term.term), []).append(_term_entry(edition, term, by_id, links))
    ordered = [{"letter": k, "slug": _letter_slug(k), "entries": v} for k, v in sorted(groups.items(), key=lambda kv: (kv[0] == "#", kv[0]))]
    html = render("glossary_page.html", groups=ordered, links=links)
    return PageHtml(html, [(2, f"letter-{g['slug']}", g["letter"]) for g in ordered])


def _sort_key(text: str) -> str:
    stripped = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return stripped.casefold()


def _letter(text: str) -> str:
    first = _sort_key(text)[:1].upper()
    return first if first.isalpha() and first.isascii() else "#"


def _letter_slug(letter: str) -> str:
    return letter.lower() if letter != "#" else "other"


def _term_entry(edition: Edition, term: Term, by_id: dict[str, Annotation], links: Links) -> dict[str, Any]:
    placement = edition.placed.get(term.id)
    occurrences = []
    if placement:
        occurrences = [
            {"href": f"{links.essay}#{anchor}", "context": ctx}
            for anchor, ctx in zip(placement.anchors, placement.contexts)
        ]
    return {
        "a": term,
        "definition": render_markdown(term.definition),
        "see_also": [_see_also(ref, by_id, links) for ref in term.see_also if ref in by_id],
        "occurrences": occurrences,
    }


def _see_also(ref: str, by_id: dict[str, Annotation], links: Links) -> dict[str, str]:
    target = by_id[ref]
    if isinstance(target, Term):
        return {"href": f"#{ref}", "label": target.term}
    if isinstance(target, Claim):
        return {"href": f"{links.claims}#{ref}", "label": target.claim}
    return {"href": f"{links.essay}#{ref}", "label": ref}


def unanchored_page(edition: Edition, links: Links) -> PageHtml:
    """Every annotation that could not be placed, and every file that could not be read."""
    entries = [_unanchored_entry(a, [str(p) for p in ps]) for a, ps in edition.unanchored]
    entries += [
        {"id": _element_id(r.id), "label": r.id, "kind": r.kind, "path": r.where.path, "quote": "", "body": "", "problems": [str(p) for p in r.problems]}
        for r in edition.rejected
    ]
    entries.sort(key=lambda e: (e["path"], e["id"]))
    _dedupe_ids(entries)
    html = render("unanchored_page.html", entries=entries, links=links)
    return PageHtml(html, [(2, f"{e['id']}--entry", e["label"]) for e in entries])


def _unanchored_entry(a: Annotation, problems: list[str]) -> dict[str, Any]:
    label, quote, body = a.id, "", ""
    if isinstance(a, Claim):
        label, quote, body = a.claim, a.selector.quote, render_markdown(a.note)
    elif isinstance(a, Term):
        label, body = a.term, render_markdown(a.definition)
    elif isinstance(a, CrossRef):
        quote, body = a.from_.quote, render_markdown(a.note) if a.note else ""
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
