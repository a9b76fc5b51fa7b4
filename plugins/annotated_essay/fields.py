"""What an annotation file may contain: one table of field specs per kind.

The loader's checks are driven by these tables, and a JSON Schema (for editor
completion) can be generated from the same tables, so they are plain data:
names, types, limits, examples. The limits are the contract's (ANNOTATIONS.md
sections 3 to 5), counted in characters as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from .model import RELATIONS, VERDICTS, VERDICTS_WITHOUT_SOURCES

__all__ = [
    "CLAIM_LIMIT", "COMMON", "DATE", "EXTENSION", "FIELDS", "ID_PATTERN", "MARKDOWN_LIMIT", "MAX_FILE_BYTES", "MAX_ID_LENGTH",
    "MAX_NESTING", "NOT_IN_HTML", "PARTIAL_DATE", "PARTS", "PLACEHOLDER", "PLACEHOLDER_LEFT", "PLAIN_LIMIT", "QUOTE_LIMIT", "URL_FORBIDDEN",
    "URL_LIMIT", "FieldSpec", "FieldType", "id_ok", "nesting", "url_problem",
]

ID_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
MAX_ID_LENGTH = 64
MAX_FILE_BYTES = 64 * 1024
EXTENSION = ".yml"

# Text limits of the contract, in characters as written.
CLAIM_LIMIT = 200
PLAIN_LIMIT = 300
QUOTE_LIMIT = 1_000
MARKDOWN_LIMIT = 5_000
URL_LIMIT = 2_000

FieldType = Literal[
    "text",  # plain text, never read as Markdown
    "markdown",  # Markdown text
    "quote",  # a selector's text
    "enum",  # one of `choices`
    "date",  # YYYY-MM-DD
    "partial-date",  # YYYY, YYYY-MM or YYYY-MM-DD
    "url",  # absolute http(s) URL
    "bool",  # true or false
    "id",  # an annotation id
    "text-list",  # list of plain texts
    "id-list",  # list of annotation ids
    "mapping",  # a mapping shaped like PARTS[parts[0]]
    "mapping-list",  # a list of such mappings
    "target",  # a mapping shaped like exactly one of PARTS[p] for p in parts
]


@dataclass(frozen=True)
class FieldSpec:
    """What one key of an annotation file accepts."""

    type: FieldType
    required: bool = False
    limit: int | None = None
    """Maximum length in characters (of each entry, for lists)."""
    choices: tuple[str, ...] = ()
    """The allowed values of an `enum`."""
    parts: tuple[str, ...] = ()
    """Names of the PARTS tables of a `mapping`, `mapping-list` or `target`."""
    required_unless: tuple[str, tuple[str, ...]] | None = None
    """(other key, values): required, with at least one entry, unless the other key has one of these values."""
    example: str = ""
    """A line to show in hints: what a correct value looks like."""


def _text(limit: int = PLAIN_LIMIT, required: bool = False, example: str = "") -> FieldSpec:
    return FieldSpec("text", required, limit, example=example)


_URL = FieldSpec("url", True, URL_LIMIT, example="url: https://example.org/page")


PARTS: dict[str, dict[str, FieldSpec]] = {
    "selector": {
        key: FieldSpec("quote", key == "quote", QUOTE_LIMIT, example=f"{key}: the exact words in the essay")
        for key in ("quote", "prefix", "suffix")
    },
    "source": {
        "title": _text(required=True, example="title: The article's title"),
        "url": _URL,
        "author": _text(example="author: Ada Lovelace"),
        "publisher": _text(example="publisher: The Publisher"),
        "date": FieldSpec("partial-date", example="date: 2024-05"),
        "quote": _text(example="quote: a short excerpt"),
    },
    "annotation-target": {
        "annotation": FieldSpec("id", True, MAX_ID_LENGTH, example="annotation: other-annotation-id"),
    },
    "url-target": {
        "url": _URL,
        "title": _text(required=True, example="title: The page's title"),
    },
}
"""Mappings nested inside annotations: selectors, sources and xref targets."""

COMMON: dict[str, FieldSpec] = {
    "tags": FieldSpec("text-list", limit=PLAIN_LIMIT, example="tags: [economics, forecasts]"),
    "contributors": FieldSpec("text-list", limit=PLAIN_LIMIT, example="contributors: [Ada Lovelace]"),
    "updated": FieldSpec("date", example="updated: 2024-05-01"),
}

_SOURCE_EXAMPLE = "sources: [{title: ..., url: 'https://...'}]"

FIELDS: dict[str, dict[str, FieldSpec]] = {
    "claims": {
        **PARTS["selector"],
        "claim": _text(CLAIM_LIMIT, True, "claim: The company was founded in 2021."),
        "speaker": _text(required=True, example="speaker: the author"),
        "verdict": FieldSpec("enum", True, choices=VERDICTS, example="verdict: supported"),
        "checked": FieldSpec("date", True, example="checked: 2024-05-01"),
        "note": FieldSpec("markdown", True, MARKDOWN_LIMIT, example="note: Why this verdict, in Markdown."),
        "sources": FieldSpec(
            "mapping-list", parts=("source",), required_unless=("verdict", tuple(sorted(VERDICTS_WITHOUT_SOURCES))), example=_SOURCE_EXAMPLE
        ),
        **COMMON,
    },
    "glossary": {
        "term": _text(required=True, example="term: Long-Term Benefit Trust"),
        "aliases": FieldSpec("text-list", limit=PLAIN_LIMIT, example="aliases: [LTBT, the Trust]"),
        "definition": FieldSpec("markdown", True, MARKDOWN_LIMIT, example="definition: What the term means, in Markdown."),
        "case_sensitive": FieldSpec("bool", example="case_sensitive: false"),
        "see_also": FieldSpec("id-list", limit=MAX_ID_LENGTH, example="see_also: [other-annotation-id]"),
        "sources": FieldSpec("mapping-list", parts=("source",), example=_SOURCE_EXAMPLE),
        **COMMON,
    },
    "xrefs": {
        "from": FieldSpec("mapping", True, parts=("selector",), example="from: {quote: the words that refer}"),
        "to": FieldSpec(
            "target", True, parts=("selector", "annotation-target", "url-target"), example="to: {quote: the words referred to}"
        ),
        "relation": FieldSpec("enum", True, choices=RELATIONS, example="relation: elaborates"),
        "note": FieldSpec("markdown", limit=MARKDOWN_LIMIT, example="note: How the passages relate, in Markdown."),
        **COMMON,
    },
    "quotations": {
        "start": FieldSpec("mapping", True, parts=("selector",), example="start: {quote: the first words quoted}"),
        "end": FieldSpec("mapping", parts=("selector",), example="end: {quote: the last words quoted}"),
        # Required unless `speaker` says who speaks (files/build.py checks it):
        # words a reader added to the essay file have a speaker and no source.
        "source": FieldSpec("mapping", parts=("source",), example="source: {title: ..., url: 'https://...'}"),
        "speaker": _text(example="speaker: Jared Kaplan"),
        **COMMON,
    },
}
"""The keys of each kind's files, by folder name. Common keys are included."""


def id_ok(id: str) -> bool:
    """True when `id` is a well-formed annotation id."""
    return len(id) <= MAX_ID_LENGTH and ID_PATTERN.fullmatch(id) is not None


# Values -------------------------------------------------------------------

DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
"""A date as written in a file or mkdocs.yml: YYYY-MM-DD (to be matched whole)."""
PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
"""A date that may leave out its day, or its month and day: YYYY, YYYY-MM or YYYY-MM-DD."""

PLACEHOLDER = "TODO"
"""How `annotated-essay new` starts each text the contributor must write: a value starting so is an error."""
PLACEHOLDER_LEFT = "still holds the TODO placeholder that `annotated-essay new` wrote"

# Control characters (tab and line breaks aside) and noncharacters: not allowed in HTML.
NOT_IN_HTML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")

URL_FORBIDDEN = frozenset('"<>\\^`{|}')
"""Characters a URL may hold only percent-encoded."""

# http(s)://host, then printable ASCII but a space and URL_FORBIDDEN.
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?:[/?#][!#-;=?-\[\]_a-z~]*)?")


MAX_NESTING = 16
"""How deep a Markdown field may nest lists and block quotes (its converter recurses on each level)."""

# A line's leading list markers and quote marks, with the spaces around them (on every line, if only "").
_CONTAINERS = re.compile(r"(?:[ \t]*(?:[-*+>]|\d{1,9}[.)])(?=[ \t]|$))*[ \t]*")
_MARKER = re.compile(r"[-*+>]|\d+[.)]")


def nesting(markdown: str) -> int:
    """How deep the lists and block quotes of `markdown` nest, at most: on any line,
    one level for each marker and each four columns of indentation before its text."""
    deepest = 0
    for line in markdown.split("\n"):  # the pattern tried at each line's start, not at every character
        prefix = _CONTAINERS.match(line).group()  # type: ignore[union-attr]  # it always matches
        markers = len(_MARKER.findall(prefix))  # each with the space after it
        deepest = max(deepest, markers + (prefix.replace("\t", "    ").count(" ") - markers) // 4)
    return deepest


def url_problem(url: str) -> str | None:
    """What is wrong with `url` as a link target, or None when it is an absolute http(s) URL."""
    # Most URLs have the plain shape, which passes every check (the tests hold the two to agree).
    return None if _PLAIN_URL.fullmatch(url) else _url_problem_in_full(url)


def _url_problem_in_full(url: str) -> str | None:
    # Category C: control, format (bidi overrides, zero-width), unassigned, private use.
    if any(char.isspace() or unicodedata.category(char).startswith("C") for char in url):
        return "contains a space or a control character"
    # Not allowed raw in a URL (RFC 3986, WHATWG): a quote or bracket is a typo or an attack.
    if raw := sorted({char for char in url if char in URL_FORBIDDEN}):
        return f"contains {' '.join(raw)}, which must be percent-encoded"
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return "is not a valid URL"
    if parts.scheme.lower() not in ("http", "https"):
        return "must be an http or https URL"
    if not host:
        return "has no host name"
    return None
