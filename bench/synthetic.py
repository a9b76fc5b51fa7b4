"""A deterministic synthetic essay and annotation set, in the contract's format.

The essay is made of pseudo-words from a seeded generator, with the typographic
quotes and dashes the contract normalizes, a few bulleted lists, and coined
glossary terms (some of several words, some nested in longer ones, some case
insensitive) spread so that every term occurs. Every selector quotes a real
passage of the essay that occurs exactly once, as a contributor would write it
(straight quotes, plain hyphens).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from annotated_essay.files.scaffold import schema_line
from annotated_essay.files.write import dump_fields
from annotated_essay.anchoring.normalize import normalize

SEED = 20261126
VERDICTS = ("supported", "partly-supported", "disputed", "false", "outdated", "unverified", "opinion")
RELATIONS = ("restates", "elaborates", "supports", "contradicts", "responds-to", "cites")
LARGE = {"claims": 1000, "glossary": 300, "xrefs": 100, "quotations": 20}
"""The large set of the benchmark: 1,420 annotations."""

_SYLLABLES = "ba be bi bo da de di do fa fe fi ka ke ko la le li lo ma me mi mo na ne ni no pa pe po ra re ri ro sa se si so ta te ti to va ve vi".split()
_TERM_SYLLABLES = "zor quel vex thar xan yl gry zim qua vor".split()


@dataclass
class Essay:
    """The essay's blocks (paragraph text, or a list of item texts) and its glossary terms."""

    blocks: list[str | list[str]]
    terms: list[dict[str, Any]]
    text: str = ""  # the normalized text a selector is matched against

    def source(self) -> str:
        """The essay as a `.txt` file."""
        lines = []
        for block in self.blocks:
            lines.append("\n".join(f"- {item}" for item in block) if isinstance(block, list) else block)
        return "\n\n".join(lines) + "\n"


@dataclass
class Picker:
    """Picks unique passages of the essay, deterministically."""

    essay: Essay
    rng: random.Random
    paragraphs: list[int] = field(default_factory=list)  # indexes of plain paragraphs

    def passage(self, paragraph: int | None = None, words: tuple[int, int] = (4, 12)) -> dict[str, str]:
        """A selector for a passage found once in the essay (in `paragraph` if given)."""
        text = self.essay.text
        while True:
            index = self.rng.choice(self.paragraphs) if paragraph is None else paragraph
            tokens = normalize(str(self.essay.blocks[index])).split(" ")
            size = min(len(tokens), self.rng.randint(*words))
            start = self.rng.randrange(0, len(tokens) - size + 1)
            quote = " ".join(tokens[start : start + size])
            first = text.find(quote)
            if first >= 0 and text.find(quote, first + 1) < 0:
                selector = {"quote": quote}
                if self.rng.random() < 0.1 and start >= 2:
                    selector["prefix"] = " ".join(tokens[start - 2 : start])
                return selector


def make_essay(size: int = 310_000, terms: int = 2200, seed: int = SEED) -> Essay:
    """An essay of at least `size` bytes of UTF-8 in which each of `terms` terms occurs."""
    rng = random.Random(seed)
    words = _vocabulary(rng, 3000, _SYLLABLES, (1, 4))
    glossary = _terms(rng, terms)
    order = list(glossary)  # every term once, and the large set's terms again and again
    rng.shuffle(order)
    recurring = glossary[: LARGE["glossary"]]
    blocks: list[str | list[str]] = []
    total = 0
    while total < size or order:
        if rng.random() < 0.05:
            block: str | list[str] = [_sentence(rng, words, order, recurring, (4, 10)) for _ in range(rng.randint(2, 5))]
        else:
            block = " ".join(_sentence(rng, words, order, recurring, (8, 22)) for _ in range(rng.randint(3, 7)))
        blocks.append(block)
        total += len(str(block).encode()) + 2
    essay = Essay(blocks, glossary)
    essay.text = normalize(" ".join(" ".join(b) if isinstance(b, list) else b for b in blocks))
    return essay


def _vocabulary(rng: random.Random, count: int, syllables: list[str], length: tuple[int, int]) -> list[str]:
    seen: set[str] = set()
    while len(seen) < count:
        seen.add("".join(rng.choice(syllables) for _ in range(rng.randint(*length))))
    return sorted(seen)


def _terms(rng: random.Random, count: int) -> list[dict[str, Any]]:
    """Coined terms: single words, two-word phrases, and phrases that contain a shorter term."""
    heads = _vocabulary(rng, count, _TERM_SYLLABLES, (2, 4))
    terms: list[dict[str, Any]] = []
    for i, head in enumerate(heads):
        name = head.capitalize()
        if i % 3 == 1:
            name = f"{name} {rng.choice(['Compact', 'Trust', 'Doctrine', 'Protocol', 'Council'])}"
        elif i % 3 == 2 and terms:  # a longer term that contains an earlier one
            name = f"{terms[-1]['term']} {name}"
        term: dict[str, Any] = {"id": f"term-{i:05d}", "term": name}
        if i % 7 == 0:
            term["aliases"] = [f"{name}s"]
        if i % 11 == 0:
            term["case_sensitive"] = False
        terms.append(term)
    return terms


def _sentence(
    rng: random.Random, words: list[str], order: list[dict[str, Any]], recurring: list[dict[str, Any]], length: tuple[int, int]
) -> str:
    parts = [rng.choice(words) for _ in range(rng.randint(*length))]
    if order and rng.random() < 0.8:
        _insert_term(rng, parts, order.pop())
    if rng.random() < 0.2:
        _insert_term(rng, parts, rng.choice(recurring))
    roll = rng.random()
    if roll < 0.08:  # typographic quotes, which a contributor types straight
        at = rng.randrange(len(parts))
        parts[at] = f"\u201c{parts[at]}\u201d"
    elif roll < 0.14:
        at = rng.randrange(1, len(parts))
        parts[at] = f"\u2014 {parts[at]}"
    elif roll < 0.17:
        parts[-1] += "\u2026"
    sentence = " ".join(parts)
    return sentence[0].upper() + sentence[1:] + ("" if sentence.endswith("\u2026") else ".")


def _insert_term(rng: random.Random, parts: list[str], term: dict[str, Any]) -> None:
    parts.insert(rng.randrange(len(parts) + 1), rng.choice([term["term"], *term.get("aliases", [])]))


def make_annotations(essay: Essay, counts: dict[str, int], seed: int = SEED) -> dict[str, str]:
    """Annotation files, `{"claims/<id>.yml": yaml text, ...}`, as many of each kind as `counts` says."""
    rng = random.Random(seed + sum(counts.values()))
    plain = [i for i, b in enumerate(essay.blocks) if isinstance(b, str)]
    picker = Picker(essay, rng, plain)
    files: dict[str, str] = {}
    claims = [f"claim-{i:05d}" for i in range(counts.get("claims", 0))]
    for cid in claims:
        files[f"claims/{cid}.yml"] = _dump("claims", _claim(rng, picker))
    terms = essay.terms[: counts.get("glossary", 0)]
    if len(terms) < counts.get("glossary", 0):
        raise ValueError(f"the essay has {len(essay.terms)} terms, {counts['glossary']} asked for")
    known = claims + [t["id"] for t in terms]
    for term in terms:
        files[f"glossary/{term['id']}.yml"] = _dump("glossary", _term(rng, term, known))
    for i in range(counts.get("xrefs", 0)):
        files[f"xrefs/xref-{i:05d}.yml"] = _dump("xrefs", _xref(rng, picker, known, i))
    starts = _spaced(rng, plain, counts.get("quotations", 0))
    for i, start in enumerate(starts):
        files[f"quotations/quotation-{i:05d}.yml"] = _dump("quotations", _quotation(rng, picker, plain, start, i))
    return files


def _claim(rng: random.Random, picker: Picker) -> dict[str, Any]:
    verdict = rng.choice(VERDICTS)
    data: dict[str, Any] = {
        **picker.passage(),
        "claim": f"The essay says something checkable, number {rng.randrange(10**6)}.",
        "speaker": rng.choice(["the author", "Jane Doe", "a spokesperson"]),
        "verdict": verdict,
        "checked": datetime.date(2026, rng.randint(1, 12), rng.randint(1, 28)),
        "note": _markdown(rng),
    }
    if verdict not in ("unverified", "opinion") or rng.random() < 0.5:
        data["sources"] = [_source(rng) for _ in range(rng.randint(1, 3))]
    return data


def _term(rng: random.Random, term: dict[str, Any], known: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {"term": term["term"]}
    if "aliases" in term:
        data["aliases"] = term["aliases"]
    data["definition"] = _markdown(rng)
    if "case_sensitive" in term:
        data["case_sensitive"] = term["case_sensitive"]
    if rng.random() < 0.3:
        data["see_also"] = sorted({rng.choice(known) for _ in range(rng.randint(1, 3))} - {term["id"]})
    return data


def _xref(rng: random.Random, picker: Picker, known: list[str], i: int) -> dict[str, Any]:
    data: dict[str, Any] = {"from": picker.passage()}
    if i % 4 < 2:
        data["to"] = picker.passage()
    elif i % 4 == 2:
        data["to"] = {"annotation": rng.choice(known)}
    else:
        data["to"] = {"url": f"https://example.org/ref/{i}", "title": f"Reference {i}"}
    data["relation"] = rng.choice(RELATIONS)
    if rng.random() < 0.7:
        data["note"] = _markdown(rng)
    return data


def _quotation(rng: random.Random, picker: Picker, plain: list[int], start: int, i: int) -> dict[str, Any]:
    data: dict[str, Any] = {"start": picker.passage(start, (3, 6))}
    following = start + 1 + i % 3
    if i % 2 and following in plain and all(k in plain for k in range(start, following + 1)):
        data["end"] = picker.passage(following, (3, 6))
    data["source"] = _source(rng)
    return data


def _spaced(rng: random.Random, plain: list[int], count: int) -> list[int]:
    """`count` plain paragraphs at least five blocks apart, so quotations never overlap."""
    if not count:
        return []
    step = len(plain) // count
    return [plain[i * step + rng.randrange(max(1, step - 5))] for i in range(count)]


def _markdown(rng: random.Random) -> str:
    """A note like our own: a few sentences, some emphasis or a link, now and then a list."""
    n = rng.randrange(10**9)
    words = ["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(40, 70))]
    # In our own annotations one note in six has any Markdown; here one in four.
    if rng.random() < 0.15:
        words[3] = f"*{words[3]}*"
    if rng.random() < 0.15:
        words[-8] = f"[{words[-8]}](https://example.org/{n})"
    sentences = [" ".join(words[i : i + 12]).capitalize() + "." for i in range(0, len(words), 12)]
    text = "\n".join(" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2))
    if rng.random() < 0.05:
        text += "\n\n- first point\n- second point"
    return text


def _source(rng: random.Random) -> dict[str, Any]:
    n = rng.randrange(10**6)
    return {"title": f"Report {n}", "url": f"https://example.org/report/{n}", "publisher": "Example Press", "date": f"20{rng.randint(10, 26)}"}


def _dump(folder: str, data: dict[str, Any]) -> str:
    """A file as a contributor leaves it: the schema line `new` writes first, then the fields.

    The schema line is the one `new` writes in a site outside this repository
    (the schemas in `annotations/.schemas`); the fields are written as the
    importer writes them (multi-line notes as literal blocks), which is what a
    filled-in file from `new` looks like.
    """
    return f"{schema_line('../.schemas', folder)}\n{dump_fields(data)}"


def scaled_counts(total: int) -> dict[str, int]:
    """The large set's proportions for `total` annotations."""
    large = sum(LARGE.values())
    counts = {kind: max(1, round(n * total / large)) for kind, n in LARGE.items()}
    counts["claims"] += total - sum(counts.values())
    return counts


def write_site(folder: Path, essay: Essay, files: dict[str, str], name: str = "essay.txt") -> Path:
    """A minimal MkDocs site in `folder` with the essay and the annotation files; its mkdocs.yml."""
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(essay.source(), encoding="utf-8")
    annotations = folder / "annotations"
    annotations.mkdir(exist_ok=True)
    for rel, text in files.items():
        path = annotations / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    config = {
        "site_name": "Synthetic essay",
        "theme": {"name": "material"},
        "plugins": ["search", {"annotated-essay": {"essay": name, "annotations": "annotations"}}],
    }
    config_file = folder / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return config_file
