"""The annotation model: plain, frozen data shared by every part of the core.

Nothing here knows about YAML, MkDocs or HTML. The loader builds these values,
the anchoring engine reads them, the renderers turn them into HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, Union

KINDS: tuple[str, ...] = ("claims", "glossary", "xrefs", "quotations")
"""Folder names under the annotations folder, one per kind."""

KIND_OF_FOLDER: dict[str, str] = {"claims": "claim", "glossary": "glossary", "xrefs": "xref", "quotations": "quotation"}
"""The `data-kind` value of each folder's annotations."""

VERDICTS: tuple[str, ...] = ("supported", "partly-supported", "disputed", "false", "outdated", "unverified", "opinion")
VERDICTS_WITHOUT_SOURCES: frozenset[str] = frozenset({"unverified", "opinion"})

RELATIONS: tuple[str, ...] = ("restates", "elaborates", "supports", "contradicts", "responds-to", "cites")

Severity = Literal["error", "warning"]

# What a terminal or a CI log reads as more than text: C0 and C1 controls (line
# breaks too), DEL, the other line breaks, the controls that reorder what is shown,
# and GitHub Actions' workflow commands (`::` starting a line, `##[` anywhere).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]|##\\[|^\\s*::")


def one_line(text: str) -> str:
    """`text` as one line that every output shows as it is: each control character
    or line break becomes U+FFFD, and a workflow command's marker is broken up.

    Every message that may quote a file's contents goes through this on its way
    to a terminal, a CI log or the MkDocs log.
    """
    return _UNSAFE.sub(lambda m: "\ufffd" if len(m[0]) == 1 else m[0][:-1] + " " + m[0][-1], text)


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file: path relative to the folder of mkdocs.yml, 1-based line and column."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the inputs, with where it is and what to do about it."""

    where: Location
    message: str
    hint: str = ""
    severity: Severity = "error"
    fix: tuple[tuple[str, str], ...] = ()
    """(key, new text) pairs for the selector whose quote is at `where`: what `check --fix` writes."""

    def __str__(self) -> str:
        text = one_line(f"{self.where}: {self.message}")
        # A hint of several lines (the places of an ambiguous quote) stays readable in a log.
        return f"{text} ({(chr(10) + '    ').join(self.hint_lines())})" if self.hint else text

    def hint_lines(self) -> list[str]:
        """The hint's lines (none without a hint), each safe to print (`one_line`)."""
        return [one_line(line) for line in self.hint.split("\n")] if self.hint else []

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.where.path, self.where.line, self.where.column, self.message)


@dataclass(frozen=True)
class Selector:
    """A W3C TextQuoteSelector: `quote` is `exact`; prefix and suffix may be empty."""

    quote: str
    prefix: str = ""
    suffix: str = ""
    where: Location = Location("")


@dataclass(frozen=True)
class Source:
    """Where a claim, term or quotation comes from."""

    title: str
    url: str
    author: str | None = None
    publisher: str | None = None
    date: str | None = None
    quote: str | None = None


@dataclass(frozen=True)
class Common:
    """Fields every annotation has."""

    id: str
    where: Location
    tags: tuple[str, ...] = ()
    contributors: tuple[str, ...] = ()
    updated: str | None = None


@dataclass(frozen=True)
class Claim(Common):
    selector: Selector = Selector("")
    claim: str = ""
    speaker: str = ""
    verdict: str = "unverified"
    checked: str = ""
    note: str = ""
    sources: tuple[Source, ...] = ()

    kind = "claim"


@dataclass(frozen=True)
class Term(Common):
    term: str = ""
    aliases: tuple[str, ...] = ()
    definition: str = ""
    case_sensitive: bool = True
    see_also: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    # Where `see_also` entries sit in the file, so an unknown id can be located.
    see_also_where: tuple[Location, ...] = ()

    kind = "glossary"

    @property
    def forms(self) -> tuple[str, ...]:
        """The term and its aliases: every form that counts as an occurrence."""
        return (self.term, *self.aliases)


@dataclass(frozen=True)
class AnnotationTarget:
    """An xref pointing at another annotation."""

    annotation: str
    where: Location = Location("")


@dataclass(frozen=True)
class UrlTarget:
    """An xref pointing outside the essay."""

    url: str
    title: str


Target = Union[Selector, AnnotationTarget, UrlTarget]


@dataclass(frozen=True)
class CrossRef(Common):
    from_: Selector = Selector("")
    to: Target = UrlTarget("", "")
    relation: str = "elaborates"
    note: str = ""

    kind = "xref"


@dataclass(frozen=True)
class Quotation(Common):
    start: Selector = Selector("")
    end: Selector | None = None
    source: Source | None = None  # None only when `speaker` says who speaks
    speaker: str | None = None

    kind = "quotation"


Annotation = Union[Claim, Term, CrossRef, Quotation]


@dataclass(frozen=True)
class Rejected:
    """A file that could not be turned into an annotation; listed, never dropped."""

    id: str
    kind: str
    where: Location
    problems: tuple[Problem, ...]


@dataclass
class AnnotationSet:
    """Everything loaded from the annotations folder, with every problem found.

    A file with a problem that leaves its meaning clear (an unknown key, a text
    over its limit) still yields its annotation; one that cannot be understood
    (a YAML syntax error, a missing quote) is kept in `rejected` so that it is
    still listed on the site.
    """

    annotations: list[Annotation] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def by_id(self) -> dict[str, Annotation]:
        return {a.id: a for a in self.annotations}
