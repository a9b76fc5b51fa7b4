"""Search index entries for the plugin's pages, made from the model.

Material's search plugin finds its entries by parsing every page's HTML in
pure Python. The essay page with its notes and the claims page are most of a
large site's HTML, and their structure is already known here, so the plugin
marks its pages `search: exclude` and adds these entries itself: one for the
essay's text (its notes are not indexed twice), one for each claim, each
glossary entry and each annotation that is not anchored, with a deep link to it. Entries have Material's shape:
`location`, `title` and `text`, the text escaped HTML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..html.tree import parse_fragment, text_of
from ..html.markup import escape_text
from ..model import Claim, Term
from ..anchoring.normalize import normalize_selector_text
from ..html.markdown import markdown_content
from ..html.prose import plain_text, simple_blocks
from ..render.labels import verdict_label
from ..render.pages import unanchored_entries

if TYPE_CHECKING:
    from ..site import SiteBuild

ROLES = ("essay", "claims", "glossary", "unanchored")
"""The pages whose entries come from here rather than from parsing their HTML."""


def entries(build: SiteBuild, titles: dict[str, str]) -> list[dict[str, Any]]:
    """The search entries of the essay, claims and glossary pages (`titles` by role)."""
    # MkDocs names the home page "./"; Material's index calls it "".
    urls = {role: "" if url in ("./", ".") else url for role, url in build.urls.items()}
    found = [_essay(build, urls["essay"], titles["essay"])]
    found.append({"location": urls["claims"], "title": escape_text(titles["claims"]), "text": ""})
    found.append({"location": urls["glossary"], "title": escape_text(titles["glossary"]), "text": ""})
    for annotation in sorted(build.annotations.annotations, key=lambda a: a.id):
        if isinstance(annotation, Claim):
            found.append(_claim(annotation, urls["claims"]))
        elif isinstance(annotation, Term):
            found.append(_term(annotation, urls["glossary"]))
    if "unanchored" in titles:  # the page is there when something is not anchored
        found.append({"location": urls["unanchored"], "title": escape_text(titles["unanchored"]), "text": ""})
        found += [_unanchored(entry, urls["unanchored"]) for entry in unanchored_entries(build.edition)]
    return found


def _essay(build: SiteBuild, url: str, title: str) -> dict[str, Any]:
    tm = build.edition.text_map
    raw = tm.raw if tm is not None else ""
    return {"location": url, "title": escape_text(title), "text": _paragraphs(_essay_blocks(raw))}


def _essay_blocks(raw: str) -> list[str]:
    """The essay's blocks: the text map's lines, NULs dropped, white space collapsed, empty ones left out."""
    # The text map joins blocks with newlines and hides raw HTML behind NULs.
    return [block for block in [" ".join(line.replace("\x00", "").split()) for line in raw.split("\n")] if block]


def _claim(claim: Claim, page: str) -> dict[str, Any]:
    parts = [
        normalize_selector_text(claim.selector.quote),
        f"{claim.speaker} · {verdict_label(claim.verdict)}",
        _plain(claim.note),
        *(source.title for source in claim.sources),
    ]
    return {"location": f"{page}#{claim.id}", "title": escape_text(claim.claim), "text": _paragraphs(parts)}


def _term(term: Term, page: str) -> dict[str, Any]:
    parts = [", ".join(term.aliases), _plain(term.definition)]
    return {"location": f"{page}#{term.id}", "title": escape_text(term.term), "text": _paragraphs(parts)}


def _unanchored(entry: dict[str, Any], page: str) -> dict[str, Any]:
    body = _plain(entry["body"]) if entry["body"] else ""
    parts = [f"{entry['kind']} · {entry['path']}", normalize_selector_text(entry["quote"]), body, *entry["problems"]]
    return {"location": f"{page}#{entry['id']}", "title": escape_text(entry["label"]), "text": _paragraphs(parts)}


def _plain(markdown: str) -> str:
    """The words of a Markdown field, as a reader sees them."""
    text = plain_text(markdown)
    if text is not None and text.isascii() and "  " not in text:
        # Plain prose has no line that starts or ends with white space, no blank line and no
        # ASCII white space but spaces and newlines: its words are its lines joined by spaces.
        return text.replace("\n", " ")
    if text is None:  # not one plain paragraph (most fields are: simple_blocks would give its text back)
        blocks = simple_blocks(markdown)
        if blocks is not None:  # simple paragraphs and lists: their words as written
            text = " ".join(["".join([words for _, words, _ in spans]) for _, parts in blocks for spans in parts])
        else:
            text = text_of(parse_fragment(markdown_content(markdown)))
    return " ".join(text.split())


def _paragraphs(parts: list[str]) -> str:
    return "".join([f"<p>{escape_text(p)}</p>" for p in parts if p])


def point_at_entries(index: dict[str, Any]) -> None:
    """Make each claim and glossary entry's search result link to `#<id>`, not to its heading.

    Entry headings carry `<id>--entry` because the entry element itself has the
    annotation's id; the search plugin only indexes headings.
    """
    for doc in index.get("docs", []):
        if "location" in doc:
            doc["location"] = doc["location"].removesuffix("--entry")
