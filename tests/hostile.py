"""The hostile corpus: payloads that try to run code or embed content in a reader's
browser, and annotation files that carry them in every field of every kind.

Shared by the hostile-site tests (tests/test_hostile.py) and the property tests.
"""

from __future__ import annotations

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


def markdown_links(url: str) -> tuple[str, ...]:
    """Every Markdown way of writing a link (or image) to `url`."""
    return (
        f"[link]({url})",
        f"[link](<{url}>)",
        f'[link](https://example.org "title\\" onmouseover=\\"alert(1)")',
        f"<{url}>",
        f"![image]({url})",
        f"[link][ref]\n\n[ref]: {url}",
        f'<a href="{url}">raw link</a>',
    )


def payloads() -> list[str]:
    """Every payload for a text or Markdown field."""
    found = list(MARKUP)
    for url in BAD_URLS:
        found += markdown_links(url)
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
