"""The text of a new annotation file: valid at once, with placeholders to replace.

`annotated-essay new` resolves the quotes against the essay first; this
module only writes the YAML, one function per kind, with a comment on each
placeholder saying what it should become.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..model import KIND_OF_FOLDER, RELATIONS, VERDICTS, Selector, Source, Target, UrlTarget
from .edit import scalar
from .write import selector_fields, source_fields, target_fields

KIND_ALIASES: dict[str, str] = {"term": "glossary", **{name: folder for folder, kind in KIND_OF_FOLDER.items() for name in (folder, kind)}}
"""What `new` accepts as a kind, and the folder each one means."""


@dataclass
class Request:
    """Everything `new` was told, its quotes already resolved."""

    folder: str
    id: str
    quote: Selector
    to: Target = UrlTarget("", "")
    relation: str = "elaborates"
    end: Selector | None = None
    source: Source = Source("", "")
    speaker: str = ""
    aliases: tuple[str, ...] = ()
    term: str = ""


def schema_line(schemas: str, folder: str) -> str:
    """The first line of a new file: where editors find its JSON Schema (`schemas`: its folder, from the file's)."""
    return f"# yaml-language-server: $schema={schemas}/{folder}.schema.json"


def file_text(request: Request, schemas: str) -> str:
    """The new file's YAML, starting with the line that tells editors where its JSON Schema is."""
    return "\n".join([schema_line(schemas, request.folder), *_WRITERS[request.folder](request)]) + "\n"


def _lines(fields: dict[str, str], indent: str = "  ") -> list[str]:
    return [f"{indent}{key}: {scalar(value)}" for key, value in fields.items()]


def _claim(request: Request) -> list[str]:
    return [
        *_lines(selector_fields(request.quote), ""),
        "claim: TODO restate the claim in one plain sentence.",
        "speaker: the author  # who asserts it: the author, or the person quoted",
        f"verdict: unverified  # {' | '.join(VERDICTS)}",
        f"checked: {datetime.date.today().isoformat()}  # the day you checked the sources",
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
    return [
        "from:",
        *_lines(selector_fields(request.quote)),
        "to:",
        *_lines(target_fields(request.to)),
        f"relation: {request.relation}  # {' | '.join(RELATIONS)}",
        "note: TODO how the passages relate, in Markdown.",
    ]


def _quotation(request: Request) -> list[str]:
    lines = ["start:", *_lines(selector_fields(request.quote))]
    if request.end is not None:
        lines += ["end:", *_lines(selector_fields(request.end))]
    lines += ["source:", *_lines(source_fields(request.source)), "  # author: Who wrote it"]
    if request.speaker:
        lines.append(f"speaker: {scalar(request.speaker)}")
    return lines


_WRITERS = {"claims": _claim, "glossary": _term, "xrefs": _xref, "quotations": _quotation}
