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
from typing import Union

import yaml

from .model import Location, Problem

LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML was built with it: faster, same events."""

MAX_DEPTH = 32
"""Annotations nest three levels deep; anything far deeper is an attack or a mistake."""

# The characters YAML 1.1 allows in a stream (PyYAML's Reader.NON_PRINTABLE).
# Checked here so the location is the same with either parser: libyaml reports
# a byte offset, the pure-Python reader a character index.
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


@dataclass
class Node:
    """A YAML node with its 1-based start position.

    `flagged` marks a node carrying an anchor or explicit tag: it has been
    reported already, and its value must not be trusted.
    """

    line: int
    column: int
    flagged: bool = False

    def at(self, path: str) -> Location:
        return Location(path, self.line, self.column)


@dataclass
class Scalar(Node):
    value: str = ""
    plain: bool = True

    @property
    def is_null(self) -> bool:
        """True for an empty value or an unquoted `~`/`null`: YAML's "nothing"."""
        return self.plain and self.value in _NULLS


@dataclass
class Seq(Node):
    items: list[AnyNode] = field(default_factory=list)


@dataclass
class Map(Node):
    pairs: list[tuple[AnyNode, AnyNode]] = field(default_factory=list)


@dataclass
class Alias(Node):
    """Where an alias (`*name`) stood; it is never resolved."""


AnyNode = Union[Scalar, Seq, Map, Alias]


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
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        line, column = position(text, bad.start())
        message = f"character U+{ord(bad.group()):04X} is not allowed in YAML"
        return None, True, [Problem(Location(path, line, column), message, "remove it")]
    builder = _Builder(path)
    try:
        for event in yaml.parse(text, Loader=LOADER):
            if builder.feed(event):
                break
    except yaml.MarkedYAMLError as error:
        return None, True, [*builder.problems, _syntax_problem(error, text, path)]
    except yaml.YAMLError as error:
        return None, True, [*builder.problems, Problem(Location(path), f"YAML error: {error}")]
    except _TooDeep as error:
        return None, True, [*builder.problems, error.problem]
    # Two documents are two annotations in one file: which one was meant is unclear.
    return builder.root, builder.documents > 1, builder.problems


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
    """Turns parser events into nodes with an explicit stack (no recursion)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.root: AnyNode | None = None
        self.problems: list[Problem] = []
        self.documents = 0
        # Open collections; for a mapping, the key waiting for its value.
        self.stack: list[tuple[Seq | Map, list[AnyNode]]] = []

    def feed(self, event: yaml.Event) -> bool:
        """Take one event; True when the rest of the stream must be ignored."""
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                hint = "keep one annotation per file: remove the '---' line and what follows"
                self._report(event, "more than one YAML document", hint)
                return True
        elif isinstance(event, yaml.AliasEvent):
            hint = "write the value out instead of referring to an anchor"
            self._report(event, f"alias '*{event.anchor}' is not allowed", hint)
            self._attach(Alias(*self._mark(event), flagged=True))
        elif isinstance(event, yaml.ScalarEvent):
            node = Scalar(*self._mark(event), value=event.value, plain=not event.style)
            self._attach(self._check_node(event, node))
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            self._open(event)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            self._attach(self.stack.pop()[0])
        return False

    def _open(self, event: yaml.CollectionStartEvent) -> None:
        if len(self.stack) >= MAX_DEPTH:
            where = Location(self.path, *self._mark(event))
            message = f"values are nested more than {MAX_DEPTH} levels deep"
            raise _TooDeep(Problem(where, message, "flatten the file"))
        kind = Seq if isinstance(event, yaml.SequenceStartEvent) else Map
        node = self._check_node(event, kind(*self._mark(event)))
        self.stack.append((node, []))

    def _check_node(self, event: yaml.NodeEvent, node: AnyNode) -> AnyNode:
        if event.anchor is not None:
            hint = "remove it: anchors and aliases are not supported"
            self._report(event, f"anchor '&{event.anchor}' is not allowed", hint)
            node.flagged = True
        tag = getattr(event, "tag", None)
        if tag is not None:
            shown = tag.replace("tag:yaml.org,2002:", "!!", 1)
            hint = "remove it: values are plain text, lists and mappings"
            self._report(event, f"tag '{shown}' is not allowed", hint)
            node.flagged = True
        return node

    def _attach(self, node: AnyNode) -> None:
        if not self.stack:
            self.root = node
            return
        parent, pending = self.stack[-1]
        if isinstance(parent, Seq):
            parent.items.append(node)
        elif pending:
            parent.pairs.append((pending.pop(), node))
        else:
            pending.append(node)

    @staticmethod
    def _mark(event: yaml.Event) -> tuple[int, int]:
        return event.start_mark.line + 1, event.start_mark.column + 1

    def _report(self, event: yaml.Event, message: str, hint: str) -> None:
        self.problems.append(Problem(Location(self.path, *self._mark(event)), message, hint))
