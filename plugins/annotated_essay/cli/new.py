"""`annotated-essay new <kind> <id> --quote "..." [...]`: a new annotation file that passes `check`."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from .. import site
from ..anchoring import anchor
from ..anchoring.near import explain, not_found
from ..fields import PLACEHOLDER_LEFT, id_ok
from ..files import schema
from ..files.load import load_text
from ..files.scaffold import KIND_ALIASES, Request, file_text
from ..model import KIND_OF_FOLDER, RELATIONS, AnnotationTarget, Problem, Selector, Source, UrlTarget, one_line
from .common import config_argument, display_base, format_problem, hint_lines, load_site, read_site, shown


def add_new(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=sorted(KIND_ALIASES), help="claim, term (glossary), xref or quotation")
    parser.add_argument("id", help="the new file's name without .yml: lowercase letters, digits and hyphens")
    parser.add_argument("--quote", required=True, help="the exact words of the essay (a glossary term: a form of it that occurs)")
    parser.add_argument("--occurrence", type=int, default=1, help="which place, when the quote occurs more than once (default: 1)")
    config_argument(parser)
    target = parser.add_argument_group("xrefs: what the passage points to (one of)")
    target.add_argument("--to-quote", help="another passage of the essay")
    target.add_argument("--to-annotation", help="the id of another annotation")
    target.add_argument("--to-url", help="a page outside the essay (with --to-title)")
    target.add_argument("--to-title", help="the title of --to-url")
    target.add_argument("--relation", default="elaborates", choices=RELATIONS, help="how the passage relates to its target (default: %(default)s)")
    term = parser.add_argument_group("terms")
    term.add_argument("--term", help="the term as the glossary shows it (default: the quote, which then needs no alias)")
    term.add_argument("--alias", action="append", metavar="FORM", help="another form that counts as the term (repeatable)")
    quoted = parser.add_argument_group("quotations")
    quoted.add_argument("--end-quote", help="the quotation's last words (default: it ends where --quote ends)")
    quoted.add_argument("--source-title", help="the source's title (required for a quotation)")
    quoted.add_argument("--source-url", help="the source's address (required for a quotation)")
    quoted.add_argument("--speaker", help="who speaks, where that is not the source's author")


def run_new(args: argparse.Namespace) -> int:
    """Write annotations/<folder>/<id>.yml; 1 (and nothing written) if it would not pass `check`."""
    folder = KIND_ALIASES[args.kind]
    if usage := _new_usage_error(args, folder):
        print(f"error: {usage}", file=sys.stderr)
        return 1
    build = read_site(args.config_file)[0]
    if taken := _id_taken(build, args.id):
        print(f"error: the id '{args.id}' is already used by {taken}; ids are unique across all kinds", file=sys.stderr)
        return 1
    resolve = _Resolver(build, args.occurrence)
    request = Request(
        folder,
        args.id,
        resolve("quote", args.quote, need_place=folder != "glossary"),
        relation=args.relation,
        speaker=args.speaker or "",
        source=Source(args.source_title or "", args.source_url or ""),
        term=args.term or "",
        aliases=tuple(args.alias or ()),
    )
    if folder == "xrefs":
        elsewhere = AnnotationTarget(args.to_annotation) if args.to_annotation else UrlTarget(args.to_url, args.to_title)
        request.to = resolve("to-quote", args.to_quote) if args.to_quote else elsewhere
    if folder == "quotations" and args.end_quote:
        request.end = resolve("end-quote", args.end_quote)
    if resolve.failed:
        return 1
    _warn(build, folder, request.quote)
    schemas = schema.for_site(build.settings.annotations, build.settings.base)
    text = file_text(request, Path(os.path.relpath(schemas, build.settings.annotations / folder)).as_posix())
    return _write_new(build, args.config_file, request, text)


def _warn(build: site.SiteBuild, folder: str, quote: Selector) -> None:
    """Say where the passage cuts a word in two, and which notes of the same kind cover it already."""
    tm, kind = build.edition.text_map, KIND_OF_FOLDER[folder]
    mine = anchor.find_quote(tm, quote)
    text = tm.text
    cuts = [p for m in mine for p in (m.start, m.end) if 0 < p < len(text) and text[p - 1].isalnum() and text[p].isalnum()]
    for p in cuts:
        word = re.search(r"\w*$", text[max(0, p - 64) : p])[0] + re.match(r"\w*", text[p : p + 64])[0]  # type: ignore[index]
        print(f"warning: the quote starts or ends inside the word '{word}': quote whole words", file=sys.stderr)
    for id, placement in build.edition.placed.items():
        spans = build.edition.spans.get(id, [])
        if placement.annotation.kind == kind and any(s.start < m.end and m.start < s.end for s in spans for m in mine):
            print(
                f"warning: {placement.annotation.where.path} ({kind} '{id}') already covers this passage: "
                f"if your note says the same, add to that file instead",
                file=sys.stderr,
            )


def _new_usage_error(args: argparse.Namespace, folder: str) -> str:
    if not id_ok(args.id):
        return f"'{args.id}' is not a valid id: use lowercase letters a-z, digits and single hyphens, at most 64 characters"
    if folder == "xrefs":
        if sum(map(bool, (args.to_quote, args.to_annotation, args.to_url or args.to_title))) != 1:
            return "an xref points at one thing: give --to-quote, or --to-annotation, or --to-url with --to-title"
        if bool(args.to_url) != bool(args.to_title):
            return "--to-url and --to-title go together"
    if folder != "glossary" and (args.term or args.alias):
        return "--term and --alias are for a glossary term (`new term ...`)"
    if folder == "quotations" and not (args.source_title and args.source_url):
        return "a quotation needs its source: --source-title and --source-url"
    return ""


def _id_taken(build: site.SiteBuild, id: str) -> str:
    """The file already using `id` (any kind, even one that failed to load), or ''."""
    folder = build.settings.annotations
    existing = sorted(folder.glob(f"*/{id}.*")) if folder.is_dir() else []
    if existing:
        return os.path.relpath(existing[0], build.settings.base)
    return {a.id: a.where.path for a in (*build.annotations.annotations, *build.annotations.rejected)}.get(id, "")


_PLACES_LISTED = 8


class _Resolver:
    """Turns each quote given to `new` into a selector matching one place, or prints why it cannot."""

    def __init__(self, build: site.SiteBuild, occurrence: int) -> None:
        self.tm = build.edition.text_map
        self.occurrence = occurrence
        self.failed = False

    def __call__(self, option: str, quote: str, need_place: bool = True) -> Selector:
        selector = Selector(quote)
        matches = anchor.find_quote(self.tm, selector)
        if not matches:
            self._fail(not_found(self.tm, selector, f"--{option}"))
        if len(matches) <= 1 or not need_place:
            return selector
        if not 1 <= self.occurrence <= len(matches):
            print(f"error: --occurrence {self.occurrence}: the quote occurs {len(matches)} times", file=sys.stderr)
            self.failed = True
            return selector
        side, words = anchor.deciding_context(self.tm, matches, self.occurrence - 1)
        if not side:
            self._fail(explain(self.tm, selector, matches, f"--{option}"))
            return selector
        print(f"note: --{option} occurs {len(matches)} times; `{side}: {words}` picks number {self.occurrence}:")
        for number, match in enumerate(matches[:_PLACES_LISTED], start=1):
            mark = "->" if number == self.occurrence else "  "
            print(f"  {mark} {number}. {self.tm.place(match.start)}: {anchor.context(self.tm, match)}")
        if len(matches) > _PLACES_LISTED:
            print(f"     ... and {len(matches) - _PLACES_LISTED} more")
        print(f"  --occurrence N (1 to {len(matches)}) picks another")
        return Selector(quote, **{side: words})

    def _fail(self, problem: Problem) -> None:
        print("\n".join([one_line(f"error: {problem.message}"), *hint_lines(problem)]), file=sys.stderr)
        self.failed = True


def _write_new(build: site.SiteBuild, config_file: Path, request: Request, text: str) -> int:
    """Check the new file as the loader will, then write it; never leaves a file that fails."""
    settings = build.settings
    path = settings.annotations / request.folder / f"{request.id}.yml"
    relpath = os.path.relpath(path, settings.base)
    # Its TODO placeholders are errors until the contributor replaces them; anything else must pass.
    left = lambda problem: PLACEHOLDER_LEFT not in problem.message  # noqa: E731
    annotation, problems = load_text(text.encode("utf-8"), relpath, request.folder, request.id)
    problems = list(filter(left, problems))
    if annotation is None or problems:
        for problem in problems:
            print(format_problem(problem), file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as stream:  # "x": never overwrite
        stream.write(text)
    problems = load_site(config_file)[0].problems
    mine = [p for p in problems if (p.where.path == Path(relpath).as_posix() or request.id in p.message) and left(p)]
    if mine:
        path.unlink()
        print("\n".join(map(format_problem, mine)), file=sys.stderr)
        print(f"error: {relpath} would not pass `annotated-essay check`; nothing written", file=sys.stderr)
        return 1
    print(f"wrote {shown(relpath, display_base(config_file))}: replace each TODO with your own words, then run `annotated-essay check`")
    return 0
