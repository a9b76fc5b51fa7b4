"""Safe Markdown for contributor-written fields, and the URL rules of every link.

Annotations come from strangers by pull request, so their Markdown is rendered
with a fixed set of extensions (no `attr_list`, no `md_in_html`), raw HTML is
escaped rather than passed through, and the result is cleaned with an
allowlist (nh3) that keeps only `http`, `https`, `mailto` and relative URLs.
The same URL rule (`link_url`, `http_url`) guards every link the templates
write from a plain field, even though the loader has checked it already.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import markdown
import nh3

from .prose import plain_paragraph

TAGS: frozenset[str] = frozenset(
    "a abbr b blockquote br code del em i li ol p pre strong sub sup ul".split()
)
ATTRIBUTES: dict[str, set[str]] = {"a": {"href", "title"}, "abbr": {"title"}}
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"

_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789+-.")


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    # Raw HTML is shown as text, never interpreted: drop the passes that keep it.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


_MD = _markdown()


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    """Markdown -> clean HTML. Identical input gives identical output."""
    plain = plain_paragraph(text)  # most fields: no need to run the converter
    if plain is not None:
        return clean_html(plain)
    _MD.reset()
    html = _MD.convert(text)
    return clean_html(html)


@lru_cache(maxsize=4096)
def render_inline(text: str) -> str:
    """Markdown -> clean HTML without the enclosing paragraph (for one-line fields)."""
    html = render_markdown(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html


def clean_html(html: str) -> str:
    """Keep only the allowlisted tags, attributes and URL schemes."""
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes=ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    # nh3 checks the scheme; this also drops what a browser might read
    # differently from nh3 (whitespace or control characters inside the URL).
    if name == "href":
        return link_url(value)
    return value


def scheme(url: str) -> str | None:
    """The URL's scheme, lowercased, or None for a relative URL (WHATWG's syntax)."""
    head, colon, _ = url.partition(":")
    if not colon or any(c in head for c in "/?#"):
        return None
    lowered = head.lower()
    if lowered[:1].isalpha() and lowered.isascii() and set(lowered) <= _SCHEME_CHARS:
        return lowered
    return None


def _plain(url: str) -> bool:
    # A well-formed URL has spaces and control characters percent-encoded; one
    # that has them raw is either a mistake or a trick (`java\tscript:`).
    return all(not c.isspace() and not unicodedata.category(c).startswith("C") for c in url)


def link_url(url: str) -> str | None:
    """`url` if a link may point there (http, https, mailto or relative), else None."""
    if not url or not _plain(url):
        return None
    found = scheme(url)
    return url if found is None or found in URL_SCHEMES else None


def http_url(url: str | None) -> str | None:
    """`url` if it is an absolute http(s) URL (a source's or an xref's), else None."""
    if not url or not _plain(url) or scheme(url) not in ("http", "https"):
        return None
    rest = url.split(":", 1)[1]
    return url if rest.startswith("//") and len(rest) > 2 else None
