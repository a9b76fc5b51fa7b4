"""The repository's own site built by Zensical after `annotated-essay prepare`, read in Chromium.

Zensical does not run the plugin: the prepared pages link the plugin's
stylesheet and script themselves (prepared.py), and the theme's instant
loading inserts that script again on each visit. The notes must open as they
do on the MkDocs site, on arrival and after moving between pages, the script
must run once, and no page may log an error or ask another host for anything.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from browsing import IS_OPEN, OPEN_COUNT, first_id, is_open
from conftest import Reader, _Quiet, reading

from hostbuild import build_with
from sitebuild import copy_our_site


@pytest.fixture(scope="module")
def zensical_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site served on 127.0.0.1, built with that address as its `site_url`: the theme's
    instant loading, which runs the plugin's script again on each visit, needs it."""
    root = copy_our_site(tmp_path_factory.mktemp("zensical") / "site-inputs")
    handler = functools.partial(_Quiet, directory=str(root / "site-zensical"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    build_with("zensical", root, {"SITE_URL": url})
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(params=[1440, 390], ids=["1440px", "390px"])
def zreader(request: pytest.FixtureRequest, browser: Any, zensical_url: str) -> Iterator[Reader]:
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    yield from reading(context.new_page(), zensical_url)
    context.close()


@pytest.mark.parametrize("kind", ["glossary", "claim", "xref"])
def test_focus_opens_the_note_and_escape_closes_it(zreader: Reader, kind: str) -> None:
    page = zreader.goto()
    hid = first_id(page, kind, 1)
    page.focus(f"#{hid}")
    page.wait_for_function(IS_OPEN, arg=hid, timeout=2000)
    page.keyboard.press("Escape")
    assert not is_open(page, hid)
    assert page.evaluate("document.activeElement.id") == hid


@pytest.mark.parametrize("zreader", [1440], indirect=True)  # where the navigation is in view
def test_notes_open_after_instant_navigation(zreader: Reader) -> None:
    """Arriving from another page without a reload, the notes open, and the script ran once."""
    page = zreader.goto("about/")
    loads: list[str] = []
    page.on("load", lambda: loads.append(page.url))
    for name, target, selector in (("Essay", "", ".ae-essay"), ("Claims", "claims/", ".ae-claims-page"), ("Essay", "", ".ae-essay")):
        page.locator(".md-nav--primary a.md-nav__link", has_text=name).first.click()
        url = zreader.base + target
        page.wait_for_function("([url, selector]) => location.href === url && !!document.querySelector(selector)", arg=[url, selector])
    assert loads == [], "the theme reloaded the page: instant loading was not tested"
    assert listeners(page, "onOver") == 1, "the plugin's script ran more than once"
    hid = first_id(page, "claim", 0)
    page.focus(f"#{hid}")
    page.wait_for_function(IS_OPEN, arg=hid, timeout=2000)
    assert page.evaluate(OPEN_COUNT) == 1


def listeners(page: Any, handler: str) -> int:
    """How many listeners on the document are the plugin's function `handler` (read through DevTools)."""
    session = page.context.new_cdp_session(page)
    try:
        document = session.send("Runtime.evaluate", {"expression": "document", "objectGroup": "count"})["result"]["objectId"]
        found = session.send("DOMDebugger.getEventListeners", {"objectId": document, "objectGroup": "count"})["listeners"]
        names = [
            session.send("Runtime.callFunctionOn", {"objectId": entry["handler"]["objectId"], "functionDeclaration": "function () { return this.name; }", "returnByValue": True})["result"]["value"]
            for entry in found
            if "handler" in entry
        ]
        return names.count(handler)
    finally:
        session.detach()


def test_the_claims_filter_is_there_once(zreader: Reader) -> None:
    page = zreader.goto("claims/")
    page.wait_for_selector(".ae-filter")
    assert page.locator(".ae-filter").count() == 1
