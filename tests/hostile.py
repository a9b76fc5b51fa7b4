"""The hostile corpus: payloads that try to run code or embed content in a reader's
browser, annotation files that carry them in every field of every kind, and a
scanner that finds what could run or embed in HTML.

Shared by the hostile-site tests (tests/test_hostile.py) and the property tests.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import yaml

# Markup, in any field: each must come out as text or be removed.
MARKUP: tuple[str, ...] = (
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<a href="https://example.org" onclick="alert(1)">click</a>',
    "<body onload=alert(1)>",
    '<div markdown="1" onmouseover="alert(1)">*hover*</div>',
    "Some text {: onclick=\"alert(1)\" }",
    "# A heading {: onclick=alert(1) #owned }",
    "*emphasis*{: onmouseover=alert(1) }",
    '<iframe src="https://evil.example/"></iframe>',
    '<form action="https://evil.example/"><input name=q><button formaction="javascript:alert(1)">go</button></form>',
    "<style>body { display: none }</style>",
    '<svg onload="alert(1)"><script>alert(1)</script></svg>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea></title></code><script>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<![CDATA[<script>alert(1)</script>]]>",
    "</script><script>alert(1)</script>",
    '<span style="background:url(javascript:alert(1))">styled</span>',
    "[styled](https://example.org){: style=\"position:fixed;inset:0\" }",
)

# Link targets that must never become a link: every casing, entities, whitespace.
BAD_URLS: tuple[str, ...] = (
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "JavaScript:alert(1)",
    "jAvAsCrIpT:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "javascript\x00:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;&#x61;vascript:alert(1)",
    "javascript&colon;alert(1)",
    "jav&#x09;ascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    'https://example.org/"><script>alert(1)</script>',
    "https://example.org/' onmouseover='alert(1)",
    'https://example.org/" onmouseover="alert(1)',
)


# Text that tries to write to the log rather than in it: forged GitHub Actions
# workflow commands (on a line of their own, or `##[` anywhere in a line), and
# escape sequences and controls that redraw or reorder a terminal.
LOG_FORGERIES: tuple[str, ...] = (
    "x\n::warning file=README.md,line=1::forged",
    "x\r\n::error::forged",
    "x\r::error::forged",
    "  ::error::forged at the start",
    "x\u2028::error::forged",
    "x\x85::error::forged",
    "x ##[error]forged mid-line",
    "##[stop-commands]token",
    "\x1b[2J\x1b[31mred",
    "\x1b]0;title\x07",
    "\x9b31m",
    "abc\u202edcb",
    "x\n    hint: a forged hint",
)


# Markdown that nests lists or block quotes deeper than a field may (MAX_NESTING).
DEEP_MARKDOWN: tuple[str, ...] = (
    "- " * 600 + "x",
    "1. " * 400 + "x",
    "> - " * 300 + "x",
    "".join("    " * level + "- x\n" for level in range(40)),
    "* " * 17 + "x",
)


# Line breaks to YAML that editors do not show, and spaces that stripping removes
# but YAML keeps: each changes a value without a word unless it is reported.
HIDDEN_BREAKS: tuple[str, ...] = ("\x85", "\u2028", "\u2029")
ODD_SPACES: tuple[str, ...] = ("\xa0", "\u2003", "\u3000", "\u202f", "\u1680")


def markdown_links(url: str) -> tuple[str, ...]:
    """Every Markdown way of writing a link (or image) to `url`."""
    return (
        f"[link]({url})",
        f"[link](<{url}>)",
        '[link](https://example.org "title\\" onmouseover=\\"alert(1)")',
        f"<{url}>",
        f"![image]({url})",
        f"[link][ref]\n\n[ref]: {url}",
        f'<a href="{url}">raw link</a>',
    )


def payloads() -> list[str]:
    """Every payload for a text or Markdown field: the markup, every way of linking
    to the first bad URL, and each other bad URL in one of those ways."""
    found = [*MARKUP, *markdown_links(BAD_URLS[0])]
    for number, url in enumerate(BAD_URLS[1:]):
        forms = markdown_links(url)
        found.append(forms[number % len(forms)])
    return found


def printable(text: str) -> bool:
    """True when `text` can stand in a `.txt` essay line and be quoted from it."""
    return text.isprintable() and text == text.strip()


def passage_text(payload: str) -> str:
    """What the essay's passage for `payload` quotes: the payload itself when it fits on a line."""
    return payload if printable(payload) else "nothing"


def passage(number: int, payload: str) -> str:
    """The essay line for payload `number`, with words around it to anchor on."""
    return f"Passage {number} says {passage_text(payload)} and ends here."


def _source(text: str, url: str) -> dict[str, str]:
    return {"title": text, "url": url, "author": text, "publisher": text, "date": "2024-05", "quote": text}


def _common(text: str) -> dict[str, Any]:
    return {"tags": [text, "fine"], "contributors": [text]}


def anchored(kind: str, number: int, text: str, url: str) -> dict[str, Any]:
    """An annotation of `kind` anchored on passage `number` (which must be in the essay),
    with `text` in every free-text field and `url` in every URL field."""
    where = {"quote": passage_text(text), "prefix": f"Passage {number} says"}
    if kind == "claims":
        return {
            **where,
            "claim": text,
            "speaker": text,
            "verdict": "disputed",
            "checked": "2024-05-01",
            "note": text,
            "sources": [_source(text, url), _source(text, "https://example.org/good")],
            **_common(text),
        }
    if kind == "glossary":
        return {"term": where["quote"], "aliases": [text], "definition": text, "sources": [_source(text, url)], **_common(text)}
    if kind == "xrefs":
        return {"from": where, "to": {"url": url, "title": text}, "relation": "cites", "note": text, **_common(text)}
    return {"start": where, "source": _source(text, url), "speaker": text, **_common(text)}


def everywhere(kind: str, text: str) -> dict[str, Any]:
    """An annotation of `kind` with `text` in every field, ids, enums and dates included."""
    selector = {"quote": text, "prefix": text, "suffix": text}
    source = {"title": text, "url": text, "author": text, "publisher": text, "date": text, "quote": text}
    common = {"tags": [text], "contributors": [text], "updated": text, text: text}
    if kind == "claims":
        body = {**selector, "claim": text, "speaker": text, "verdict": text, "checked": text, "note": text, "sources": [source]}
    elif kind == "glossary":
        body = {"term": text, "aliases": [text], "definition": text, "case_sensitive": text, "see_also": [text], "sources": [source]}
    elif kind == "xrefs":
        body = {"from": selector, "to": {"annotation": text}, "relation": text, "note": text}
    else:
        body = {"start": selector, "end": selector, "source": source, "speaker": text}
    return {**body, **common}


def dump(data: dict[str, Any]) -> str:
    """YAML text for `data` (control characters come out as escapes)."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


# --- W3C annotations to import ----------------------------------------------------

# An annotation as another tool (Hypothesis) exports one, anchored in an essay
# that says "The company was founded in 2021 by ...".
QUOTE = {"type": "TextQuoteSelector", "exact": "founded in 2021", "prefix": "company was ", "suffix": " by"}
FOREIGN: dict[str, Any] = {
    "id": "https://hypothes.is/a/abc",
    "type": "Annotation",
    "motivation": "assessing",
    "created": "2026-05-06T07:08:09+00:00",
    "body": [{"type": "TextualBody", "value": "A fact.", "format": "text/markdown"}, {"purpose": "tagging", "value": "supported"}, {"id": "https://example.org/e"}],
    "target": [{"source": "https://example.org/essay", "selector": [QUOTE, {"type": "TextPositionSelector", "start": 16, "end": 31}]}],
}


def nested(depth: int, inner: Any = "x") -> Any:
    """`inner` in `depth` lists."""
    for _ in range(depth):
        inner = [inner]
    return inner


MALFORMED_IMPORTS: dict[str, tuple[Any, str]] = {
    "items is a number": ({"type": "AnnotationPage", "items": 5}, "items: expected a list, found a whole number"),
    "first is a number": ({"type": "AnnotationCollection", "first": 5}, "first: expected an object, found a whole number"),
    "type is a number": ({"type": 5}, "type: expected a string, found a whole number"),
    "a list in a list": ([[FOREIGN]], "[0]: expected an object, found a list"),
    "deeply nested arrays": ("[" * 5000 + "]" * 5000, "in.jsonld:1:65: error: the JSON nests more than 64 levels deep"),
    "not JSON": ('{"items": [1,]}', "in.jsonld:1:14: error: not JSON"),
    "exact is a number": ({**FOREIGN, "target": {"selector": {**QUOTE, "exact": 5}}}, "target.selector.exact: expected a string, found a whole number"),
    "motivation is a list of lists": ({**FOREIGN, "motivation": [["assessing"]]}, "motivation[0]: expected a string, found a list"),
    "start is true": ({**FOREIGN, "target": {"selector": {"type": "TextPositionSelector", "start": True, "end": 4}}}, "target.selector.start: expected a whole number, found true or false"),
    "target's source is a list": ({**FOREIGN, "motivation": "linking", "target": {"selector": QUOTE, "source": []}}, "target.source: expected a string, found a list"),
    "body's id is an object": ({**FOREIGN, "body": {"id": {}}}, "body.id: expected a string, found an object"),
    "own fields' words not text": ({**FOREIGN, "id": "https://x.org/", "ae:annotation": json.dumps({"kind": "claim", "id": "-", "fields": {"from": 5, "quote": []}})}, "unknown key 'from'; 'quote' must be text, not a list"),
    "a lone surrogate": ({**FOREIGN, "body": "\ud800"}, "https://hypothes.is/a/abc: "),
    "an item that is a number": ({"type": "AnnotationPage", "items": [5]}, "the annotation at items[0]: expected an object, found a whole number"),
}
"""Input for `annotated-essay import` (text, or data written as JSON), and what its message says."""


# --- finding what could run or embed -------------------------------------------

URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite", "srcset"})
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
EMBEDDING = frozenset({"iframe", "frame", "object", "embed", "form", "style", "svg", "math", "base", "meta", "link", "input", "button", "textarea", "img"})
DATA_SCRIPTS = frozenset({"application/json", "application/ld+json"})


@dataclass
class Findings:
    """What a page (or a search index entry) contains that could run or embed."""

    scripts: Counter[str] = field(default_factory=Counter)
    embedding: Counter[str] = field(default_factory=Counter)
    handlers: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    bad_json: list[str] = field(default_factory=list)


class Scanner(HTMLParser):
    """Collects `Findings` from HTML (entities in attributes are decoded by html.parser)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = Findings()
        self._script: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.found.handlers.append(f"<{tag} {name}={value!r}>")
            if name == "style":
                self.found.styles.append(f"<{tag} style={value!r}>")
            if name in URL_ATTRIBUTES and dangerous_url(value):
                self.found.urls.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._script = (values.get("type", ""), [])
            if "src" in values:
                self.found.scripts[f"src={values['src']}"] += 1
        elif tag in EMBEDDING:
            self.found.embedding[tag] += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag != "script" or self._script is None:
            return
        kind, parts = self._script
        text = "".join(parts)
        self._script = None
        if kind in DATA_SCRIPTS:
            # Data, not code: its content varies with the annotations, but it must stay JSON.
            self.found.scripts[f"data:{kind}"] += 1
            try:
                json.loads(text)
            except ValueError:
                self.found.bad_json.append(text[:200])
        elif text.strip():
            self.found.scripts[f"inline:{text.strip()}"] += 1


def dangerous_url(value: str) -> bool:
    """True for a javascript:, data: or vbscript: URL, as a browser would read it."""
    # Browsers drop leading spaces and control characters, and tabs and newlines anywhere.
    squeezed = value.strip("".join(map(chr, range(33)))).replace("\t", "").replace("\n", "").replace("\r", "").lower()
    return squeezed.startswith(DANGEROUS_SCHEMES)


def scan(html: str) -> Findings:
    scanner = Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.found


def runner_command(line: str) -> tuple[str, dict[str, str], str] | None:
    """What the GitHub Actions runner reads in one log line, as its ActionCommand does:
    `::name props::data` at the start (after spaces), or `##[name props]data` anywhere."""
    stripped = line.lstrip()
    if stripped.startswith("::") and "::" in stripped[2:]:
        info, _, data = stripped[2:].partition("::")
        name, _, props = info.partition(" ")
        pairs = (p.split("=", 1) for p in props.strip().split(",") if "=" in p)
        unescape = {"%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ",", "%25": "%"}
        properties = {k: re.sub("%0D|%0A|%3A|%2C|%25", lambda m: unescape[m[0]], v) for k, v in pairs}
        return name, properties, re.sub("%0D|%0A|%25", lambda m: unescape[m[0]], data)
    if "##[" in line and "]" in line[line.index("##[") :]:
        return line[line.index("##[") + 3 :].partition("]")[0], {}, ""
    return None
