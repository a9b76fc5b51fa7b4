"""Safe Markdown for contributor-written fields, and the URL rules of every link.

Annotations come from strangers by pull request, so their Markdown is rendered
with a fixed set of extensions (no `attr_list`, no `md_in_html`), raw HTML is
escaped rather than passed through, and the result is cleaned with an
allowlist (nh3) that keeps only `http`, `https`, `mailto` and relative URLs.
The loader's URL rule (`http_url`) guards every link the notes and pages write from
a plain field too, even though the loader has checked it already.
"""

from __future__ import annotations

import html
import unicodedata
from functools import lru_cache
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

from ..fields import MAX_NESTING, URL_FORBIDDEN, nesting, url_problem
from .markup import Html, HtmlContent, h, lines, markup
from .tree import fragment
from .prose import Block, Span, plain_text, simple_blocks

TAGS: frozenset[str] = frozenset(
    "a abbr b blockquote br code del em i li ol p pre strong sub sup ul".split()
)
ATTRIBUTES: dict[str, set[str]] = {"a": {"href", "title"}, "abbr": {"title"}}
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"


@lru_cache(maxsize=1)
def _markdown_instance() -> markdown.Markdown:
    """One converter, reused (reset between fields): building one costs more than a field."""
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    # Raw HTML is shown as text, never interpreted: drop the passes that keep it.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_RefuseLinks(md), "refuse_links", 0)
    return md


def render_markdown(text: str) -> str:
    """Markdown -> clean HTML, through the converter and the sanitizer (only the allowlisted
    tags, attributes and URL schemes are kept).

    Identical input gives identical output. Most fields never need it:
    `markdown_content` knows their elements beforehand.
    """
    if nesting(text) > MAX_NESTING:
        return h("p", None, text)  # the converter recurses on each level: the loader reports it
    converted = _markdown_instance().reset().convert(text)
    return nh3.clean(
        converted, tags=set(TAGS), attributes=ATTRIBUTES, attribute_filter=_filter_attribute,
        url_schemes=set(URL_SCHEMES), link_rel=LINK_REL, strip_comments=True,
    )


@lru_cache(maxsize=8192)  # the one cache of a field's HTML: its note, its page and the export show it
def markdown_content(text: str) -> Html:
    """Markdown -> clean HTML, exactly as the notes and pages show it.

    Plain prose (most fields), and fields whose only Markdown is simple
    emphasis, links and lists (see prose.py), become their elements directly:
    the converter's output is known, and has nothing for the sanitizer to remove.
    """
    body = plain_text(text)
    if body is not None:
        return h("p", None, body)
    blocks = simple_blocks(text)
    content = _simple_content(blocks) if blocks is not None else None
    return content if content is not None else fragment(render_markdown(text))


def _simple_content(blocks: tuple[Block, ...]) -> Html | None:
    """The elements of simple blocks, one a line as the converter writes them; None
    when a link's URL is one the converter and the sanitizer must decide about."""
    content: list[HtmlContent] = []
    for kind, parts in blocks:
        if kind == "p":
            block = _phrasing("p", parts[0])
        else:
            items = [_phrasing("li", spans) for spans in parts]
            block = None if None in items else h("ul", None, lines(*items))
        if block is None:
            return None
        content += [block, "\n"]
    return markup(content[:-1])


def _phrasing(tag: str, spans: tuple[Span, ...]) -> Html | None:
    content: list[HtmlContent] = []
    for kind, words, url in spans:
        if kind == "em":
            content.append(h("em", None, words))
        elif kind == "a":
            if link_url(url) is None:
                return None
            content.append(h("a", {"href": url, "rel": LINK_REL}, words))
        else:
            content.append(words)
    return h(tag, None, content)


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    # nh3 checks the scheme; this also drops what a browser might read
    # differently from nh3 (whitespace or control characters inside the URL).
    return link_url(value) if name == "href" else value


class _RefuseLinks(Treeprocessor):
    """A link or image whose URL may not be used keeps its text and loses its element
    (an `<a>` without `href` would still look like a link)."""

    def run(self, root: Element) -> None:
        for el in root.iter():
            # Markdown keeps an autolinked e-mail address entity-encoded, its `&` hidden.
            if el.tag == "a" and link_url(html.unescape(el.get("href", "").replace(markdown.util.AMP_SUBSTITUTE, "&"))) is None:
                el.tag, el.attrib = "span", {}
            elif el.tag == "img":
                el.tag, el.attrib, el.text = "span", {}, el.get("alt", "")


def link_url(url: str) -> str | None:
    """`url` if a link may point there (http, https, mailto or relative), else None."""
    # A well-formed URL has spaces, control characters, quotes and brackets
    # percent-encoded; one that has them raw is a mistake or a trick (`java\tscript:`).
    if not url or any(c.isspace() or c in URL_FORBIDDEN or unicodedata.category(c).startswith("C") for c in url):
        return None
    head, colon, _ = url.partition(":")
    if colon and not any(c in head for c in "/?#"):
        # It has a scheme (or something a browser might take for one): only ours.
        scheme = head.lower()
        if scheme in ("http", "https"):
            return http_url(url)
        return url if scheme in URL_SCHEMES else None
    return url


@lru_cache(maxsize=16384)  # every note and page checks each source's URL again
def http_url(url: str | None) -> str | None:
    """`url` if it is an absolute http(s) URL the loader would accept (a source's or an xref's), else None."""
    return url if url and url_problem(url) is None else None
