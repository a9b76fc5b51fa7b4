"""Link integrity of our own site: every same-site link and `#fragment` resolves.

The site is the repository's own (mkdocs.yml at the root), built once. For
every page, every URL in an `href`, `src` or `action` that stays on the site
must name a file that was built, and its fragment (if any) an element id on
that page. The search index's locations and the sitemap are links too.
"""

from __future__ import annotations

import gzip
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

import test_hostile
from sitebuild import BuiltSite, build_at, copy_our_site, write_site

LINK_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "data"})
BASE = "https://site.invalid/"  # a stand-in origin for resolving relative URLs


class Page(HTMLParser):
    """A page's element ids and the URLs it links to."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value is not None:
                self.ids.add(value)
            elif name == "name" and tag == "a" and value is not None:
                self.ids.add(value)  # an old-style anchor is a fragment target too
            elif name in LINK_ATTRIBUTES and value is not None:
                self.links.append(value)


class Site:
    """A built site read as a set of pages, with the URL prefix its absolute links use."""

    def __init__(self, built: BuiltSite) -> None:
        self.root = built.site
        config = yaml.load((built.root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
        site_url = (config or {}).get("site_url") or ""
        self.url = site_url if site_url.endswith("/") else site_url + "/"
        self.path = urlsplit(self.url).path or "/"
        self.pages: dict[str, Page] = {}
        for file in sorted(self.root.rglob("*.html")):
            page = Page()
            page.feed(file.read_text(encoding="utf-8"))
            self.pages[file.relative_to(self.root).as_posix()] = page

    def page_url(self, name: str) -> str:
        """The URL (on BASE) a built file is served at."""
        return urljoin(BASE, name.removesuffix("index.html"))

    def target(self, url: str, here: str) -> tuple[str, str] | None:
        """(file, fragment) a same-site link points at, or None for a link off the site."""
        if url.startswith(self.url):
            url = url[len(self.url) - 1 :] if self.path == "/" else urljoin(BASE, url[len(self.url) :])
        elif url.startswith(self.path) and self.path != "/":
            url = urljoin(BASE, url[len(self.path) :])
        absolute = urljoin(self.page_url(here), url)
        parts = urlsplit(absolute)
        if f"{parts.scheme}://{parts.netloc}/" != BASE:
            return None
        path = unquote(parts.path).lstrip("/")
        if path == "" or path.endswith("/"):
            path += "index.html"
        elif (self.root / path).is_dir():
            path += "/index.html"
        return str(PurePosixPath(path)), unquote(parts.fragment)

    def broken(self, url: str, here: str) -> str | None:
        """Why a link is broken, or None."""
        found = self.target(url, here)
        if found is None:
            return None
        file, fragment = found
        if not (self.root / file).is_file():
            return f"{here}: {url} -> no file {file}"
        if fragment and file in self.pages and fragment not in self.pages[file].ids:
            return f"{here}: {url} -> no id '{fragment}' in {file}"
        return None


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml may hold `!!python/name:` tags; only plain keys are read here."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


ESSAY_MD = """\
# The essay

An essay about trust, money and frontier models, written for a test.

## Money

The second paragraph has a claim about money: raising $5 billion over two years.
"""


def inputs(which: str, root: Path) -> Path:
    """Our own site, or a sample with every kind, an unanchored page and a `.md` essay with headings."""
    if which == "ours":
        return copy_our_site(root)
    extra = {"markdown_extensions": [{"toc": {"permalink": True}}], "site_url": "https://example.org/sub/"}
    return write_site(root, ESSAY_MD, test_hostile.CLEAN, essay_name="essay.md", extra_config=extra)


@pytest.fixture(scope="module", params=["ours", "sample"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Site:
    built = build_at(inputs(request.param, tmp_path_factory.mktemp("links") / request.param), strict=request.param == "ours")
    assert not built.aborted, built.warnings
    return Site(built)


def test_every_same_site_link_and_fragment_resolves(site: Site) -> None:
    broken = [problem for here, page in site.pages.items() for url in page.links if (problem := site.broken(url, here))]
    assert broken == []


def test_every_search_result_resolves(site: Site) -> None:
    import json

    index = json.loads((site.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    broken = [problem for doc in index["docs"] if (problem := site.broken(doc["location"], "index.html"))]
    assert broken == []


def test_every_sitemap_entry_resolves(site: Site) -> None:
    sitemap = gzip.decompress((site.root / "sitemap.xml.gz").read_bytes()).decode("utf-8")
    locations = [part.split("</loc>")[0] for part in sitemap.split("<loc>")[1:]]
    broken = [problem for url in locations if (problem := site.broken(url, "index.html"))]
    assert broken == []


def test_links_are_checked_at_all(site: Site) -> None:
    """The checks above can fail: the pages do link to fragments, and a wrong one is caught."""
    essay = site.pages["index.html"]
    fragments = [url for url in essay.links if "#" in url and site.target(url, "index.html")]
    assert len(fragments) > 10
    assert site.broken("claims/#no-such-claim", "index.html") is not None
    assert site.broken("no-such-page/", "index.html") is not None
    assert site.broken(f"{site.url}claims/#no-such-claim", "index.html") is not None
    assert site.broken(f"{site.url}claims/#{next(iter(site.pages['claims/index.html'].ids))}", "index.html") is None
    assert site.broken("https://elsewhere.example/#x", "index.html") is None
