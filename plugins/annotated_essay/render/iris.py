"""Absolute addresses (IRIs) of the site's pages, for the W3C export and ClaimReview.

With `site_url` set in mkdocs.yml, a page's IRI is its published address. The
W3C model requires absolute IRIs, so without `site_url` the pages get a
`urn:annotated-essay:<site name>/` base instead: stable across builds and
unique per site name, though not resolvable (docs/interoperability.md).
"""

from __future__ import annotations

import re
import unicodedata


def site_base(site_url: str | None, site_name: str) -> str:
    """The base IRI that page URLs ('' or 'claims/') are appended to; ends with '/'."""
    if site_url:
        return site_url if site_url.endswith("/") else site_url + "/"
    return f"urn:annotated-essay:{slug(site_name) or 'site'}/"


def slug(text: str) -> str:
    """Lowercase ASCII letters and digits joined by single hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def page_iri(base: str, page_url: str) -> str:
    """The IRI of a page from its site URL ('', './', 'claims/' or 'claims.html')."""
    # MkDocs writes the home page's URL as './'; the command line as ''.
    return base + (page_url[2:] if page_url.startswith("./") else page_url)
