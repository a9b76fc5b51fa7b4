"""The way back from the model to an annotation file: fields as a contributor writes them.

The W3C export carries these fields (so another copy of the site can rebuild
the exact annotation), and the importer writes them as YAML. Empty optional
fields are left out, as a contributor would leave them out.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..fields import FIELDS
from ..model import KIND_OF_FOLDER, Annotation, AnnotationTarget, Claim, Selector, Source, Target

FOLDER_OF_KIND: dict[str, str] = {kind: folder for folder, kind in KIND_OF_FOLDER.items()}
"""The folder under annotations/ of each `data-kind`."""


def annotation_fields(annotation: Annotation) -> dict[str, Any]:
    """The annotation's file, as a mapping in the contract's field order: its kind's keys in `fields.FIELDS`."""
    written: dict[str, Any] = {}
    for name, spec in FIELDS[FOLDER_OF_KIND[annotation.kind]].items():
        # A claim's quote, prefix and suffix are its selector's; `from` is a Python keyword.
        holder = annotation.selector if isinstance(annotation, Claim) and spec.type == "quote" else annotation
        value = getattr(holder, "from_" if name == "from" else name)
        if spec.type in ("text-list", "id-list"):
            value = list(value)
        elif spec.type == "mapping-list":
            value = [source_fields(source) for source in value]
        elif spec.type == "bool":  # case_sensitive: written only when false
            value = None if value else False
        elif spec.type in ("mapping", "target") and value is not None:
            value = source_fields(value) if isinstance(value, Source) else target_fields(value)
        written[name] = value
    return _compact(written)


def selector_fields(selector: Selector) -> dict[str, Any]:
    """`quote`, and `prefix`/`suffix` when set."""
    return _compact({"quote": selector.quote, "prefix": selector.prefix, "suffix": selector.suffix})


def source_fields(source: Source) -> dict[str, Any]:
    """A source's mapping (the model's fields are the file's keys, in order)."""
    return _compact(vars(source))


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
