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
from .labels import verdict_label

RATINGS: dict[str, int] = {"false": 1, "disputed": 2, "outdated": 3, "partly-supported": 4, "supported": 5}
"""The rating of each rated verdict: 1 (worst) to 5 (best)."""
WORST_RATING = 1
BEST_RATING = 5

# `<`, `>` and `&` as JSON escapes: "</script>" or "<!--" in a claim cannot
# end or confuse the script element, and the JSON means the same.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def claim_reviews(claims: Iterable[Claim], site: Site) -> list[dict[str, Any]]:
    """A ClaimReview for each rated claim, in the order of their ids."""
    return [claim_review(c, site) for c in sorted(claims, key=lambda c: c.id) if c.verdict in RATINGS]


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
    return {
        "@type": "ClaimReview",
        "url": _entry_url(site, claim.id),
        "claimReviewed": claim.claim,
        "datePublished": claim.checked,
        "author": publisher,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATINGS[claim.verdict],
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": verdict_label(claim.verdict),
        },
        "itemReviewed": {"@type": "Claim", "author": _speaker(site, claim.speaker), "appearance": _original(site)},
    }


def _entry_url(site: Site, claim_id: str) -> str:
    # Absolute with site_url; otherwise relative to the claims page, where this JSON is.
    if site.publication.url:
        return f"{_page(site, 'claims')}#{claim_id}"
    return f"#{claim_id}"


def _page(site: Site, role: str) -> str:
    return page_iri(site_base(site.publication.url, site.publication.name), site.urls.get(role, ""))


def _speaker(site: Site, speaker: str) -> dict[str, str]:
    # "the author" is the essay's author when the plugin knows who that is;
    # any other speaker may be a person or an organization, so it stays a Thing.
    author = site.settings.author
    if speaker == "the author" and author:
        return {"@type": "Person", "name": author}
    return {"@type": "Thing", "name": speaker}


def _original(site: Site) -> dict[str, Any]:
    """The essay where the claims appear: the original when the plugin's options say where."""
    s = site.settings
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if s.url:
        work["url"] = s.url
    elif site.publication.url:
        work["url"] = _page(site, "essay")
    if s.title:
        work["name"] = s.title
    if s.author:
        work["author"] = {"@type": "Person", "name": s.author}
    if s.date:
        work["datePublished"] = s.date
    return work


def script_json(value: Any) -> str:
    """JSON for inside a <script> element: deterministic, with `<`, `>` and `&` escaped.

    One line: only machines read it.
    """
    return json.dumps(value, ensure_ascii=False).translate(_SCRIPT_SAFE)


def script(claims: Iterable[Claim], site: Site) -> str:
    """The claims page's JSON-LD script element, or '' when no claim is rated."""
    reviews = claim_reviews(claims, site)
    if not reviews:
        return ""
    data = {"@context": "https://schema.org", "@graph": reviews}
    return f'\n<script type="application/ld+json" class="ae-claimreview">\n{script_json(data)}\n</script>\n'
