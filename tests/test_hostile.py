"""A site built from hostile annotations publishes nothing that runs or embeds.

Two sites are built: a clean one (an essay and a few ordinary annotations) and
the same one with the hostile corpus added (tests/hostile.py: script tags,
event handlers, dangerous URLs, attr_list and md_in_html attributes, embedding
elements, attribute break-outs) in every field of every kind, both anchored in
the essay and not, with YAML attacks and file names that are not text; once
with a `.txt` essay and once with a `.md` essay and the site's own Markdown
extensions. Every page of the hostile site (and its search index) is parsed
with html.parser and compared with the clean site: the theme's own scripts and
icons are allowed, anything more is not.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import markdown
import pytest

from annotated_essay.fields import NOT_IN_HTML
from annotated_essay.files.load import load_text
from annotated_essay.html.markdown import http_url
from annotated_essay.render.edition import MAX_OVERLAP

import hostile
from hostile import Findings, scan
from sitebuild import BuiltSite, build_at, site_at, write_site

KINDS = ("claims", "glossary", "xrefs", "quotations")
ESSAY = """\
An essay about trust, money and frontier models, written for a test.
The second paragraph has a claim about money: raising $5 billion over two years.
"""

CLEAN = {
    "claims/money.yml": """\
        quote: raising $5 billion over two years
        claim: They plan to raise money.
        speaker: the author
        verdict: supported
        checked: 2024-05-01
        note: Because *reasons*, see [the source](https://example.org/a).
        sources:
          - {title: A source, url: 'https://example.org/a', author: Someone, publisher: A paper, date: 2024, quote: an excerpt}
        tags: [money]
        """,
    "glossary/trust.yml": "term: trust\ndefinition: A *definition*.\nsources:\n  - {title: T, url: 'https://example.org/t'}\n",
    "xrefs/again.yml": "from: {quote: frontier models}\nto: {url: 'https://example.org/x', title: Elsewhere}\nrelation: cites\nnote: A note.\n",
    "quotations/first.yml": "start: {quote: An essay about trust}\nsource: {title: Book, url: 'https://example.org/b', author: Someone}\n",
    # So that the clean site has an unanchored page too.
    "claims/elsewhere.yml": "quote: words not in the essay\nclaim: A claim.\nspeaker: me\nverdict: opinion\nchecked: 2024-05-01\nnote: A note.\n",
}


def hostile_essay() -> str:
    return ESSAY + "".join(hostile.passage(i, p) + "\n" for i, p in enumerate(hostile.payloads()))


def hostile_annotations() -> dict[str, str | bytes]:
    files = dict(CLEAN)
    urls = hostile.BAD_URLS
    for i, payload in enumerate(hostile.payloads()):
        for kind in KINDS:
            files[f"{kind}/h{i}-{kind}.yml"] = hostile.dump(hostile.anchored(kind, i, payload, urls[i % len(urls)]))
    for i, payload in enumerate((*hostile.MARKUP, *hostile.BAD_URLS)):
        for kind in KINDS:
            files[f"{kind}/e{i}-{kind}.yml"] = hostile.dump(hostile.everywhere(kind, payload))
    # File names are contributor input too: they become ids on the unanchored page.
    files['claims/x"><script>alert(1)<.yml'] = hostile.dump(hostile.everywhere("claims", "<b>bold</b>"))
    files["glossary/<img src=x onerror=alert(1)>.yml"] = "term: x\ndefinition: y\n"
    files.update(YAML_ATTACKS)
    # Depth: notes that nest too deep, and more annotations on the same words than may nest.
    claim = {"quote": "raising $5 billion", "claim": "c", "speaker": "s", "verdict": "opinion", "checked": "2024-05-01"}
    for i, note in enumerate(hostile.DEEP_MARKDOWN):
        files[f"claims/deep{i}.yml"] = hostile.dump({**claim, "note": note})
    files["claims/shows-nothing.yml"] = hostile.dump({**claim, "note": "***\n\n[ref]: https://example.org"})
    # A new entry ignoring case whose term is an existing entry's (glossary/trust.yml): it must not take its words.
    files["glossary/a-trust.yml"] = "term: TRUST\ncase_sensitive: false\ndefinition: Taken?\n"
    for i in range(CROWD):
        files[f"claims/crowd{i:03}.yml"] = hostile.dump({**claim, "quote": "frontier models", "note": "n"})
    return files


CROWD = 100


YAML_ATTACKS: dict[str, str | bytes] = {
    # Billion laughs: nine levels of nine aliases each.
    "claims/alias-bomb.yml": "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)),
    "claims/python-tag.yml": "claim: !!python/object/apply:os.system ['echo owned']\nquote: x\n",
    "claims/custom-tag.yml": "claim: !include /etc/passwd\nquote: x\n",
    "claims/deep.yml": "claim: " + "[" * 5000 + "]" * 5000 + "\n",
    "claims/huge.yml": "claim: " + "x" * 70_000 + "\n",
    "claims/duplicate-keys.yml": "quote: Passage 0 says\nclaim: first\nclaim: <script>alert(1)</script>\n",
    "claims/not-utf8.yml": b"claim: \xff\xfe<script>\n",
    "claims/two-documents.yml": "claim: a\n---\nclaim: <script>alert(1)</script>\n",
    # Escape sequences for the terminal that shows the build's log.
    "claims/terminal.yml": '"\\e[2J\\e[31mred": x\nclaim: "\\e]0;owned\\a"\nverdict: "\\x9b31m"\n',
    # Line breaks of every kind, and values changed without a word unless reported.
    "claims/cr-only.yml": "quote: x\rclaim: a\rbad: \x01\r",
    "claims/hidden-break.yml": 'quote: x\nclaim: "a\x85b\u2028c"\n',
    "claims/no-break-space.yml": 'quote: x\nclaim: "\xa0a\u3000"\n',
    # Lines forged in the CI log: workflow commands, breaks of every kind.
    "claims/forged-log.yml": hostile.dump({"verdict": hostile.LOG_FORGERIES[0], **{text: text for text in hostile.LOG_FORGERIES}}),
}
"""YAML that attacks the parser rather than the page: each is a located problem, and listed."""

BYTE_NAMES: tuple[bytes, ...] = (b"claims/bad\xff\x1b[31m.yml", b"\xfe\x07/x.yml")
"""File and folder names that are not UTF-8, or hold control characters."""


_PAGES: dict[Path, dict[str, Findings]] = {}


def pages(site: BuiltSite) -> dict[str, Findings]:
    """Each built page's findings (parsed once per site)."""
    if site.site not in _PAGES:
        _PAGES[site.site] = _scan_pages(site)
    return _PAGES[site.site]


def _scan_pages(site: BuiltSite) -> dict[str, Findings]:
    return {str(p.relative_to(site.site)): scan(p.read_text(encoding="utf-8")) for p in sorted(site.site.rglob("*.html"))}


def index_entries(site: BuiltSite) -> list[tuple[str, Findings]]:
    """Each search index entry's title and text, read as the search UI renders them (HTML)."""
    return [(d["location"], scan(d.get("title", "") + " " + d.get("text", ""))) for d in site.search_index()["docs"]]


# The site's own Markdown, for a `.md` essay: notes are inserted while it runs,
# so extensions that rewrite the tree (attr_list, md_in_html) must not touch them.
MD_EXTENSIONS: list[Any] = ["attr_list", "md_in_html", {"toc": {"permalink": True}}, "tables", "admonition", "def_list", "footnotes", "pymdownx.superfences", "pymdownx.details"]


def markdown_essay(text: str) -> str:
    """`text` written as Markdown that shows exactly `text` (specials escaped)."""
    names = [e if isinstance(e, str) else next(iter(e)) for e in MD_EXTENSIONS]
    specials = set(markdown.Markdown(extensions=names).ESCAPED_CHARS)
    escaped = "".join("\\" + c if c in specials else c for c in text)
    return escaped.replace("&", "&amp;").replace("<", "&lt;")


@pytest.fixture(scope="module", params=["essay.txt", "essay.md"])
def sites(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[BuiltSite, BuiltSite]:
    base = tmp_path_factory.mktemp("hostile")
    name: str = request.param
    essay = hostile_essay() if name.endswith(".txt") else markdown_essay(hostile_essay())
    config = {"essay_name": name, "extra_config": {"markdown_extensions": MD_EXTENSIONS}}
    clean = site_at(base / "clean", ESSAY, CLEAN, strict=False, **config)
    root = write_site(base / "dirty", essay, hostile_annotations(), **config)
    # A link to a file outside the site: never read, never published.
    (base / f"secret-{name}.yml").write_text("quote: x\nclaim: SECRET-MARKER\n", encoding="utf-8")
    os.symlink(base / f"secret-{name}.yml", root / "annotations" / "claims" / "leak.yml")
    for file_name in BYTE_NAMES:
        folder = os.path.join(os.fsencode(root / "annotations"), os.path.dirname(file_name))
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(os.fsencode(root / "annotations"), file_name), "wb") as file:
            file.write(b"claim: <script>alert(1)</script>\n")
    return clean, build_at(root, strict=False)


def baseline(clean: dict[str, Findings], page: str) -> Findings:
    """The clean site's findings for `page`; for a page only the hostile site has, the most any clean page has."""
    if page in clean:
        return clean[page]
    most = Findings()
    for found in clean.values():
        most.scripts |= found.scripts
        most.embedding |= found.embedding
        most.handlers += found.handlers
        most.styles += found.styles
        most.urls += found.urls
    return most


def test_the_hostile_site_builds_and_lists_every_file(sites: tuple[BuiltSite, BuiltSite]) -> None:
    clean, dirty = sites
    assert not clean.aborted and len(clean.warnings) == 1, clean.warnings
    assert not dirty.aborted
    unanchored = dirty.html("unanchored")
    for i in range(len(hostile.MARKUP) + len(hostile.BAD_URLS)):
        assert f'id="e{i}-claims"' in unanchored
    # Anchored hostile annotations are on the essay page, each with its note.
    essay = dirty.html()
    assert 'data-note-for="h0-claims"' in essay and 'data-note-for="h0-xrefs"' in essay


def test_yaml_attacks_are_located_problems_and_listed(sites: tuple[BuiltSite, BuiltSite]) -> None:
    _, dirty = sites
    unanchored = dirty.html("unanchored")
    for name in YAML_ATTACKS:
        path = f"annotations/{name}"
        assert f'id="{Path(name).stem}"' in unanchored, name
        located = [w for w in dirty.warnings if w.startswith(f"{path}:")]
        assert located, name
        assert all(int(w.split(":")[1]) >= 1 for w in located), located


def test_deep_and_crowded_annotations_are_located_problems(sites: tuple[BuiltSite, BuiltSite]) -> None:
    _, dirty = sites
    deep = sorted(w.split(":")[0] for w in dirty.warnings if "levels deep; the limit is" in w)
    assert deep == [f"annotations/claims/deep{i}.yml" for i in range(len(hostile.DEEP_MARKDOWN))]
    crowded = [w for w in dirty.warnings if "annotations cover these words" in w]
    # The clean site's xref is on the same words too.
    assert len(crowded) == CROWD + 1 - MAX_OVERLAP
    unanchored = dirty.html("unanchored")
    assert all(f'id="{Path(w.split(":")[0]).stem}"' in unanchored for w in crowded)


def test_an_entry_never_takes_another_entrys_words_quietly(sites: tuple[BuiltSite, BuiltSite]) -> None:
    _, dirty = sites
    assert 'data-annotation="trust"' in dirty.html()
    for path, other in (("a-trust", "trust"), ("trust", "a-trust")):
        assert any(w.startswith(f"annotations/glossary/{path}.yml:") and f"({'annotations/glossary/' + other}.yml)" in w for w in dirty.warnings), path


def test_what_a_file_hides_is_reported_where_it_is(sites: tuple[BuiltSite, BuiltSite]) -> None:
    _, dirty = sites
    at = {w.split(": ")[0]: w for w in dirty.warnings}
    assert "not allowed in YAML" in at["annotations/claims/cr-only.yml:3:6"]
    assert "U+0085 is a line break to YAML" in at["annotations/claims/hidden-break.yml:2:10"]
    assert "U+00A0, a space that is removed" in at["annotations/claims/no-break-space.yml:2:8"]
    assert "symbolic link" in at["annotations/claims/leak.yml:1:1"]
    assert "'note' shows nothing" in at["annotations/claims/shows-nothing.yml:1:1"]
    assert not any("SECRET-MARKER" in p.read_text(encoding="utf-8") for p in dirty.site.rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".jsonld"))


def test_file_names_that_are_not_text_are_located_problems(sites: tuple[BuiltSite, BuiltSite]) -> None:
    _, dirty = sites
    named = [w for w in dirty.warnings if "the file name has bytes that are not UTF-8" in w]
    assert sorted(w.split(":")[0] for w in named) == ["annotations/claims/bad\ufffd\ufffd[31m.yml", "annotations/\ufffd\ufffd/x.yml"]


def test_no_character_html_forbids_and_none_reaches_the_log(sites: tuple[BuiltSite, BuiltSite]) -> None:
    """Control characters written as escapes are reported, and never printed to a page or a terminal."""
    _, dirty = sites
    for page in ("", "claims/", "glossary/", "unanchored/"):
        html = dirty.html(page)
        assert [c for c in html if NOT_IN_HTML.match(c)] == [], page
    assert [w for w in dirty.warnings if any(NOT_IN_HTML.match(c) for c in w)] == []
    assert [line for w in dirty.warnings for line in w.splitlines() if hostile.runner_command(line)] == []
    assert any("control character U+001B" in w for w in dirty.warnings)


@pytest.mark.parametrize("url", hostile.BAD_URLS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_bad_url_is_a_located_problem(kind: str, url: str) -> None:
    """Every URL field refuses a URL no link may use, says where it is, and keeps the rest."""
    text = hostile.dump(hostile.anchored(kind, 0, "text", url))
    annotation, problems = load_text(text.encode("utf-8"), f"annotations/{kind}/x.yml", kind, "x")
    line = next(number for number, row in enumerate(text.splitlines(), 1) if row.strip().startswith("url:"))
    assert {p.where.line for p in problems if "url" in p.message} == {line}, problems
    assert annotation is not None
    # The templates refuse it too, should a URL ever reach them unchecked.
    assert http_url(url) is None


def test_no_script_beyond_the_themes_own(sites: tuple[BuiltSite, BuiltSite]) -> None:
    clean, dirty = (pages(s) for s in sites)
    assert set(clean) <= set(dirty)
    for page, found in dirty.items():
        extra = found.scripts - baseline(clean, page).scripts
        assert not extra, f"{page}: {list(extra)[:3]}"
        assert found.bad_json == [], page


def test_no_event_handler_style_or_dangerous_url(sites: tuple[BuiltSite, BuiltSite]) -> None:
    clean, dirty = (pages(s) for s in sites)
    for page, found in dirty.items():
        allowed = baseline(clean, page)
        assert [h for h in found.handlers if h not in allowed.handlers] == [], page
        assert [h for h in found.styles if h not in allowed.styles] == [], page
        assert [u for u in found.urls if u not in allowed.urls] == [], page


def test_no_embedding_element_the_clean_site_lacks(sites: tuple[BuiltSite, BuiltSite]) -> None:
    clean, dirty = (pages(s) for s in sites)
    for page, found in dirty.items():
        extra = found.embedding - baseline(clean, page).embedding
        assert not extra, f"{page}: {dict(extra)}"


def test_the_search_index_holds_only_text(sites: tuple[BuiltSite, BuiltSite]) -> None:
    _, dirty = sites
    for location, found in index_entries(dirty):
        assert not found.scripts and not found.handlers and not found.urls and not found.styles, location
        assert not found.embedding, f"{location}: {dict(found.embedding)}"


def test_the_scanner_sees_what_it_looks_for() -> None:
    """The checks above can fail: unsanitized payloads are caught."""
    raw = scan("".join(hostile.MARKUP) + "".join(f'<a href="{u}">x</a>' for u in hostile.BAD_URLS[:17]))
    assert raw.scripts and raw.handlers and raw.styles and raw.embedding["iframe"] and raw.embedding["svg"]
    assert len(raw.urls) >= 17


def test_no_payload_text_is_lost_from_notes(sites: tuple[BuiltSite, BuiltSite]) -> None:
    """Escaping, not deletion: a plain field's hostile text is shown to the reader as text."""
    _, dirty = sites
    number = hostile.payloads().index('"><script>alert(1)</script>')
    html = dirty.html()
    start = html.index(f'data-note-for="h{number}-claims"')
    assert '&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;' in html[start : start + 4000] or "&quot;&gt;&lt;script&gt;" in html[start : start + 4000]


def test_the_configured_byline_and_title_are_text(build_site) -> None:
    """mkdocs.yml is trusted more than an annotation (its `title`, like `site_name`, is
    written as MkDocs writes titles), but the byline's `url` only links over http(s)
    and its `author` is text."""
    hostile_options = {"url": "javascript://example.org/%0aalert(1)", "author": "<b>x</b><script>alert(1)</script>"}
    plain = scan(build_site(ESSAY, {}, name="plain", options={"url": "https://example.org/", "author": "x"}).html())
    found = scan(build_site(ESSAY, {}, name="configured", options=hostile_options).html())
    assert found.urls == [] and found.handlers == []
    assert found.scripts == plain.scripts
    assert found.embedding == plain.embedding
