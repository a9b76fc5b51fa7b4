"""Checked values -> the frozen annotation model of `..model`, one builder per kind.

The values have been checked already (module `.check`), so the builders only
assemble them; the one thing left to report is an annotation that refers to
itself, which only the finished annotation shows.
"""

from __future__ import annotations

from typing import Any, Callable, Union

from ..model import Annotation, AnnotationTarget, Claim, CrossRef, Location, Quotation, Selector, Source, Term, UrlTarget
from .check import AnnotationFile, CheckedMapping

__all__ = ["build"]


def build(file: AnnotationFile, checked: CheckedMapping, kind_folder: str) -> Annotation:
    """The annotation of a `kind_folder` file whose top-level mapping is `checked`."""
    return _BUILDERS[kind_folder](file, checked)


def _common(file: AnnotationFile, checked: CheckedMapping) -> dict[str, Any]:
    values = checked.values
    return {
        "id": file.id,
        "where": Location(file.path),
        "tags": values.get("tags", ()),
        "contributors": values.get("contributors", ()),
        "updated": values.get("updated"),
    }


def _selector(checked: CheckedMapping) -> Selector:
    values = checked.values
    return Selector(values["quote"], values.get("prefix", ""), values.get("suffix", ""), checked.where("quote"))


def _source(checked: CheckedMapping) -> Source:
    values = checked.values
    get = values.get
    return Source(values["title"], values["url"], get("author"), get("publisher"), get("date"), get("quote"))


def _claim(file: AnnotationFile, checked: CheckedMapping) -> Claim:
    values = checked.values
    return Claim(
        **_common(file, checked),
        selector=_selector(checked),
        claim=values["claim"],
        speaker=values["speaker"],
        verdict=values["verdict"],
        checked=values["checked"],
        note=values["note"],
        sources=tuple(_source(source) for source in values.get("sources", ())),
    )


def _term(file: AnnotationFile, checked: CheckedMapping) -> Term:
    values = checked.values
    see_also = values.get("see_also", ())
    for other, where in see_also:
        if other == file.id:
            file.report(where, f"'see_also' lists this term's own id '{other}'", "remove it")
    return Term(
        **_common(file, checked),
        term=values["term"],
        aliases=values.get("aliases", ()),
        definition=values["definition"],
        case_sensitive=values.get("case_sensitive", True),
        see_also=tuple(other for other, _ in see_also),
        sources=tuple(_source(source) for source in values.get("sources", ())),
        see_also_where=tuple(where for _, where in see_also),
    )


def _xref(file: AnnotationFile, checked: CheckedMapping) -> CrossRef:
    values = checked.values
    return CrossRef(
        **_common(file, checked),
        from_=_selector(values["from"]),
        to=_to(file, *values["to"]),
        relation=values["relation"],
        note=values.get("note", ""),
    )


def _to(file: AnnotationFile, form: str, checked: CheckedMapping) -> Union[Selector, AnnotationTarget, UrlTarget]:
    """An xref's target, in the form `check` told apart (a PARTS table's name)."""
    if form == "selector":
        return _selector(checked)
    if form == "url-target":
        return UrlTarget(checked.values["url"], checked.values["title"])
    target = AnnotationTarget(checked.values["annotation"], checked.where("annotation"))
    if target.annotation == file.id:
        file.report(target.where, f"the xref points at itself ('{file.id}')", "point it at another annotation")
    return target


def _quotation(file: AnnotationFile, checked: CheckedMapping) -> Quotation:
    values = checked.values
    written = {getattr(key, "value", None) for key, _ in checked.node.pairs}
    if not {"source", "speaker"} & written:
        hint = "add `source: {title: ..., url: 'https://...'}`, or `speaker: ...` when the words have no source to cite"
        file.report(checked.start, "a quotation needs its source, or at least a speaker", hint, fatal=True)
    if "source" in written and "source" not in values:
        file.fatal = True  # a source written wrong (reported already) must not leave the words uncredited
    return Quotation(
        **_common(file, checked),
        start=_selector(values["start"]),
        end=_selector(values["end"]) if "end" in values else None,
        source=_source(values["source"]) if "source" in values else None,
        speaker=values.get("speaker"),
    )


_BUILDERS: dict[str, Callable[[AnnotationFile, CheckedMapping], Annotation]] = {
    "claims": _claim,
    "glossary": _term,
    "xrefs": _xref,
    "quotations": _quotation,
}
