"""Pieces shared by notes and pages: the verdict badge, links out, lists of sources."""

from __future__ import annotations

from functools import lru_cache

from ..html.markup import Html, Template, h
from ..model import Source
from .labels import verdict_label
from ..html.markdown import LINK_REL, http_url

_BADGE = Template('<span class="ae-verdict ae-verdict--{verdict}">{label}</span>')
_LINK_OUT = Template('<a href="{url}" rel="' + LINK_REL + '">{text}</a>')
_SOURCE = Template('<li class="ae-source">{link}{author}{publisher}{date}{quote}</li>')
_PUBLISHER = Template(', <span class="ae-source-publisher">{publisher}</span>')
_DATE = Template(', <time datetime="{date}">{date}</time>')
_QUOTE = Template(": <q>{quote}</q>")


@lru_cache(maxsize=64)
def verdict_badge(verdict: str) -> Html:
    """The coloured label of a claim's verdict."""
    return _BADGE(verdict=verdict, label=verdict_label(verdict))


def external_link(url: str | None, text: str) -> Html:
    """A link to another site; plain text when the URL is not an http(s) one.

    The loader has checked every URL already; this is defence in depth.
    """
    checked = http_url(url)
    return _LINK_OUT(url=checked, text=text) if checked else h("span", None, text)


@lru_cache(maxsize=8192)  # a claim's sources show in its note and on the claims page
def sources(items: tuple[Source, ...]) -> Html | None:
    """The list of sources, or nothing when there are none."""
    if not items:
        return None
    return h("ul", {"class": "ae-sources", "aria-label": "Sources"}, [_source(s) for s in items])


def _source(source: Source) -> Html:
    return _SOURCE(
        link=external_link(source.url, source.title),
        author=[", ", source.author] if source.author else None,
        publisher=_PUBLISHER(publisher=source.publisher) if source.publisher else None,
        date=_DATE(date=source.date) if source.date else None,
        quote=_QUOTE(quote=source.quote) if source.quote else None,
    )
