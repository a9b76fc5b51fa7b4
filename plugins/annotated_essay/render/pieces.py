"""Pieces shared by notes and pages: labels, the verdict badge, links out, lists of sources."""

from __future__ import annotations

from functools import lru_cache

from ..html.markup import Html, h
from ..model import Annotation, Claim, Source, Term
from ..html.markdown import LINK_REL, http_url


def label_of(value: str) -> str:
    """A verdict's or relation's label: its words, capitalized ('partly-supported': 'Partly supported')."""
    return value.replace("-", " ").capitalize()

def title_of(annotation: Annotation) -> str:
    """What a link to an annotation says: its term, its claim, else its id."""
    return annotation.term if isinstance(annotation, Term) else annotation.claim if isinstance(annotation, Claim) else annotation.id


@lru_cache(maxsize=64)
def verdict_badge(verdict: str) -> Html:
    """The coloured label of a claim's verdict."""
    return h("span", {"class": f"ae-verdict ae-verdict--{verdict}"}, label_of(verdict))


def external_link(url: str | None, text: str) -> Html:
    """A link to another site; plain text when the URL is not an http(s) one.

    The loader has checked every URL already; this is defence in depth.
    """
    checked = http_url(url)
    return h("a", {"href": checked, "rel": LINK_REL}, text) if checked else h("span", None, text)


@lru_cache(maxsize=8192)  # a claim's sources show in its note and on the claims page
def sources(items: tuple[Source, ...]) -> Html | None:
    """The list of sources, or nothing when there are none."""
    if not items:
        return None
    return h("ul", {"class": "ae-sources", "aria-label": "Sources"}, [_source(s) for s in items])


def _source(source: Source) -> Html:
    return h(
        "li",
        {"class": "ae-source"},
        external_link(source.url, source.title),
        [", ", source.author] if source.author else None,
        [", ", h("span", {"class": "ae-source-publisher"}, source.publisher)] if source.publisher else None,
        [", ", h("time", {"datetime": source.date}, source.date)] if source.date else None,
        [": ", h("q", None, source.quote)] if source.quote else None,
    )
