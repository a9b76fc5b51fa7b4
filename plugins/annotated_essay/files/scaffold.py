"""The text of a new annotation file: valid at once, with placeholders to replace.

`annotated-essay new` resolves the quotes against the essay first; this
module only writes the YAML, one function per kind, with a comment on each
placeholder saying what it should become.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from ..model import KIND_OF_FOLDER, RELATIONS, VERDICTS
from .edit import scalar

KIND_ALIASES: dict[str, str] = {"term": "glossary", **{name: folder for folder, kind in KIND_OF_FOLDER.items() for name in (folder, kind)}}
"""What `new` accepts as a kind, and the folder each one means."""


@dataclass
class Selected:
    """A quote with the prefix or suffix that makes it match one place."""

    quote: str
    prefix: str = ""
    suffix: str = ""

    def lines(self, indent: str = "") -> list[str]:
        out = [f"{indent}quote: {scalar(self.quote)}"]
        out += [f"{indent}{key}: {scalar(value)}" for key, value in (("prefix", self.prefix), ("suffix", self.suffix)) if value]
        return out


@dataclass
class Request:
    """Everything `new` was told, its quotes already resolved."""

    folder: str
    id: str
    quote: Selected
    to: Selected | None = None
    to_annotation: str = ""
    to_url: str = ""
    to_title: str = ""
    relation: str = "elaborates"
    end: Selected | None = None
    source_title: str = ""
    source_url: str = ""
    speaker: str = ""
    aliases: tuple[str, ...] = ()
    term: str = ""
    schemas: str = "../../plugins/annotated_essay/schemas"
    """The schemas' folder, relative to the new file's folder."""
    today: datetime.date = field(default_factory=datetime.date.today)


def schema_line(schemas: str, folder: str) -> str:
    """The first line of a new file: where editors find its JSON Schema (`schemas` relative to the file's folder)."""
    return f"# yaml-language-server: $schema={schemas}/{folder}.schema.json"


def file_text(request: Request) -> str:
    """The new file's YAML, starting with the line that tells editors where its JSON Schema is."""
    body = _WRITERS[request.folder](request)
    return "\n".join([schema_line(request.schemas, request.folder), *body]) + "\n"


def _claim(request: Request) -> list[str]:
    return [
        *request.quote.lines(),
        "claim: TODO restate the claim in one plain sentence.",
        "speaker: the author  # who asserts it: the author, or the person quoted",
        f"verdict: unverified  # {' | '.join(VERDICTS)}",
        f"checked: {request.today.isoformat()}  # the day you checked the sources",
        "note: TODO why this verdict, in Markdown, citing the sources below.",
        "# sources:  # at least one, unless the verdict is unverified or opinion",
        "#   - title: The article's title",
        "#     url: https://example.org/article",
    ]


def _term(request: Request) -> list[str]:
    term = request.term or request.quote.quote
    # The quote is a form that occurs: kept as an alias when the term is written otherwise.
    aliases = list(dict.fromkeys(a for a in (request.quote.quote, *request.aliases) if a != term))
    return [
        f"term: {scalar(term)}",
        f"aliases: [{', '.join(scalar(a, flow=True) for a in aliases)}]" if aliases else "# aliases: [other forms, abbreviations]",
        "definition: TODO what the term means, in Markdown.",
        "# see_also: [other-annotation-id]",
    ]


def _xref(request: Request) -> list[str]:
    lines = ["from:", *request.quote.lines("  "), "to:"]
    if request.to is not None:
        lines += request.to.lines("  ")
    elif request.to_annotation:
        lines.append(f"  annotation: {scalar(request.to_annotation)}")
    else:
        lines += [f"  url: {scalar(request.to_url)}", f"  title: {scalar(request.to_title)}"]
    return [
        *lines,
        f"relation: {request.relation}  # {' | '.join(RELATIONS)}",
        "note: TODO how the passages relate, in Markdown.",
    ]


def _quotation(request: Request) -> list[str]:
    lines = ["start:", *request.quote.lines("  ")]
    if request.end is not None:
        lines += ["end:", *request.end.lines("  ")]
    lines += [
        "source:",
        f"  title: {scalar(request.source_title)}",
        f"  url: {scalar(request.source_url)}",
        "  # author: Who wrote it",
    ]
    if request.speaker:
        lines.append(f"speaker: {scalar(request.speaker)}")
    return lines


_WRITERS = {"claims": _claim, "glossary": _term, "xrefs": _xref, "quotations": _quotation}
