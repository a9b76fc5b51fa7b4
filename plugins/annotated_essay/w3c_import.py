"""The W3C Web Annotation import: annotations from this project or another tool
(Hypothesis, ...) back into annotation files.

`plan(data, text)` is pure: it maps each W3C annotation to an annotation file
(its kind folder, id and YAML text) or says why it cannot. An annotation this
project exported carries its own fields (`ae:annotation`) and comes back
exactly. Any other is mapped by its motivation (the reverse of the export's:
assessing -> claim, describing -> glossary, linking -> xref, identifying ->
quotation) and its TextQuoteSelector, or its TextPositionSelector looked up in
the essay text. Every file is checked with the loader and its selectors
against the essay before it is accepted, so what is written passes `check`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from . import anchor
from .anchor import Match, TextMap
from .export import EXTENSION, MOTIVATIONS, EssayText
from .fields_out import FOLDER_OF_KIND, dump_fields
from .fields import CLAIM_LIMIT, MAX_ID_LENGTH
from .iris import slug
from .load import id_ok, load_text
from .model import VERDICTS, Claim, CrossRef, Quotation, Selector, Term

KIND_OF_MOTIVATION: dict[str, str] = {motivation: kind for kind, motivation in MOTIVATIONS.items()}


@dataclass(frozen=True)
class Planned:
    """One annotation file to write: `annotations/<folder>/<id>.yml`."""

    folder: str
    id: str
    text: str
    source: str  # the W3C annotation's id, for the report

    @property
    def relpath(self) -> str:
        return f"{self.folder}/{self.id}.yml"


@dataclass
class ImportPlan:
    """What an import would write, and each annotation it could not map, with why."""

    files: list[Planned] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


class ImportFormatError(ValueError):
    """The input is not W3C annotations at all (not a collection, page, list or annotation)."""


def items_of(data: Any) -> list[dict[str, Any]]:
    """The annotations of a collection (its embedded first page), a page, a list or one annotation."""
    if isinstance(data, list):
        return [item for d in data for item in items_of(d)]
    if not isinstance(data, dict):
        raise ImportFormatError("expected a JSON object or list of W3C annotations")
    kind = _types(data)
    if "AnnotationCollection" in kind:
        first = data.get("first")
        if isinstance(first, str):
            raise ImportFormatError(f"the collection's first page is not embedded ({first}): download the page and import it")
        return items_of(first) if first is not None else []
    if "AnnotationPage" in kind:
        return [item for item in data.get("items", []) if isinstance(item, dict)]
    if "Annotation" in kind:
        return [data]
    raise ImportFormatError(f"not a W3C annotation, page or collection (type: {data.get('type')!r})")


def _types(data: dict[str, Any]) -> set[str]:
    value = data.get("type", data.get("@type", ()))
    return {value} if isinstance(value, str) else set(value)


def plan(data: Any, text_map: TextMap, existing: set[str] = frozenset()) -> ImportPlan:  # type: ignore[assignment]
    """Map every annotation in `data`; `existing` are ids already used in the annotations folder."""
    result = ImportPlan()
    taken = set(existing)
    for item in items_of(data):
        label = str(item.get("id") or "an annotation without id")
        try:
            planned = _plan_one(item, text_map, taken, label)
        except _Skip as skip:
            result.skipped.append(f"{label}: {skip}")
            continue
        taken.add(planned.id)
        result.files.append(planned)
    return result


class _Skip(Exception):
    """Why one annotation cannot be mapped."""


def _plan_one(item: dict[str, Any], tm: TextMap, taken: set[str], label: str) -> Planned:
    own = item.get(EXTENSION)
    if isinstance(own, dict) and own.get("kind") in FOLDER_OF_KIND and isinstance(own.get("fields"), dict):
        kind, wanted, fields = own["kind"], str(own.get("id", "")), own["fields"]
    else:
        kind, wanted, fields = _foreign(item, tm)
    folder = FOLDER_OF_KIND[kind]
    ident = wanted if id_ok(wanted) else _id_from(item, fields)
    if ident in taken:
        raise _Skip(f"the id '{ident}' is already used in the annotations folder: not overwritten")
    text = dump_fields(fields)
    _check(text, folder, ident, tm)
    return Planned(folder, ident, text, label)


def _check(text: str, folder: str, ident: str, tm: TextMap) -> None:
    annotation, problems = load_text(text.encode("utf-8"), f"{folder}/{ident}.yml", folder, ident)
    errors = [p for p in problems if p.severity == "error"]
    if annotation is None or errors:
        raise _Skip("; ".join(p.message for p in errors) or "the annotation cannot be read")
    for selector in _selectors(annotation):
        found = len(anchor.find_quote(tm, selector))
        if found != 1:
            where = "not found in the essay" if not found else f"matches {found} places in the essay"
            raise _Skip(f'the quote "{selector.quote[:60]}" is {where}')


def _selectors(annotation: Any) -> list[Selector]:
    if isinstance(annotation, Claim):
        return [annotation.selector]
    if isinstance(annotation, CrossRef):
        return [annotation.from_, *([annotation.to] if isinstance(annotation.to, Selector) else [])]
    if isinstance(annotation, Quotation):
        return [annotation.start, *([annotation.end] if annotation.end else [])]
    return []


def _id_from(item: dict[str, Any], fields: dict[str, Any]) -> str:
    """An id from the annotation's IRI (its fragment or last segment), else from its words."""
    iri = str(item.get("id") or "")
    for candidate in (iri.rpartition("#")[2], iri.rstrip("/").rpartition("/")[2]):
        if id_ok(candidate.lower()):
            return candidate.lower()
    words = fields.get("term") or fields.get("quote") or (fields.get("from") or fields.get("start") or {}).get("quote", "")
    return slug(str(words))[:MAX_ID_LENGTH].strip("-") or "imported"


# --- annotations from other tools ---------------------------------------------


def _foreign(item: dict[str, Any], tm: TextMap) -> tuple[str, str, dict[str, Any]]:
    motivations = item.get("motivation") or []
    motivations = [motivations] if isinstance(motivations, str) else list(motivations)
    kind = next((KIND_OF_MOTIVATION[m] for m in motivations if m in KIND_OF_MOTIVATION), None)
    if kind is None:
        shown = ", ".join(motivations) or "none"
        known = ", ".join(f"{m} ({k})" for k, m in MOTIVATIONS.items())
        raise _Skip(f"its motivation ({shown}) has no kind here; mapped motivations: {known}")
    selector = _locate(_first_target(item.get("target")), tm)
    bodies = _bodies(item.get("body", item.get("bodyValue")))
    return kind, "", _FOREIGN[kind](item, selector, bodies, tm)


def _first_target(target: Any) -> dict[str, Any]:
    targets = target if isinstance(target, list) else [target]
    for t in targets:
        if isinstance(t, dict) and t.get("selector"):
            return t
    raise _Skip("its target has no selector: there is no passage of the essay to anchor to")


def _locate(target: dict[str, Any], tm: TextMap) -> dict[str, str]:
    """The shortest selector (quote, then prefix or suffix if needed) for the target's passage."""
    raw = target["selector"]
    selectors = [s for s in (raw if isinstance(raw, list) else [raw]) if isinstance(s, dict)]
    quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector" and s.get("exact")), None)
    position = next((s for s in selectors if s.get("type") == "TextPositionSelector"), None)
    text = EssayText.of(tm)
    if quote is None and position is None:
        kinds = ", ".join(str(s.get("type")) for s in selectors)
        raise _Skip(f"no TextQuoteSelector or TextPositionSelector among its selectors ({kinds})")
    at = _position(position, text)
    exact = quote["exact"] if quote else text.text[at[0] : at[1]]  # type: ignore[index]
    matches = anchor.find_quote(tm, Selector(exact))
    if not matches:
        raise _Skip(f'the quote "{exact[:60]}" is not in the essay')
    chosen = _choose(matches, quote, at, text, tm)
    if len(matches) == 1:
        return {"quote": exact}
    side, words = anchor.deciding_context(tm, matches, matches.index(chosen))
    if not side:
        raise _Skip(f'the quote "{exact[:60]}" occurs {len(matches)} times and no prefix or suffix decides')
    return {"quote": exact, side: words}


def _position(position: dict[str, Any] | None, text: EssayText) -> tuple[int, int] | None:
    if position is None:
        return None
    start, end = position.get("start"), position.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text.text)):
        raise _Skip(f"its TextPositionSelector ({start}, {end}) is outside the essay text")
    return start, end


def _choose(matches: list[Match], quote: dict[str, Any] | None, at: tuple[int, int] | None, text: EssayText, tm: TextMap) -> Match:
    """The match the selectors mean: the one the prefix and suffix fit, else the nearest to the position."""
    if quote and (quote.get("prefix") or quote.get("suffix")):
        fitting = anchor.find_quote(tm, Selector(quote["exact"], quote.get("prefix", ""), quote.get("suffix", "")))
        if len(fitting) == 1:
            return fitting[0]
    if at is not None:
        return min(matches, key=lambda m: abs(m.start - text.lead - at[0]))
    if len(matches) > 1:
        raise _Skip(f'the quote "{quote["exact"][:60]}" occurs {len(matches)} times and its prefix and suffix do not decide')  # type: ignore[index]
    return matches[0]


@dataclass
class _Bodies:
    text: str = ""  # the textual bodies, as Markdown-ish plain text
    links: list[str] = field(default_factory=list)  # http(s) resources
    tags: list[str] = field(default_factory=list)
    passages: list[dict[str, Any]] = field(default_factory=list)  # SpecificResources with selectors
    iris: list[str] = field(default_factory=list)  # other resources (not http or https)


def _bodies(raw: Any) -> _Bodies:
    found = _Bodies()
    texts: list[str] = []
    for body in raw if isinstance(raw, list) else [raw]:
        if isinstance(body, str):
            (found.links if body.startswith(("http://", "https://")) else texts).append(body)
        elif isinstance(body, dict):
            _body(body, found, texts)
    found.text = "\n\n".join(t.strip() for t in texts if t.strip())
    return found


def _body(body: dict[str, Any], found: _Bodies, texts: list[str]) -> None:
    if body.get("purpose") == "tagging" and isinstance(body.get("value"), str):
        found.tags.append(body["value"])
    elif isinstance(body.get("value"), str):
        value = body["value"]
        texts.append(html_to_text(value) if body.get("format") == "text/html" else value)
    elif body.get("selector"):
        found.passages.append(body)
    elif str(body.get("id", "")).startswith(("http://", "https://")):
        found.links.append(body["id"])
    elif body.get("id"):
        found.iris.append(str(body["id"]))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"p", "li", "br", "blockquote", "ul", "ol"}:
            self.parts.append("\n\n" if tag == "p" else "\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(value: str) -> str:
    """An HTML body's text, paragraphs kept apart (Markdown reads it as plain paragraphs)."""
    parser = _Text()
    parser.feed(value)
    parser.close()
    return re.sub(r"\n{3,}", "\n\n", "".join(parser.parts)).strip()


def _require_text(bodies: _Bodies, what: str) -> str:
    if not bodies.text:
        raise _Skip(f"it has no textual body to use as the {what}")
    return bodies.text


def _claim(item: dict[str, Any], selector: dict[str, str], bodies: _Bodies, tm: TextMap) -> dict[str, Any]:
    date = str(item.get("modified") or item.get("created") or "")[:10]
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise _Skip("a claim needs the date it was checked: the annotation has no created or modified date")
    note = _require_text(bodies, "claim's note")
    verdict = next((t for t in bodies.tags if t in VERDICTS), "unverified")
    sources = [{"title": url, "url": url} for url in bodies.links]
    if not sources and verdict not in ("unverified", "opinion"):
        verdict = "unverified"
    first_sentence = re.split(r"(?<=[.!?])\s", note.replace("\n", " "), maxsplit=1)[0]
    return {
        **selector,
        "claim": first_sentence[:CLAIM_LIMIT],
        "speaker": "the author",
        "verdict": verdict,
        "checked": date,
        "note": note,
        **({"sources": sources} if sources else {}),
        **_tags(bodies, exclude=VERDICTS),
    }


def _term(item: dict[str, Any], selector: dict[str, str], bodies: _Bodies, tm: TextMap) -> dict[str, Any]:
    return {"term": selector["quote"], "definition": _require_text(bodies, "definition"), **_tags(bodies)}


def _xref(item: dict[str, Any], selector: dict[str, str], bodies: _Bodies, tm: TextMap) -> dict[str, Any]:
    other = _annotation_link(item, bodies)
    if bodies.passages:
        to: dict[str, Any] = _locate(bodies.passages[0], tm)
        relation = "elaborates"
    elif other:
        to, relation = {"annotation": other}, "elaborates"
    elif bodies.links:
        to, relation = {"url": bodies.links[0], "title": bodies.links[0]}, "cites"
    else:
        raise _Skip("a link needs a body that is a web page or a passage of the essay")
    fields = {"from": selector, "to": to, "relation": relation, "note": bodies.text, **_tags(bodies)}
    return {k: v for k, v in fields.items() if v}


def _annotation_link(item: dict[str, Any], bodies: _Bodies) -> str | None:
    """The id of another annotation of this essay the body links to (`<essay IRI>#<id>`), if any."""
    sources = {t.get("source") for t in (item["target"] if isinstance(item["target"], list) else [item["target"]]) if isinstance(t, dict)}
    for link in [*bodies.links, *bodies.iris]:
        page, _, fragment = link.partition("#")
        if page in sources and id_ok(fragment):
            bodies.links = [other for other in bodies.links if other != link]
            return fragment
    return None


def _quotation(item: dict[str, Any], selector: dict[str, str], bodies: _Bodies, tm: TextMap) -> dict[str, Any]:
    if not bodies.links:
        raise _Skip("a quotation needs its source: a body that is a web page")
    url = bodies.links[0]
    start, end = _ends(selector, tm)
    return {"start": start, **({"end": end} if end else {}), "source": {"title": url, "url": url}, **_tags(bodies)}


def _ends(selector: dict[str, str], tm: TextMap) -> tuple[dict[str, str], dict[str, str] | None]:
    """A long passage as its first and last words, each the fewest that occur once in the essay."""
    words = selector["quote"].split(" ")
    if len(words) <= _ENDS_WORDS:
        return selector, None
    return _unique_words(words, tm, from_end=False), _unique_words(words, tm, from_end=True)


_ENDS_WORDS = 12


def _unique_words(words: list[str], tm: TextMap, from_end: bool) -> dict[str, str]:
    for count in range(3, len(words) + 1):
        quote = " ".join(words[-count:] if from_end else words[:count])
        if len(anchor.find_quote(tm, Selector(quote))) == 1:
            return {"quote": quote}
    raise _Skip("no run of the passage's first or last words occurs only once in the essay")


def _tags(bodies: _Bodies, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    tags = [t for t in bodies.tags if t not in exclude]
    return {"tags": tags} if tags else {}


_FOREIGN = {"claim": _claim, "glossary": _term, "xref": _xref, "quotation": _quotation}


def write(result: ImportPlan, folder: Path) -> list[Path]:
    """Write the planned files under the annotations `folder`; returns their paths."""
    written = []
    for planned in result.files:
        path = folder / planned.folder / f"{planned.id}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(planned.text, encoding="utf-8")
        written.append(path)
    return written


def import_file(build: Any, path: Path, dry_run: bool = False) -> int:
    """`annotated-essay import`: read `path`, write what maps, report the rest.

    Returns 0 when every annotation was mapped, 1 when some were not, 2 when the
    file cannot be read as W3C annotations.
    """
    import json
    import sys

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        result = plan(data, build.edition.text_map, _ids_in_use(build))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        print(f"{path}: error: {error}", file=sys.stderr)
        return 2
    folder = build.settings.annotations
    shown = _relative(folder, build.settings.base)
    if not dry_run:
        write(result, folder)
    verb = "would write" if dry_run else "wrote"
    for planned in result.files:
        print(f"{verb} {shown}/{planned.relpath}")
    for reason in result.skipped:
        print(f"{path}: not imported: {reason}", file=sys.stderr)
    print(f"{len(result.files)} imported, {len(result.skipped)} not imported")
    return 1 if result.skipped else 0


def _ids_in_use(build: Any) -> set[str]:
    return {a.id for a in build.annotations.annotations} | {r.id for r in build.annotations.rejected}


def _relative(folder: Path, base: Path) -> str:
    try:
        return folder.relative_to(base).as_posix()
    except ValueError:
        return folder.as_posix()
