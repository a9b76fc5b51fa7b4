"""schema.org ClaimReview for the claims page: the fact-checkers' markup.

One `ClaimReview` per claim with a verdict on the rating scale (`unverified`
and `opinion` are not ratings). The JSON goes in a
`<script type="application/ld+json">` element, serialized so that no text an
annotation holds can end the script (docs/interoperability.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .iris import page_iri, site_base
from ..model import Claim
from ..settings import Publication, Settings
from .pieces import label_of

RATINGS: dict[str, int] = {"false": 1, "disputed": 2, "outdated": 3, "partly-supported": 4, "supported": 5}
"""The rating of each rated verdict: 1 (worst) to 5 (best)."""

# `<`, `>` and `&` as JSON escapes: "</script>" or "<!--" in a claim cannot
# end or confuse the script element, and the JSON means the same.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


@dataclass(frozen=True)
class Site:
    """What the markup says of the edition: its options, its publication, its pages' URLs by role."""

    settings: Settings
    publication: Publication
    urls: Mapping[str, str]


def claim_review(claim: Claim, site: Site) -> dict[str, Any]:
    """One claim's ClaimReview."""
    publication = site.publication
    publisher: dict[str, Any] = {"@type": "Organization", "name": publication.name or "The annotated edition"}
    if publication.url:
        publisher["url"] = publication.url
    # "the author" is the essay's author when the plugin knows who that is;
    # any other speaker may be a person or an organization, so it stays a Thing.
    by_author = claim.speaker == "the author" and site.settings.author
    speaker = {"@type": "Person", "name": site.settings.author} if by_author else {"@type": "Thing", "name": claim.speaker}
    return {
        "@type": "ClaimReview",
        # Absolute with site_url; otherwise relative to the claims page, where this JSON is.
        "url": f"{_page(site, 'claims') if publication.url else ''}#{claim.id}",
        "claimReviewed": claim.claim,
        "datePublished": claim.checked,
        "author": publisher,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATINGS[claim.verdict],
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": label_of(claim.verdict),
        },
        "itemReviewed": {"@type": "Claim", "author": speaker, "appearance": _original(site)},
    }


def _page(site: Site, role: str) -> str:
    return page_iri(site_base(site.publication.url, site.publication.name), site.urls.get(role, ""))


def _original(site: Site) -> dict[str, Any]:
    """The essay where the claims appear: the original when the plugin's options say where."""
    s = site.settings
    url = s.url or (_page(site, "essay") if site.publication.url else None)
    author = {"@type": "Person", "name": s.author} if s.author else None
    work = {"@type": "CreativeWork", "url": url, "name": s.title, "author": author, "datePublished": s.date}
    return {key: value for key, value in work.items() if value}


def script(claims: Iterable[Claim], site: Site) -> str:
    """The claims page's JSON-LD script element (a ClaimReview per rated claim, by id), or ''."""
    reviews = [claim_review(c, site) for c in sorted(claims, key=lambda c: c.id) if c.verdict in RATINGS]
    if not reviews:
        return ""
    # One line, only machines read it; `<`, `>` and `&` escaped (see _SCRIPT_SAFE).
    data = json.dumps({"@context": "https://schema.org", "@graph": reviews}, ensure_ascii=False).translate(_SCRIPT_SAFE)
    return f'\n<script type="application/ld+json" class="ae-claimreview">\n{data}\n</script>\n'
