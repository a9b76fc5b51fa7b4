"""Annotations written by other tools (Hypothesis, ...), mapped to this project's kinds
by the reverse of the export's motivations.

The passage comes from the TextQuoteSelector, or the TextPositionSelector looked up
in the essay text; where the words occur more than once, the prefix, suffix or
position decides, and the selector keeps only the words that decide. Anything that
cannot be mapped raises `NotMapped` with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

from ..anchoring import anchor
from ..anchoring.anchor import Match, TextMap
from ..anchoring.essaytext import EssayText
from .export import MOTIVATIONS
from ..fields import CLAIM_LIMIT, DATE, PLAIN_LIMIT, id_ok
from ..html.tree import parse_fragment
from ..model import VERDICTS, Selector

KIND_OF_MOTIVATION: dict[str, str] = {motivation: kind for kind, motivation in MOTIVATIONS.items()}


class NotMapped(Exception):
    """Why one annotation cannot become an annotation file."""


# What the import reads of an annotation, and the JSON type of each: a type; a
# mapping, for an object's members (each optional); [shape], for one value of
# that shape or a list of them; (a, b), for either. Checked before anything is read.
_SELECTOR = {"type": str, "exact": str, "prefix": str, "suffix": str, "start": int, "end": int}
_RESOURCE = {"id": str, "source": str, "purpose": str, "value": str, "format": str, "selector": [_SELECTOR]}
SHAPE: dict[str, Any] = {
    "id": str, "type": [str], "@type": [str], "motivation": [str], "created": str, "modified": str,
    "target": [(str, _RESOURCE)], "body": [(str, _RESOURCE)], "bodyValue": str, "ae:annotation": str,
}
_JSON_NAMES = {str: "a string", int: "a whole number", float: "a number", bool: "true or false", list: "a list", dict: "an object", type(None): "null"}


def shape_problem(value: Any, shape: Any, path: str) -> str | None:
    """Where `value` (read from JSON) is not of `shape`, and what is wrong; None if it is."""
    where = f"{path}: " if path else ""
    if isinstance(shape, list):
        if not isinstance(value, list):
            return shape_problem(value, shape[0], path)
        return next(filter(None, (shape_problem(v, shape[0], f"{path}[{i}]") for i, v in enumerate(value))), None)
    if isinstance(shape, tuple):
        found = [shape_problem(value, alternative, path) for alternative in shape]
        return None if None in found else found[-1]
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            return f"{where}expected an object, found {_JSON_NAMES[type(value)]}"
        return next(filter(None, (shape_problem(value[k], s, f"{path}.{k}".lstrip(".")) for k, s in shape.items() if k in value)), None)
    if type(value) is not shape:  # not isinstance: true and false are not numbers here
        return f"{where}expected {_JSON_NAMES[shape]}, found {_JSON_NAMES[type(value)]}"
    return None


def foreign_fields(item: dict[str, Any], tm: TextMap) -> tuple[str, dict[str, Any]]:
    """The kind and the annotation-file fields of an annotation written by another tool."""
    motivations = item.get("motivation") or []
    motivations = [motivations] if isinstance(motivations, str) else list(motivations)
    kind = next((KIND_OF_MOTIVATION[m] for m in motivations if m in KIND_OF_MOTIVATION), None)
    if kind is None:
        shown = ", ".join(motivations) or "none"
        known = ", ".join(f"{m} ({k})" for k, m in MOTIVATIONS.items())
        raise NotMapped(f"its motivation ({shown}) has no kind here; mapped motivations: {known}")
    selector = _locate(_first_target(item.get("target")), tm)
    bodies = _bodies(item.get("body", item.get("bodyValue")))
    if kind == "claim":
        return kind, _claim(item, bodies, selector)
    if kind == "glossary":
        return kind, {"term": selector["quote"], "definition": _require_text(bodies, "definition"), **_tags(bodies)}
    if kind == "xref":
        return kind, _xref(item, bodies, selector, tm)
    return kind, _quotation(bodies, selector, tm)


def _first_target(target: Any) -> dict[str, Any]:
    targets = target if isinstance(target, list) else [target]
    for t in targets:
        if isinstance(t, dict) and t.get("selector"):
            return t
    raise NotMapped("its target has no selector: there is no passage of the essay to anchor to")


def _locate(target: dict[str, Any], tm: TextMap) -> dict[str, str]:
    """The shortest selector (quote, then prefix or suffix if needed) for the target's passage."""
    raw = target["selector"]
    selectors = [s for s in (raw if isinstance(raw, list) else [raw]) if isinstance(s, dict)]
    quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector" and s.get("exact")), None)
    position = next((s for s in selectors if s.get("type") == "TextPositionSelector"), None)
    text = EssayText.of(tm)
    if quote is None and position is None:
        kinds = ", ".join(str(s.get("type")) for s in selectors)
        raise NotMapped(f"no TextQuoteSelector or TextPositionSelector among its selectors ({kinds})")
    at: tuple[int, int] | None = None
    if position is not None:
        start, end = position.get("start"), position.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text.text)):
            raise NotMapped(f"its TextPositionSelector ({start}, {end}) is outside the essay text")
        at = start, end
    exact = quote["exact"] if quote else text.text[at[0] : at[1]]  # type: ignore[index]
    matches = anchor.find_quote(tm, Selector(exact))
    if not matches:
        raise NotMapped(f'the quote "{exact[:60]}" is not in the essay')
    if len(matches) == 1:
        return {"quote": exact}
    side, words = anchor.deciding_context(tm, matches, matches.index(_choose(matches, quote, at, text, tm)))
    if not side:
        raise NotMapped(f'the quote "{exact[:60]}" occurs {len(matches)} times and no prefix or suffix decides')
    return {"quote": exact, side: words}


def _choose(matches: list[Match], quote: dict[str, Any] | None, at: tuple[int, int] | None, text: EssayText, tm: TextMap) -> Match:
    """Of several matches, the one the selectors mean: the one the prefix and suffix fit, else the nearest to the position."""
    if quote and (quote.get("prefix") or quote.get("suffix")):
        fitting = anchor.find_quote(tm, Selector(quote["exact"], quote.get("prefix", ""), quote.get("suffix", "")))
        if len(fitting) == 1:
            return fitting[0]
    if at is not None:
        return min(matches, key=lambda m: abs(text.at(m.start) - at[0]))
    raise NotMapped(f'the quote "{quote["exact"][:60]}" occurs {len(matches)} times and its prefix and suffix do not decide')  # type: ignore[index]


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
        elif not isinstance(body, dict):
            continue
        elif body.get("purpose") == "tagging" and isinstance(body.get("value"), str):
            found.tags.append(body["value"])
        elif isinstance(body.get("value"), str):
            texts.append(html_to_text(body["value"]) if body.get("format") == "text/html" else body["value"])
        elif body.get("selector"):
            found.passages.append(body)
        elif str(body.get("id", "")).startswith(("http://", "https://")):
            found.links.append(body["id"])
        elif body.get("id"):
            found.iris.append(str(body["id"]))
    found.text = "\n\n".join(t.strip() for t in texts if t.strip())
    return found


_BREAKS = {"p": "\n\n", "li": "\n", "br": "\n", "blockquote": "\n", "ul": "\n", "ol": "\n"}


def html_to_text(value: str) -> str:
    """An HTML body's text, paragraphs kept apart (Markdown reads it as plain paragraphs)."""
    parts: list[str] = []

    def walk(el: Element) -> None:
        parts.append(el.text or "")
        for child in el:
            parts.append(_BREAKS.get(child.tag, ""))
            walk(child)
            parts.append(child.tail or "")

    walk(parse_fragment(value))
    return re.sub(r"\n{3,}", "\n\n", "".join(parts)).strip()


def _require_text(bodies: _Bodies, what: str) -> str:
    if not bodies.text:
        raise NotMapped(f"it has no textual body to use as the {what}")
    return bodies.text


def _claim(item: dict[str, Any], bodies: _Bodies, selector: dict[str, str]) -> dict[str, Any]:
    date = str(item.get("modified") or item.get("created") or "")[:10]
    if not DATE.fullmatch(date):
        raise NotMapped("a claim needs the date it was checked: the annotation has no created or modified date")
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


def _xref(item: dict[str, Any], bodies: _Bodies, selector: dict[str, str], tm: TextMap) -> dict[str, Any]:
    other = _annotation_link(item, bodies)
    if bodies.passages:
        to, relation = _locate(bodies.passages[0], tm), "elaborates"
    elif other:
        to, relation = {"annotation": other}, "elaborates"
    elif bodies.links:
        to, relation = {"url": bodies.links[0], "title": bodies.links[0]}, "cites"
    else:
        raise NotMapped("a link needs a body that is a web page or a passage of the essay")
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


def _quotation(bodies: _Bodies, selector: dict[str, str], tm: TextMap) -> dict[str, Any]:
    start, end = _ends(selector, tm)
    if bodies.links:
        credit: dict[str, Any] = {"source": {"title": bodies.links[0], "url": bodies.links[0]}}
    else:  # words with no source to cite: who speaks, from the note's first line
        speaker = bodies.text.strip().split("\n")[0].removeprefix("Speaker:").strip()
        if not speaker:
            raise NotMapped("a quotation needs its source (a body that is a web page) or a note that says who speaks")
        credit = {"speaker": speaker[:PLAIN_LIMIT]}
    return {"start": start, **({"end": end} if end else {}), **credit, **_tags(bodies)}


def _ends(selector: dict[str, str], tm: TextMap) -> tuple[dict[str, str], dict[str, str] | None]:
    """A long passage as its first and last words, each the fewest that occur once in the essay."""
    words = selector["quote"].split(" ")
    if len(words) <= 12:  # a short passage is quoted whole
        return selector, None
    return _unique_words(words, tm, from_end=False), _unique_words(words, tm, from_end=True)


def _unique_words(words: list[str], tm: TextMap, from_end: bool) -> dict[str, str]:
    for count in range(3, len(words) + 1):
        quote = " ".join(words[-count:] if from_end else words[:count])
        if len(anchor.find_quote(tm, Selector(quote))) == 1:
            return {"quote": quote}
    raise NotMapped("no run of the passage's first or last words occurs only once in the essay")


def _tags(bodies: _Bodies, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    tags = [t for t in bodies.tags if t not in exclude]
    return {"tags": tags} if tags else {}
