"""The way back from the model to an annotation file: fields as a contributor writes them.

The W3C export carries these fields (so another copy of the site can rebuild
the exact annotation), and the importer writes them as YAML. Empty optional
fields are left out, as a contributor would leave them out.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import yaml

from ..model import KIND_OF_FOLDER, Annotation, AnnotationTarget, Claim, CrossRef, Selector, Source, Target, Term

FOLDER_OF_KIND: dict[str, str] = {kind: folder for folder, kind in KIND_OF_FOLDER.items()}
"""The folder under annotations/ of each `data-kind`."""


def annotation_fields(annotation: Annotation) -> dict[str, Any]:
    """The annotation's file, as a mapping in the contract's field order."""
    if isinstance(annotation, Claim):
        fields = {
            **selector_fields(annotation.selector),
            **{name: getattr(annotation, name) for name in ("claim", "speaker", "verdict", "checked", "note")},
            "sources": [source_fields(s) for s in annotation.sources],
        }
    elif isinstance(annotation, Term):
        fields = {
            "term": annotation.term,
            "aliases": list(annotation.aliases),
            "definition": annotation.definition,
            "case_sensitive": None if annotation.case_sensitive else False,
            "see_also": list(annotation.see_also),
            "sources": [source_fields(s) for s in annotation.sources],
        }
    elif isinstance(annotation, CrossRef):
        fields = {
            "from": selector_fields(annotation.from_),
            "to": target_fields(annotation.to),
            "relation": annotation.relation,
            "note": annotation.note,
        }
    else:
        fields = {
            "start": selector_fields(annotation.start),
            "end": selector_fields(annotation.end) if annotation.end else None,
            "source": source_fields(annotation.source) if annotation.source else None,
            "speaker": annotation.speaker,
        }
    common = {"tags": list(annotation.tags), "contributors": list(annotation.contributors), "updated": annotation.updated}
    return _compact({**fields, **common})


def selector_fields(selector: Selector) -> dict[str, Any]:
    """`quote`, and `prefix`/`suffix` when set."""
    return _compact({"quote": selector.quote, "prefix": selector.prefix, "suffix": selector.suffix})


def source_fields(source: Source) -> dict[str, Any]:
    """A source's mapping (the model's fields are the file's keys, in order)."""
    return _compact(asdict(source))


def target_fields(target: Target) -> dict[str, Any]:
    """An xref's target: a selector's, an annotation's or a page's mapping."""
    if isinstance(target, Selector):
        return selector_fields(target)
    if isinstance(target, AnnotationTarget):
        return {"annotation": target.annotation}
    return {"url": target.url, "title": target.title}


def _compact(fields: dict[str, Any]) -> dict[str, Any]:
    # None, "" and [] mean "not written"; False (case_sensitive) is kept, as `in` compares with ==.
    return {k: v for k, v in fields.items() if v not in (None, "", [])}


class _Dumper(yaml.SafeDumper):
    """Block style for multi-line text, so notes stay readable in review."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump_fields(fields: dict[str, Any]) -> str:
    """The YAML text of an annotation file (strings that look like dates or booleans are quoted)."""
    return yaml.dump(fields, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
