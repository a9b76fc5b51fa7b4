"""Untrusted YAML -> a small tree of located nodes.

The loader never lets PyYAML build Python values: values are built here from
parser events, so every value keeps its line and column, nothing is resolved
(an unquoted `no` stays the text "no"), and anchors, aliases and explicit tags
are reported instead of expanded or constructed. Walking events rather than
`yaml.compose` means an alias is never turned into a shared (or cyclic) node.

A file in the usual shape (see `_fast_parse`) is read line by line instead,
to the very same nodes: most files never reach libyaml.
"""

from __future__ import annotations

import functools
import re
from typing import Callable, TypeVar, Union

import yaml

from ..model import Location, Problem

LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML was built with it: faster, same events."""

MAX_DEPTH = 32
"""Annotations nest three levels deep; anything far deeper is an attack or a mistake."""

# The characters YAML 1.1 allows in a stream (PyYAML's Reader.NON_PRINTABLE).
# Checked here so the location is the same with either parser: libyaml reports
# a byte offset, the pure-Python reader a character index.
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_PRINTABLE_ASCII = bytes([0x09, 0x0A, 0x0D, *range(0x20, 0x7F)])
"""The part of that set that is ASCII."""

NULLS = frozenset({"", "~", "null", "Null", "NULL"})
"""What YAML reads as "nothing" when written unquoted."""


class Node:
    """A YAML node with where it starts.

    `flagged` marks a node carrying an anchor or explicit tag: it has been
    reported already, and its value must not be trusted.
    """

    __slots__ = ("line", "column", "flagged")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column
        self.flagged = False

    def at(self, path: str) -> Location:
        """Where the node starts, in the file at `path`."""
        return Location(path, self.line, self.column)


class Scalar(Node):
    """Text as written: never resolved to a number, bool or date."""

    __slots__ = ("value", "plain")

    def __init__(self, line: int, column: int, value: str, plain: bool) -> None:
        # Node.__init__ written out: scalars are most nodes, and the extra call shows.
        self.line = line
        self.column = column
        self.flagged = False
        self.value = value
        self.plain = plain

    @property
    def is_null(self) -> bool:
        """True for an empty value or an unquoted `~`/`null`: YAML's "nothing"."""
        return self.plain and self.value in NULLS


class Seq(Node):
    """A list."""

    __slots__ = ("items",)

    def __init__(self, line: int, column: int) -> None:
        # Node.__init__ written out, as in Scalar: one call less per collection.
        self.line = line
        self.column = column
        self.flagged = False
        self.items: list[AnyNode] = []


class Map(Node):
    """A mapping, its pairs in the order written (duplicates included)."""

    __slots__ = ("pairs",)

    def __init__(self, line: int, column: int) -> None:
        # Node.__init__ written out, as in Scalar: one call less per collection.
        self.line = line
        self.column = column
        self.flagged = False
        self.pairs: list[tuple[AnyNode, AnyNode]] = []


class Alias(Node):
    """Where an alias (`*name`) stood; it is never resolved."""

    __slots__ = ()


AnyNode = Union[Scalar, Seq, Map, Alias]
_N = TypeVar("_N", Scalar, Seq, Map)


def describe(node: AnyNode) -> str:
    """A short name of what a node is, for messages ("a list", "nothing")."""
    if isinstance(node, Map):
        return "a mapping"
    if isinstance(node, Seq):
        return "a list"
    if isinstance(node, Alias):
        return "an alias"
    return "nothing" if node.is_null else "text"


def position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of character `index` in `text`."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 bytes -> text, or a problem at the first byte that is not UTF-8."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        good = data[: error.start].decode("utf-8")
        line, column = position(good, len(good))
        bad = data[error.start : error.start + 1].hex()
        problem = Problem(
            Location(path, line, column),
            f"the file is not valid UTF-8 (byte 0x{bad})",
            "save the file with UTF-8 encoding",
        )
        return None, [problem]
    # Editors hide a byte-order mark; dropping it keeps columns as they see them.
    return text.removeprefix("\ufeff"), []


def parse(text: str, path: str) -> tuple[AnyNode | None, bool, list[Problem]]:
    """Parse one YAML document into nodes.

    Returns (root, fatal, problems). `root` is None for an empty stream;
    `fatal` is True when the text could not be parsed to the end (the root,
    if any, is then incomplete and must not be used).
    """
    bad = None if _all_printable_ascii(text) else _NOT_PRINTABLE.search(text)
    if bad:
        line, column = position(text, bad.start())
        message = f"character U+{ord(bad.group()):04X} is not allowed in YAML"
        return None, True, [Problem(Location(path, line, column), message, "remove it")]
    fast = _fast_parse(text)
    if fast is not None:
        return fast, False, []
    problems: list[Problem] = []
    try:
        root, more = _read(text, path, problems)
    except yaml.MarkedYAMLError as error:
        return None, True, [*problems, _syntax_problem(error, text, path)]
    except yaml.YAMLError as error:
        return None, True, [*problems, Problem(Location(path), f"YAML error: {error}")]
    except _TooDeep as error:
        return None, True, [*problems, error.problem]
    # Two documents are two annotations in one file: which one was meant is unclear.
    return root, more, problems


def _read(text: str, path: str, problems: list[Problem]) -> tuple[AnyNode | None, bool]:
    """Build the nodes of `text`, adding anchors, aliases and tags to `problems`."""
    parser = LOADER(text)
    try:
        return _Builder(path, parser.get_event, problems).stream()
    finally:
        parser.dispose()


def _all_printable_ascii(text: str) -> bool:
    """True for the usual text: deleting the allowed bytes in one C pass is ten times faster than a regex scan."""
    return text.isascii() and not text.encode("ascii").translate(None, _PRINTABLE_ASCII)


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, path: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    where = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
    message = f"YAML syntax error: {error.problem or error.context or 'cannot parse'}"
    hint = "check the indentation and quoting"
    if mark and _char_at(text, mark.line, mark.column) == "\t":
        hint = "indent with spaces: YAML does not allow tabs there"
    context = error.context_mark
    if error.context and error.problem and context and context.line != getattr(error.problem_mark, "line", None):
        hint = f"{error.context} that starts at line {context.line + 1}; {hint}"
    return Problem(where, message, hint)


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    return lines[line][column : column + 1] if 0 <= line < len(lines) else ""


class _TooDeep(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class _Builder:
    """Turns parser events into nodes, one collection per call (nesting is capped at MAX_DEPTH)."""

    def __init__(self, path: str, next_event: Callable[[], yaml.Event], problems: list[Problem]) -> None:
        self.path = path
        self.next_event = next_event
        self.problems = problems

    def stream(self) -> tuple[AnyNode | None, bool]:
        """(the first document's root, whether a second document starts); stops there."""
        next_event = self.next_event
        next_event()  # StreamStartEvent
        root = None
        documents = 0
        while not isinstance(event := next_event(), yaml.StreamEndEvent):
            documents += 1
            if documents > 1:
                hint = "keep one annotation per file: remove the '---' line and what follows"
                self._report(event, "more than one YAML document", hint)
                return root, True
            root = self.node(next_event(), 0)
            next_event()  # DocumentEndEvent
        return root, False

    def node(self, event: yaml.Event, depth: int) -> AnyNode:
        """The node that `event` starts; `depth` collections are open around it."""
        kind = type(event)
        line, column = event.start_mark.line + 1, event.start_mark.column + 1
        if kind is yaml.ScalarEvent:
            return self._checked(event, Scalar(line, column, event.value, not event.style))
        if kind is yaml.AliasEvent:
            hint = "write the value out instead of referring to an anchor"
            self._report(event, f"alias '*{event.anchor}' is not allowed", hint)
            alias = Alias(line, column)
            alias.flagged = True
            return alias
        if depth >= MAX_DEPTH:
            message = f"values are nested more than {MAX_DEPTH} levels deep"
            raise _TooDeep(Problem(self._where(event), message, "flatten the file"))
        next_event, node = self.next_event, self.node
        if kind is yaml.MappingStartEvent:
            mapping = self._checked(event, Map(line, column))
            while type(key := next_event()) is not yaml.MappingEndEvent:
                mapping.pairs.append((node(key, depth + 1), node(next_event(), depth + 1)))
            return mapping
        sequence = self._checked(event, Seq(line, column))
        while type(item := next_event()) is not yaml.SequenceEndEvent:
            sequence.items.append(node(item, depth + 1))
        return sequence

    def _checked(self, event: yaml.NodeEvent, node: _N) -> _N:
        """`node`, flagged (and reported) when it carries an anchor or an explicit tag."""
        if event.anchor is not None or event.tag is not None:
            self._flag(event, node)
        return node

    def _flag(self, event: yaml.NodeEvent, node: AnyNode) -> None:
        """Report an anchor or explicit tag on `node` and mark it untrusted."""
        if event.anchor is not None:
            hint = "remove it: anchors and aliases are not supported"
            self._report(event, f"anchor '&{event.anchor}' is not allowed", hint)
        if event.tag is not None:
            shown = event.tag.replace("tag:yaml.org,2002:", "!!", 1)
            hint = "remove it: values are plain text, lists and mappings"
            self._report(event, f"tag '{shown}' is not allowed", hint)
        node.flagged = True

    def _where(self, event: yaml.Event) -> Location:
        return Location(self.path, event.start_mark.line + 1, event.start_mark.column + 1)

    def _report(self, event: yaml.Event, message: str, hint: str) -> None:
        self.problems.append(Problem(self._where(event), message, hint))


# --------------------------------------------------------------------------
# The usual shape, read without libyaml
# --------------------------------------------------------------------------

_KEY = r"([A-Za-z_][A-Za-z0-9_-]{0,63}):(?: +(?=[^ ])|$)"
"""`key:`, then the end of the line or the spaces before a value. Keys are short (YAML caps simple keys at 1024).

Matched, not fullmatched: the value is the rest of the line from `match.end()`,
so the regex never walks over it. A key followed by spaces only does not match;
the fast reader refuses such a line either way.
"""
_KEY_LINE = re.compile(_KEY)
"""A key at the start of a text (a list entry's first key)."""


@functools.lru_cache(maxsize=16)
def _key_at(indent: int) -> Callable[[str], re.Match[str] | None]:
    """Matches a line whose key starts in column `indent` (0-based), exactly.

    The indentation is part of the pattern: a line indented otherwise fails in
    the one C call, and no group has to be looked at to tell.
    """
    return re.compile(" " * indent + _KEY).match
_QUOTED = re.compile(r"'((?:[^']|'')*)'")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@` ")
"""What a plain scalar cannot start with: YAML's indicators, and a space."""
_ODD_CHARACTERS = re.compile("[\x85\u2028\u2029\ufeff]")
"""Line breaks and marks beyond "\\n" that YAML reads specially (tabs and "\\r" are refused outright)."""
_FAST_DEPTH = 4
"""An annotation nests three collections deep; anything deeper goes to libyaml."""


class _Unusual(Exception):
    """The text is not in the usual shape: libyaml must read it."""


def _fast_parse(text: str) -> Map | None:
    """The root of a file in the usual shape, or None to let libyaml read it.

    The usual shape is what people and `yaml.safe_dump` write: block mappings
    with simple keys, block lists, one-line plain or single-quoted values and
    `|`/`|-` literal blocks; no comments, tabs, anchors, tags or flow style.
    Its nodes are exactly those libyaml's events give (the tests compare
    them), in a fraction of the time: no event objects are made.
    """
    if "\t" in text or "\r" in text or (not text.isascii() and _ODD_CHARACTERS.search(text)):
        return None
    try:
        return _Fast(text.split("\n")).document()
    except _Unusual:
        return None


class _Fast:
    """A line-by-line reader of the usual shape; raises _Unusual at anything else."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.row = 0
        """Index of the next line to read."""

    def document(self) -> Map:
        while self.row < len(self.lines) and not self.lines[self.row]:
            self.row += 1
        root = self.mapping(0, 0)
        if not root.pairs:
            raise _Unusual  # nothing but blank lines: libyaml says there is no document
        return root

    def mapping(self, indent: int, depth: int) -> Map:
        """The block mapping whose keys start in column `indent` (0-based) of the lines from here."""
        if depth > _FAST_DEPTH:
            raise _Unusual
        # The cursor is kept in a local (faster) and handed over around the nested reads.
        lines, row, pad, key_line = self.lines, self.row, " " * indent, _key_at(indent)
        mapping = Map(row + 1, indent + 1)
        append = mapping.pairs.append
        while row < len(lines):
            line = lines[row]
            row += 1  # now the 1-based number of `line`
            match = key_line(line)
            if match is None:
                if not line:
                    continue  # a blank line between two keys
                if line.startswith(pad):
                    raise _Unusual  # not a key in the usual shape, or a key indented further
                row -= 1
                break  # less indented: the mapping ends
            key = Scalar(row, indent + 1, match[1], True)
            start = match.end()
            text = line[start:]
            if text and text != "|" and text != "|-":
                append((key, _scalar(text, row, start)))
                continue
            self.row = row
            if not text:
                append((key, self.nested(indent, depth)))
            else:
                append((key, self.literal(text, start, indent)))
            row = self.row
        self.row = row
        return mapping

    def nested(self, indent: int, depth: int) -> AnyNode:
        """The value of a `key:` that ends its line: a mapping or list on the lines below."""
        line = self.lines[self.row] if self.row < len(self.lines) else ""
        inner = len(line) - len(line.lstrip(" "))
        if line.startswith("- ", inner) and inner >= indent:
            return self.sequence(inner, depth + 1)
        if inner > indent and line[inner:]:
            return self.mapping(inner, depth + 1)
        raise _Unusual  # an empty value, or a blank line before the value

    def sequence(self, indent: int, depth: int) -> Seq:
        """The block list whose dashes are in column `indent` of the lines from here."""
        if depth > _FAST_DEPTH:
            raise _Unusual
        lines, pad = self.lines, " " * indent
        sequence = Seq(self.row + 1, indent + 1)
        while self.row < len(lines):
            line = lines[self.row]
            if not line:
                self.row += 1  # a blank line between two entries
                continue
            if not line.startswith(pad):
                break  # less indented: the list ends
            if not line.startswith("- ", indent):
                if line[indent : indent + 1] in (" ", ""):
                    raise _Unusual  # more indented, or spaces only
                break  # a key of the mapping around an indentless list
            entry = line[indent + 2 :].lstrip(" ")
            column = len(line) - len(entry)
            if not entry:
                raise _Unusual  # an empty entry
            if _KEY_LINE.match(entry):
                # `- key: value` opens a mapping whose keys line up with this first one.
                lines[self.row] = " " * column + entry
                sequence.items.append(self.mapping(column, depth + 1))
            else:
                self.row += 1
                sequence.items.append(_scalar(entry, self.row, column))
        return sequence

    def literal(self, header: str, column: int, indent: int) -> Scalar:
        """A `|` or `|-` block: the lines below, more indented than its key (column `indent`)."""
        lines, first = self.lines, self.row
        line = lines[first] if first < len(lines) else ""
        inner = len(line) - len(line.lstrip(" "))
        if inner <= indent or inner == len(line):
            raise _Unusual  # an empty block, or one that starts with a blank line
        pad = " " * inner
        last = first  # the last line with text
        while self.row < len(lines):
            line = lines[self.row]
            text = line.lstrip(" ")
            if len(line) - len(text) >= inner and text:
                last = self.row
            elif text:
                break  # less indented: the block ends
            elif line:
                raise _Unusual  # a line of spaces only
            self.row += 1
        # Each line loses its indentation in one pass over the block, not one slice per line.
        value = "\n".join(lines[first : last + 1])[inner:].replace("\n" + pad, "\n")
        # `|` keeps the line break after the last line, when there is one; `|-` drops it.
        if header == "|" and last + 1 < len(lines):
            value += "\n"
        return Scalar(first, column + 1, value, False)


def _scalar(text: str, row: int, column: int) -> Scalar:
    """A one-line value that starts in column `column` (0-based) of line `row`."""
    if text[0] == "'":
        match = _QUOTED.fullmatch(text)
        if match is None:
            raise _Unusual  # more after the closing quote, or the value goes on below
        return Scalar(row, column + 1, match[1].replace("''", "'"), False)
    # Plain: these would end it, start a comment, or make it something else.
    if text[0] in _INDICATORS or text[-1] in " :" or ": " in text or " #" in text:
        raise _Unusual
    return Scalar(row, column + 1, text, True)
