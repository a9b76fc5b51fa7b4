"""Browser fixtures: the repository's own site, built once, served on loopback, read in Chromium.

Every test here is marked `browser` and is skipped when Playwright or the
system Chromium is missing, so `pytest` still runs everywhere.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from browsing import ORIGINAL, OTHER_SITES
from sitebuild import SEED, write_site

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (1440, 1024, 390)
# The flags that keep Chromium from reaching for hosts this machine cannot reach (BROWSER.md).
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder `browser`, and skip them all without Chromium."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(pytest.mark.skip(reason=f"{CHROMIUM} is not installed"))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        pass


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The repository's own site, built strictly into a temporary folder and served on 127.0.0.1."""
    site = tmp_path_factory.mktemp("browser") / "site"
    build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site), strict=True))
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    shutil.rmtree(site, ignore_errors=True)


@pytest.fixture(scope="session")
def other_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], str]]:
    """The URL of one of OTHER_SITES by name, built strictly on first use and served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("themes")
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def get(name: str) -> str:
        site = root / name
        if not site.exists():
            source = tmp_path_factory.mktemp(name)
            write_site(source, SEED.read_text(encoding="utf-8"), options=ORIGINAL, extra_config={"site_name": "An annotated essay", **OTHER_SITES[name]})
            shutil.copytree(ROOT / "annotations", source / "annotations", dirs_exist_ok=True)
            build(load_config(str(source / "mkdocs.yml"), site_dir=str(site), strict=True))
        return f"http://127.0.0.1:{server.server_address[1]}/{name}/"

    yield get
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the whole session (starting one per test would blow the time budget)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


class Reader:
    """A page in Chromium, with what it logged and every host it asked for."""

    def __init__(self, page: Any, base: str) -> None:
        self.page = page
        self.base = base
        self.errors: list[str] = []
        self.hosts: set[str] = set()
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.hosts.add(r.url.split("/")[2] if "://" in r.url else r.url))

    def goto(self, path: str = "") -> Any:
        """Open a page of the site by its URL relative to the site root."""
        self.page.goto(self.base + path, wait_until="load")
        return self.page


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def width(request: pytest.FixtureRequest) -> int:
    """The viewport width: a wide desktop, a small laptop or tablet, a phone."""
    return int(request.param)


@pytest.fixture(scope="session")
def context_at(browser: Any) -> Iterator[Callable[[int], Any]]:
    """One browser context per width for the session: its cache makes each page load cheap."""
    made: dict[int, Any] = {}

    def get(width: int) -> Any:
        if width not in made:
            made[width] = browser.new_context(
                viewport={"width": width, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
            )
        return made[width]

    yield get
    for context in made.values():
        context.close()


@pytest.fixture
def reader(context_at: Callable[[int], Any], site_url: str, width: int) -> Iterator[Reader]:
    """A new page at `width` pixels wide; a test that changes stored choices restores them."""
    page = context_at(width).new_page()
    yield from reading(page, site_url)


def reading(page: Any, url: str) -> Iterator[Reader]:
    """A fixture's body: a Reader of `page` at `url`, then the checks every page must pass."""
    page.set_default_timeout(5000)
    read = Reader(page, url)
    yield read
    page.close()
    # Whatever a test did, no page may log an error or ask another host for anything.
    assert read.errors == [], read.errors
    assert read.hosts <= {url.split("/")[2]}, read.hosts


@pytest.fixture
def axe_source() -> str:
    """axe-core, installed by `make browser-deps` (npm)."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `make browser-deps`")
    return AXE.read_text(encoding="utf-8")
