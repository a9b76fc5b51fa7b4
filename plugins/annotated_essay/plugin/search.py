"""Search index entries for the plugin's pages, made from the model.

Material's search plugin finds its entries by parsing every page's HTML in pure
Python; the plugin's pages are most of a large site's HTML and their structure
is known here. So the plugin marks them `search: exclude` and adds these
entries itself, in Material's shape (`location`, `title`, `text` as escaped
HTML): the essay's text (its notes not indexed twice), and each claim, glossary
entry and unanchored annotation, with a deep link to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..html.tree import parse_fragment, text_of
from ..html.markup import escape_text
from ..model import Claim, Term
from ..anchoring.normalize import normalize_selector_text
from ..html.markdown import markdown_content
from ..html.prose import plain_text, simple_blocks
from ..render.pieces import label_of
from ..render.pages import unanchored_entries

if TYPE_CHECKING:
    from ..site import SiteBuild

ROLES = ("essay", "claims", "glossary", "unanchored")
"""The pages whose entries come from here rather than from parsing their HTML."""


def entries(build: SiteBuild, titles: dict[str, str]) -> list[dict[str, Any]]:
    """The search entries of the essay, claims and glossary pages (`titles` by role)."""
    # MkDocs names the home page "./"; Material's index calls it "".
    urls = {role: "" if url in ("./", ".") else url for role, url in build.urls.items()}
    # The text map joins the essay's blocks with newlines and hides raw HTML behind NULs.
    raw = build.edition.text_map.raw if build.edition.text_map is not None else ""
    blocks = [" ".join(line.replace("\x00", "").split()) for line in raw.split("\n")]
    found = [_entry(urls["essay"], titles["essay"], blocks), *(_entry(urls[role], titles[role]) for role in ("claims", "glossary"))]
    for annotation in sorted(build.annotations.annotations, key=lambda a: a.id):
        if isinstance(annotation, Claim):
            found.append(_claim(annotation, urls["claims"]))
        elif isinstance(annotation, Term):
            found.append(_term(annotation, urls["glossary"]))
    if "unanchored" in titles:  # the page is there when something is not anchored
        found.append(_entry(urls["unanchored"], titles["unanchored"]))
        found += [_unanchored(entry, urls["unanchored"]) for entry in unanchored_entries(build.edition)]
    return found


def _entry(location: str, title: str, parts: Iterable[str] = ()) -> dict[str, Any]:
    return {"location": location, "title": escape_text(title), "text": "".join([f"<p>{escape_text(p)}</p>" for p in parts if p])}


def _claim(claim: Claim, page: str) -> dict[str, Any]:
    parts = [
        normalize_selector_text(claim.selector.quote),
        f"{claim.speaker} · {label_of(claim.verdict)}",
        _plain(claim.note),
        *(source.title for source in claim.sources),
    ]
    return _entry(f"{page}#{claim.id}", claim.claim, parts)


def _term(term: Term, page: str) -> dict[str, Any]:
    parts = [", ".join(term.aliases), _plain(term.definition)]
    return _entry(f"{page}#{term.id}", term.term, parts)


def _unanchored(entry: dict[str, Any], page: str) -> dict[str, Any]:
    body = _plain(entry["body"]) if entry["body"] else ""
    parts = [f"{entry['kind']} · {entry['path']}", normalize_selector_text(entry["quote"]), body, *entry["problems"]]
    return _entry(f"{page}#{entry['id']}", entry["label"], parts)


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


def point_at_entries(index: dict[str, Any]) -> None:
    """Make each claim and glossary entry's search result link to `#<id>`, not to its heading.

    Entry headings carry `<id>--entry` because the entry element itself has the
    annotation's id; the search plugin only indexes headings.
    """
    for doc in index.get("docs", []):
        if "location" in doc:
            doc["location"] = doc["location"].removesuffix("--entry")
