"""The text of a new annotation file: valid at once, with placeholders to replace.

`annotated-essay new` resolves the quotes against the essay first; this
module only writes the YAML, one function per kind, with a comment on each
placeholder saying what it should become.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from ..model import KIND_OF_FOLDER, RELATIONS, VERDICTS, Selector
from .edit import scalar
from .write import selector_fields

KIND_ALIASES: dict[str, str] = {"term": "glossary", **{name: folder for folder, kind in KIND_OF_FOLDER.items() for name in (folder, kind)}}
"""What `new` accepts as a kind, and the folder each one means."""


@dataclass
class Request:
    """Everything `new` was told, its quotes already resolved."""

    folder: str
    id: str
    quote: Selector
    to: Selector | None = None
    to_annotation: str = ""
    to_url: str = ""
    to_title: str = ""
    relation: str = "elaborates"
    end: Selector | None = None
    source_title: str = ""
    source_url: str = ""
    speaker: str = ""
    aliases: tuple[str, ...] = ()
    term: str = ""
    schemas: str = "../../plugins/annotated_essay/schemas"
    """The schemas' folder, relative to the new file's folder."""
    today: datetime.date = field(default_factory=datetime.date.today)


def file_text(request: Request) -> str:
    """The new file's YAML, starting with the line that tells editors where its JSON Schema is."""
    schema_line = f"# yaml-language-server: $schema={request.schemas}/{request.folder}.schema.json"
    return "\n".join([schema_line, *_WRITERS[request.folder](request)]) + "\n"


def _lines(selector: Selector, indent: str = "") -> list[str]:
    return [f"{indent}{key}: {scalar(value)}" for key, value in selector_fields(selector).items()]


def _claim(request: Request) -> list[str]:
    return [
        *_lines(request.quote),
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
    lines = ["from:", *_lines(request.quote, "  "), "to:"]
    if request.to is not None:
        lines += _lines(request.to, "  ")
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
    lines = ["start:", *_lines(request.quote, "  ")]
    if request.end is not None:
        lines += ["end:", *_lines(request.end, "  ")]
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
