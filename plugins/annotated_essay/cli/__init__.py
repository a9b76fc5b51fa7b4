"""The `annotated-essay` command: a thin layer over the core.

    annotated-essay check [-f mkdocs.yml] [--format text|github] [--fix]
    annotated-essay new <kind> <id> --quote "..." [-f mkdocs.yml] [...]
    annotated-essay schema [--write]
    annotated-essay prepare [-f mkdocs.yml] [--strict] [--watch] [--clean]

Each subcommand has its own `add_<name>` (its arguments) and `run_<name>`
(what it does) function, registered in `SUBCOMMANDS`. May import everything
but `..plugin`; reads mkdocs.yml through MkDocs' own loader, in one function.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, Callable, Sequence

from ..anchoring import anchor
from .. import site
from .mkdocs_yml import load_site
from ..fields import id_ok
from ..files.load import load_text
from ..model import RELATIONS, Problem, Selector
from ..anchoring.near import explain, not_found

Runner = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(prog="annotated-essay", description="Check and manage an annotated essay's annotations.")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, (add, run, help_text) in SUBCOMMANDS.items():
        sub = commands.add_parser(name, help=help_text, description=help_text)
        add(sub)
        sub.set_defaults(run=run)
    args = parser.parse_args(argv)
    return args.run(args)


def _config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", type=Path, help="the site's mkdocs.yml (default: %(default)s)")


# --------------------------------------------------------------------------
# check
# --------------------------------------------------------------------------


def add_check(parser: argparse.ArgumentParser) -> None:
    _config_argument(parser)
    parser.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="text: path:line:col: error: message, then a hint; github: workflow annotations",
    )
    parser.add_argument("--fix", action="store_true", help="rewrite selectors whose words changed in the essay, then check again")


def run_check_command(args: argparse.Namespace) -> int:
    if args.fix:
        status = run_fix(args.config_file)
        if status == 2:
            return status
    return run_check(args.config_file, args.format)


def run_check(config_file: Path, format: str = "text") -> int:
    """Print every problem, then a summary; 1 if there is any problem (as `--strict`), 2 if the site cannot be read."""
    try:
        build, _ = load_site(config_file, notes=False)  # problems only: no need to render the notes
    except site.SettingsError as error:
        print(f"{config_file}: error: {error}", file=sys.stderr)
        if format == "github":
            print(f"::error file={_escape_property(str(config_file))}::{_escape_data(str(error))}")
        return 2
    base = _display_base(config_file)
    for problem in build.problems:
        print(format_github(problem, base) if format == "github" else format_problem(problem, base))
    print(summary(build))
    return 1 if build.problems else 0


def run_fix(config_file: Path) -> int:
    """Apply every problem's fix to its file; print what changed. 2 if the site cannot be read."""
    from ..files.edit import EditError, set_selector

    try:
        build, _ = load_site(config_file)
    except site.SettingsError as error:
        print(f"{config_file}: error: {error}", file=sys.stderr)
        return 2
    root = config_file.resolve().parent
    base = _display_base(config_file)
    # Last place first: a line added for one selector must not move the next one's place.
    for problem in sorted((p for p in build.problems if p.fix), key=Problem.sort_key, reverse=True):
        path = root / problem.where.path
        try:
            text = path.read_text(encoding="utf-8")
            fixed = set_selector(text, problem.where.line, problem.where.column, dict(problem.fix))
        except (OSError, EditError) as error:
            print(f"{_shown(problem.where.path, base)}:{problem.where.line}: cannot fix: {error}", file=sys.stderr)
            continue
        path.write_text(fixed, encoding="utf-8")
        keys = ", ".join(key for key, _ in problem.fix)
        print(f"{_shown(problem.where.path, base)}:{problem.where.line}:{problem.where.column}: fixed {keys}: now the essay's words")
    return 0


def _display_base(config_file: Path) -> str:
    """The folder of mkdocs.yml as seen from here: problem paths are relative to it."""
    relative = os.path.relpath(config_file.resolve().parent, Path.cwd())
    return "" if relative == "." else relative


def _shown(path: str, base: str) -> str:
    return Path(base, path).as_posix() if base else path


def format_problem(problem: Problem, base: str = "") -> str:
    """`path:line:col: severity: message`, then the hint, indented, on lines of its own."""
    where = problem.where
    text = f"{_shown(where.path, base)}:{where.line}:{where.column}: {problem.severity}: {problem.message}"
    if not problem.hint:
        return text
    first, *rest = problem.hint.split("\n")
    return "\n".join([text, f"    hint: {first}", *(f"      {line}" for line in rest)])


def format_github(problem: Problem, base: str = "") -> str:
    """A GitHub Actions workflow command: the problem shows on the pull request's diff."""
    where = problem.where
    props = f"file={_escape_property(_shown(where.path, base))},line={where.line},col={where.column}"
    message = f"{problem.message}\nhint: {problem.hint}" if problem.hint else problem.message
    return f"::{problem.severity} {props}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    # The escapes of @actions/core's `issueCommand`.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def summary(build: site.SiteBuild) -> str:
    """One line: how many annotations, how many anchored, how many problems."""
    total = len(build.annotations.annotations) + len(build.annotations.rejected)
    placed = len(build.edition.placed)
    errors = sum(p.severity == "error" for p in build.problems)
    warnings = len(build.problems) - errors
    return f"{_count(total, 'annotation')}, {placed} anchored; {_count(errors, 'error')}, {_count(warnings, 'warning')}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


# --------------------------------------------------------------------------
# new
# --------------------------------------------------------------------------


def add_new(parser: argparse.ArgumentParser) -> None:
    from ..files.scaffold import KIND_ALIASES

    parser.add_argument("kind", choices=sorted(KIND_ALIASES), help="claim, term (glossary), xref or quotation")
    parser.add_argument("id", help="the new file's name without .yml: lowercase letters, digits and hyphens")
    parser.add_argument("--quote", required=True, help="the exact words of the essay (a glossary term: the term)")
    parser.add_argument("--occurrence", type=int, default=1, help="which place, when the quote occurs more than once (default: 1)")
    _config_argument(parser)
    target = parser.add_argument_group("xrefs: what the passage points to (one of)")
    target.add_argument("--to-quote", help="another passage of the essay")
    target.add_argument("--to-annotation", help="the id of another annotation")
    target.add_argument("--to-url", help="a page outside the essay (with --to-title)")
    target.add_argument("--to-title", help="the title of --to-url")
    target.add_argument("--relation", default="elaborates", choices=RELATIONS, help="how the passage relates to its target (default: %(default)s)")
    quoted = parser.add_argument_group("quotations")
    quoted.add_argument("--end-quote", help="the quotation's last words (default: it ends where --quote ends)")
    quoted.add_argument("--source-title", help="the source's title (required for a quotation)")
    quoted.add_argument("--source-url", help="the source's address (required for a quotation)")
    quoted.add_argument("--speaker", help="who speaks, where that is not the source's author")


def run_new(args: argparse.Namespace) -> int:
    """Write annotations/<folder>/<id>.yml; 1 (and nothing written) if it would not pass `check`."""
    from ..files.scaffold import KIND_ALIASES, Request, file_text

    folder = KIND_ALIASES[args.kind]
    usage = _new_usage_error(args, folder)
    if usage:
        print(f"error: {usage}", file=sys.stderr)
        return 1
    try:
        build, _ = load_site(args.config_file)
    except site.SettingsError as error:
        print(f"{args.config_file}: error: {error}", file=sys.stderr)
        return 2
    taken = _id_taken(build, args.id)
    if taken:
        print(f"error: the id '{args.id}' is already used by {taken}; ids are unique across all kinds", file=sys.stderr)
        return 1
    resolve = _Resolver(build, args.occurrence)
    request = Request(folder, args.id, resolve("quote", args.quote, need_place=folder != "glossary"))
    if folder == "xrefs":
        request.to = resolve("to-quote", args.to_quote) if args.to_quote else None
        request.to_annotation, request.to_url, request.to_title = args.to_annotation or "", args.to_url or "", args.to_title or ""
        request.relation = args.relation
    if folder == "quotations":
        request.end = resolve("end-quote", args.end_quote) if args.end_quote else None
        request.source_title, request.source_url, request.speaker = args.source_title, args.source_url, args.speaker or ""
    if resolve.failed:
        return 1
    return _write_new(build, args.config_file, request, file_text(request))


def _new_usage_error(args: argparse.Namespace, folder: str) -> str:
    if not id_ok(args.id):
        return f"'{args.id}' is not a valid id: use lowercase letters a-z, digits and single hyphens, at most 64 characters"
    if folder == "xrefs":
        targets = [bool(args.to_quote), bool(args.to_annotation), bool(args.to_url or args.to_title)]
        if sum(targets) != 1:
            return "an xref points at one thing: give --to-quote, or --to-annotation, or --to-url with --to-title"
        if bool(args.to_url) != bool(args.to_title):
            return "--to-url and --to-title go together"
    if folder == "quotations" and not (args.source_title and args.source_url):
        return "a quotation needs its source: --source-title and --source-url"
    return ""


def _id_taken(build: site.SiteBuild, id: str) -> str:
    """The file already using `id` (any kind, even one that failed to load), or ''."""
    folder = build.settings.annotations
    existing = sorted(folder.glob(f"*/{id}.*")) if folder.is_dir() else []
    if existing:
        return os.path.relpath(existing[0], build.settings.base)
    known = {a.id: a.where.path for a in build.annotations.annotations}
    known.update({r.id: r.where.path for r in build.annotations.rejected})
    return known.get(id, "")


_PLACES_LISTED = 8


class _Resolver:
    """Turns each quote given to `new` into a selector matching one place, or prints why it cannot."""

    def __init__(self, build: site.SiteBuild, occurrence: int) -> None:
        text_map = build.edition.text_map
        assert text_map is not None
        self.tm = text_map
        self.occurrence = occurrence
        self.failed = False

    def __call__(self, option: str, quote: str, need_place: bool = True):  # noqa: ANN204 (-> Selected)
        from ..files.scaffold import Selected

        selector = Selector(quote)
        matches = anchor.find_quote(self.tm, selector)
        if not matches:
            self._fail(option, not_found(self.tm, selector, f"--{option}"))
            return Selected(quote)
        if len(matches) == 1 or not need_place:
            return Selected(quote)
        if not 1 <= self.occurrence <= len(matches):
            print(f"error: --occurrence {self.occurrence}: the quote occurs {len(matches)} times", file=sys.stderr)
            self.failed = True
            return Selected(quote)
        index = self.occurrence - 1
        side, words = anchor.deciding_context(self.tm, matches, index)
        if not side:
            self._fail(option, explain(self.tm, selector, matches, f"--{option}"))
            return Selected(quote)
        print(f"note: --{option} occurs {len(matches)} times; `{side}: {words}` picks number {self.occurrence}:")
        for number, match in enumerate(matches[:_PLACES_LISTED], start=1):
            mark = "->" if number == self.occurrence else "  "
            print(f"  {mark} {number}. block {self.tm.block_number(match.start)}: {anchor.context(self.tm, match)}")
        if len(matches) > _PLACES_LISTED:
            print(f"     ... and {len(matches) - _PLACES_LISTED} more")
        print(f"  --occurrence N (1 to {len(matches)}) picks another")
        return Selected(quote, **{side: words})

    def _fail(self, option: str, problem: Problem) -> None:
        print(f"error: {problem.message}", file=sys.stderr)
        if problem.hint:
            first, *rest = problem.hint.split("\n")
            print("\n".join([f"    hint: {first}", *(f"      {line}" for line in rest)]), file=sys.stderr)
        self.failed = True


def _write_new(build: site.SiteBuild, config_file: Path, request: Any, text: str) -> int:
    """Check the new file as the loader will, then write it; never leaves a file that fails."""
    settings = build.settings
    path = settings.annotations / request.folder / f"{request.id}.yml"
    relpath = os.path.relpath(path, settings.base)
    annotation, problems = load_text(text.encode("utf-8"), relpath, request.folder, request.id)
    if annotation is None or problems:
        for problem in problems:
            print(format_problem(problem), file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as stream:  # "x": never overwrite
        stream.write(text)
    after, _ = load_site(config_file)
    mine = [p for p in after.problems if p.where.path == Path(relpath).as_posix() or request.id in p.message]
    if mine:
        path.unlink()
        for problem in mine:
            print(format_problem(problem), file=sys.stderr)
        print(f"error: {relpath} would not pass `annotated-essay check`; nothing written", file=sys.stderr)
        return 1
    print(f"wrote {_shown(relpath, _display_base(config_file))}: replace the TODO text, then run `annotated-essay check`")
    return 0


# --------------------------------------------------------------------------
# schema
# --------------------------------------------------------------------------


def add_schema(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--write", action="store_true", help="write the schemas into the package's schemas/ folder")
    parser.add_argument("--check", action="store_true", help="exit 1 if the written schemas are out of date")


def run_schema(args: argparse.Namespace) -> int:
    from ..files import schema

    return schema.main(write=args.write, check=args.check)


# --------------------------------------------------------------------------
# export, import: W3C Web Annotations (docs/interoperability.md)
# --------------------------------------------------------------------------


def add_export(parser: argparse.ArgumentParser) -> None:
    _config_argument(parser)


def run_export(args: argparse.Namespace) -> int:
    from ..interop.export import export_json

    build = _site_or_none(args.config_file)
    if build is None:
        return 2
    sys.stdout.write(export_json(build))
    return 0


def add_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="a W3C annotation collection, page, list or annotation (JSON-LD)")
    _config_argument(parser)
    parser.add_argument("--dry-run", action="store_true", help="report what would be written, write nothing")


def run_import(args: argparse.Namespace) -> int:
    from ..interop.w3c_import import import_file

    build = _site_or_none(args.config_file)
    return 2 if build is None else import_file(build, args.file, dry_run=args.dry_run)


def _site_or_none(config_file: Path) -> site.SiteBuild | None:
    try:
        return load_site(config_file)[0]
    except site.SettingsError as error:
        print(f"{config_file}: error: {error}", file=sys.stderr)
        return None


from .prepare import add_prepare, run_prepare  # noqa: E402 (it imports the helpers above)

SUBCOMMANDS: dict[str, tuple[Callable[[argparse.ArgumentParser], None], Runner, str]] = {
    "check": (add_check, run_check_command, "report every problem in the annotations, as path:line:col: message"),
    "new": (add_new, run_new, "write a new annotation file that passes check at once"),
    "schema": (add_schema, run_schema, "print or write the JSON Schemas editors use for annotation files"),
    "export": (add_export, run_export, "print every anchored annotation as a W3C Web Annotation collection (JSON-LD)"),
    "import": (add_import, run_import, "turn W3C Web Annotations into annotation files that pass check"),
    "prepare": (add_prepare, run_prepare, "write the essay's pages, assets and export into the docs folder, for a host without plugins (Zensical)"),
}
"""name -> (add its arguments, run it, one line of help)."""
