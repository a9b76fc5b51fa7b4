"""Untrusted YAML -> a small tree of located nodes.

The loader never lets PyYAML build Python values: values are built here from
parser events, so every value keeps its line and column, nothing is resolved
(an unquoted `no` stays the text "no"), and anchors, aliases and explicit tags
are reported instead of expanded or constructed. Walking events rather than
`yaml.compose` means an alias is never turned into a shared (or cyclic) node.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, TypeVar

import yaml

from ..model import Location, Problem

LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML was built with it: faster, same events."""

MAX_DEPTH = 32
"""Annotations nest three levels deep; anything far deeper is an attack or a mistake."""

# The characters YAML 1.1 allows in a stream (PyYAML's Reader.NON_PRINTABLE).
# Both parsers refuse any other as they read, but libyaml tells a byte offset,
# the pure-Python reader a character index: the place is found here.
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

NULLS = frozenset({"", "~", "null", "Null", "NULL"})
"""What YAML reads as "nothing" when written unquoted."""


@dataclass(eq=False, slots=True)
class YamlNode:
    """A YAML node with where it starts (compared by identity: two equal values are two nodes)."""

    line: int
    column: int
    flagged: bool = field(default=False, kw_only=True)
    """Set on a node carrying an anchor, an alias or an explicit tag: reported already, its value not to be trusted."""

    def at(self, path: str) -> Location:
        """Where the node starts, in the file at `path`."""
        return Location(path, self.line, self.column)


@dataclass(eq=False, slots=True)
class Scalar(YamlNode):
    """Text as written: never resolved to a number, bool or date."""

    value: str
    plain: bool
    """Written unquoted, so `~`, `null` and nothing at all mean "no value"."""
    double_quoted: bool
    """Written in double quotes, where an escape can write any character (a control character too)."""

    @property
    def is_null(self) -> bool:
        """True for an empty value or an unquoted `~`/`null`: YAML's "nothing"."""
        return self.plain and self.value in NULLS


@dataclass(eq=False, slots=True)
class Seq(YamlNode):
    """A list."""

    items: list[YamlNode] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class Map(YamlNode):
    """A mapping, its pairs in the order written (duplicates included)."""

    pairs: list[tuple[YamlNode, YamlNode]] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class Alias(YamlNode):
    """Where an alias (`*name`) stood; it is never resolved."""


_N = TypeVar("_N", Scalar, Seq, Map)


def describe(node: YamlNode) -> str:
    """A short name of what a node is, for messages ("a list", "nothing")."""
    if isinstance(node, Map):
        return "a mapping"
    if isinstance(node, Seq):
        return "a list"
    if isinstance(node, Alias):
        return "an alias"
    return "nothing" if node.is_null else "text"


# YAML's line breaks: every place in a file is counted on the lines its parser counts.
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# The ones most editors do not show as breaks: YAML folds one to a space, or breaks the line there.
_HIDDEN_BREAK = re.compile("[\x85\u2028\u2029]")


def position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of character `index` in `text`, lines as YAML counts them."""
    starts = [0, *(match.end() for match in _BREAK.finditer(text, 0, index))]
    return len(starts), index - starts[-1] + 1


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


def parse(text: str, path: str) -> tuple[YamlNode | None, bool, list[Problem]]:
    """Parse one YAML document into nodes.

    Returns (root, fatal, problems). `root` is None for an empty stream;
    `fatal` is True when the text could not be parsed to the end (the root,
    if any, is then incomplete and must not be used).
    """
    problems: list[Problem] = []
    hidden = None if text.isascii() else _HIDDEN_BREAK.search(text)  # the three are not ASCII
    if hidden:  # nothing may change without a word: the value is not what the editor shows
        line, column = position(text, hidden.start())
        count = len(_HIDDEN_BREAK.findall(text))
        others = f" ({count - 1} more in the file)" if count > 1 else ""
        message = f"U+{ord(hidden.group()):04X} is a line break to YAML, which most editors do not show: the value reads a space or a new line there{others}"
        problems.append(Problem(Location(path, line, column), message, "write a space or a new line instead", "warning"))
    try:
        root, more = _read(text, path, problems)
    except yaml.MarkedYAMLError as error:
        root, more, problems = None, True, [*problems, _syntax_problem(error, text, path)]
    except yaml.YAMLError as error:
        root, more, problems = None, True, [*problems, Problem(Location(path), f"YAML error: {error}")]
    except _TooDeep as error:
        root, more, problems = None, True, [*problems, error.args[0]]
    # The parser refuses these characters as it reads: one it stopped before may remain, and is told first.
    bad = _NOT_PRINTABLE.search(text) if more else None
    if bad:
        line, column = position(text, bad.start())
        message = f"character U+{ord(bad.group()):04X} is not allowed in YAML"
        return None, True, [Problem(Location(path, line, column), message, "remove it")]
    # Two documents are two annotations in one file: which one was meant is unclear.
    return root, more, problems


def _read(text: str, path: str, problems: list[Problem]) -> tuple[YamlNode | None, bool]:
    """Build the nodes of `text`, adding anchors, aliases and tags to `problems`."""
    parser = LOADER(text)
    try:
        return _Builder(path, parser.get_event, problems).stream()
    finally:
        parser.dispose()


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, path: str) -> Problem:
    """The parser's complaint in plain words, at the place a contributor must look."""
    problem, context, mark, opened = error.problem or "", error.context or "", error.problem_mark, error.context_mark
    mark = mark or opened
    lines = _BREAK.split(text)
    line = lines[mark.line] if mark and mark.line < len(lines) else ""
    opened_at = f" that starts at line {opened.line + 1}" if opened else ""
    if "quoted scalar" in context and "end of stream" in problem and opened:
        mark, quote = opened, _char_at(text, opened.line, opened.column)
        message, hint = "this quote is never closed", f"end the value with {quote}"
        hint += " (a ' inside single quotes is written twice: '')" if quote == "'" else " (a \" inside it is written \\\")"
    elif "unknown escape" in problem:
        message, hint = "a backslash in double quotes starts an escape YAML does not know", "write a backslash as \\\\, or put the value in single quotes"
    elif "mapping values are not allowed" in problem and mark and -1 < line.find(": ") < mark.column:
        message = "': ' inside a value: YAML reads it as the start of another key"
        hint = "put the value in quotes, like `claim: \"It is true: it was said\"`, or write it as a `|` block"
    elif "mapping values are not allowed" in problem or "expected key" in problem or "expected '-'" in problem:
        message = "this line is not lined up with the lines above it"
        hint = "start each key of a mapping, and each `- ` of a list, in the same column as the ones before it"
    elif "expected ',' or" in problem:
        message = f"the {'[ ] list' if ']' in problem else '{ } mapping'}{opened_at} is not closed where YAML expects it"
        hint = "close it on the same line, and put any item holding a comma, colon or bracket in quotes"
    elif "tab" in problem or (mark and _char_at(text, mark.line, mark.column) == "\t"):
        message, hint = "a tab where YAML needs spaces", "indent with spaces: YAML does not allow tabs there"
    elif "cannot start any token" in problem and mark:
        message, hint = f"a value cannot start with {_char_at(text, mark.line, mark.column)!r}", "put the value in quotes"
    else:  # anything rarer: the parser's words, its jargon put plainly
        plain = f"{problem or context}".replace("scalar", "value").replace("stream", "file").replace("block ", "")
        message, hint = plain or "cannot read this", f"check the indentation and quoting{(' of the part' + opened_at) if opened_at else ''}"
    where = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
    return Problem(where, f"YAML syntax error: {message}", hint)


def _char_at(text: str, line: int, column: int) -> str:
    lines = _BREAK.split(text)
    return lines[line][column : column + 1] if 0 <= line < len(lines) else ""


class _TooDeep(Exception):
    """Raised with the problem to report: the nodes are nested too deep to build."""


@dataclass
class _Builder:
    """Turns parser events into nodes, one collection per call (nesting is capped at MAX_DEPTH)."""

    path: str
    next_event: Callable[[], yaml.Event]
    problems: list[Problem]

    def stream(self) -> tuple[YamlNode | None, bool]:
        """(the first document's root, whether a second document starts); stops there."""
        self.next_event()  # StreamStartEvent
        root = None
        while not isinstance(event := self.next_event(), yaml.StreamEndEvent):
            if root is not None:
                hint = "keep one annotation per file: remove the '---' line and what follows"
                self._report(event, "more than one YAML document", hint)
                return root, True
            root = self.node(self.next_event(), 0)
            self.next_event()  # DocumentEndEvent
        return root, False

    def node(self, event: yaml.Event, depth: int) -> YamlNode:
        """The node that `event` starts; `depth` collections are open around it."""
        line, column = event.start_mark.line + 1, event.start_mark.column + 1
        if isinstance(event, yaml.ScalarEvent):
            return self._checked(event, Scalar(line, column, event.value, not event.style, event.style == '"'))
        if isinstance(event, yaml.AliasEvent):
            hint = "write the value out instead of referring to an anchor"
            self._report(event, f"alias '*{event.anchor}' is not allowed", hint)
            return Alias(line, column, flagged=True)
        if depth >= MAX_DEPTH:
            message = f"values are nested more than {MAX_DEPTH} levels deep"
            raise _TooDeep(Problem(self._where(event), message, "flatten the file"))
        if isinstance(event, yaml.MappingStartEvent):
            mapping = self._checked(event, Map(line, column))
            while not isinstance(key := self.next_event(), yaml.MappingEndEvent):
                mapping.pairs.append((self.node(key, depth + 1), self.node(self.next_event(), depth + 1)))
            return mapping
        sequence = self._checked(event, Seq(line, column))
        while not isinstance(item := self.next_event(), yaml.SequenceEndEvent):
            sequence.items.append(self.node(item, depth + 1))
        return sequence

    def _checked(self, event: yaml.NodeEvent, node: _N) -> _N:
        """`node`, flagged (and reported) when it carries an anchor or an explicit tag."""
        if event.anchor is not None:
            hint = "remove it: anchors and aliases are not supported"
            self._report(event, f"anchor '&{event.anchor}' is not allowed", hint)
        if event.tag is not None:
            shown = event.tag.replace("tag:yaml.org,2002:", "!!", 1)
            hint = "remove it: values are plain text, lists and mappings"
            self._report(event, f"tag '{shown}' is not allowed", hint)
        node.flagged = event.anchor is not None or event.tag is not None
        return node

    def _where(self, event: yaml.Event) -> Location:
        return Location(self.path, event.start_mark.line + 1, event.start_mark.column + 1)

    def _report(self, event: yaml.Event, message: str, hint: str) -> None:
        self.problems.append(Problem(self._where(event), message, hint))
