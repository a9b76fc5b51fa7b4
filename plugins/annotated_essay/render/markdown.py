"""Safe Markdown for contributor-written fields.

Annotations come from strangers by pull request, so their Markdown is rendered
with a fixed set of extensions, raw HTML is escaped rather than passed
through, and the result is cleaned with an allowlist (nh3) that keeps only
`http`, `https`, `mailto` and relative URLs.
"""

from __future__ import annotations

from functools import lru_cache

import markdown
import nh3

TAGS: frozenset[str] = frozenset(
    "a abbr b blockquote br code del em i li ol p pre strong sub sup ul".split()
)
ATTRIBUTES: dict[str, set[str]] = {"a": {"href", "title"}, "abbr": {"title"}}
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})


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
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
