"""The loader's fast path for the usual shape of a file gives exactly libyaml's nodes.

`yamlnodes` reads a file in the usual shape (block mappings and lists, one-line
plain or single-quoted values, `|`/`|-` blocks) line by line instead of
through libyaml's events. Whenever it accepts a text, the tree must be the one
the event builder makes, under libyaml and under the pure-Python parser, down
to every line, column and quoting flag; anything else must be left to them.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from annotated_essay.files import yamlnodes
from annotated_essay.files.yamlnodes import AnyNode, Map, Scalar, Seq

LOADERS = [getattr(yaml, name) for name in ("CSafeLoader", "SafeLoader") if hasattr(yaml, name)]


def shape(node: AnyNode | None) -> Any:
    """Everything the loader reads from a node, as plain data."""
    if node is None:
        return None
    where = (type(node).__name__, node.line, node.column, node.flagged)
    if isinstance(node, Scalar):
        return (*where, node.value, node.plain)
    if isinstance(node, Seq):
        return (*where, [shape(item) for item in node.items])
    if isinstance(node, Map):
        return (*where, [(shape(key), shape(value)) for key, value in node.pairs])
    return where


def by_events(text: str, loader: type) -> Any:
    """The tree libyaml (or the pure-Python parser) gives, or the error it stops at."""
    problems: list[yamlnodes.Problem] = []
    try:
        yamlnodes.LOADER, saved = loader, yamlnodes.LOADER
        root, more = yamlnodes._read(text, "x.yml", problems)
    except yaml.YAMLError as error:
        return type(error).__name__
    finally:
        yamlnodes.LOADER = saved
    return shape(root), more, problems


def agrees(text: str) -> bool:
    """Assert the fast path, when it takes `text`, gives the events' tree; True when it took it."""
    fast = yamlnodes._fast_parse(text)
    if fast is None:
        return False
    for loader in LOADERS:
        assert by_events(text, loader) == (shape(fast), False, []), (loader.__name__, text)
    return True


USUAL = """\
quote: the exact words
claim: The company was founded in 2021.
verdict: 'false'
empty: ''
note: |-
  First line, with: a colon and a # hash.

  Third line.
sources:
- title: Report
  url: https://example.org/a?b=c#d
  date: '2021'
-  title: It's "quoted"
   quote: |
     kept
       indented

tags:
  - economics
  - 'it''s'
from:
  quote: words
  prefix: before
aliases: [not, usual]
"""


def test_the_usual_shape_is_read_on_the_fast_path() -> None:
    usual = USUAL.rsplit("aliases:", 1)[0]
    assert agrees(usual)
    assert agrees("term: Grygry\nnon-ascii: café “quoted” 😀\nsee_also:\n- a\n- b\n")


@pytest.mark.parametrize(
    "text",
    [
        USUAL,  # a flow list
        "a: b # a comment\n",
        "# a comment\na: b\n",
        "a: &anchor b\nc: *anchor\n",
        "a: !!str b\n",
        'a: "double"\n',
        "a: b\n  continued\n",
        "a:\tb\n",
        "a: b\r\n",
        "a:\n",
        "a: >-\n  folded\n",
        "a: |+\n  kept\n",
        "--- \na: b\n",
        "a: b\n---\nc: d\n",
        "- a\n- b\n",
        "",
        "\n\n",
        "a: b\u2028c\n",
        "a: 'open\n  quote'\n",
        "a: b: c\n",
        "? a\n: b\n",
        "a:\n  - - b\n",
        "a:  \n",  # spaces only after the colon
        "a: b\nc:   \n",
        "a:\n- k:  \n",
        "a:\n  b: c\n   d: e\n",  # a key indented one more than its mapping's
    ],
)
def test_unusual_texts_are_left_to_libyaml(text: str) -> None:
    assert yamlnodes._fast_parse(text) is None


# Pieces of files: mostly what the fast path reads, sometimes what it must refuse.
_GOOD_VALUES = ["abc", "two words", "https://x.org/a?b=c#d", "a:b", "a#b", "it's", "2024-05-01", "~", "null",
                "true", "12", "a - b", "...", "'sq'", "'it''s'", "''", "' sp '", "é café", "“smart”", "😀 x",
                "a\u00a0b", "a,b", "a]", "a  b", "=", "<<", "a\\b", "'a: b # c'", "x -", "a!b", "a&b", "a*b"]
_BAD_VALUES = ["- x", "x:", "a: b", "a #c", "#c", "!t", "&a", "*a", "%x", "@x", "`x", "|+", ">", "|2", '"dq"',
               "'a' b", "'open", "'a''", "[a, b]", "{a: 1}", "x ", " ", "?x", ":x", "-", "ab\u0085", "a\u2028b",
               "tab\there", "\ufeffx"]
_KEYS = ["a", "quote", "see_also", "k-1", "_k", "yes", "null", "Key", "k9"]
_BAD_KEYS = ["-k", "?", "a b", "é", '"k"', "'k'", "k" * 70, "[k]"]


class _Writer:
    """Writes a random file near the usual shape, from a seeded generator."""

    def __init__(self, rng: random.Random, odd: float) -> None:
        self.rng, self.odd = rng, odd

    def pick(self, usual: list[Any], unusual: list[Any]) -> Any:
        return self.rng.choice(unusual if self.rng.random() < self.odd else usual)

    def mapping(self, depth: int, indent: int) -> list[str]:
        lines: list[str] = []
        for _ in range(self.rng.randint(1, 4)):
            if self.rng.random() < 0.1:
                lines.append(self.pick([""], [" ", "# c", "  # c", "---", "..."]))
            key = self.pick(_KEYS, _BAD_KEYS) + self.pick([":"], [" :", "::"])
            value, below = self.value(depth, indent)
            lines.append(" " * (indent + (self.rng.random() < self.odd / 2)) + key + value)
            lines += below
        return lines

    def value(self, depth: int, indent: int) -> tuple[str, list[str]]:
        kind = self.rng.random()
        if kind < 0.45 or depth > 3:
            return " " * self.pick([1, 1, 2], [3]) + self.pick(_GOOD_VALUES, _BAD_VALUES), []
        if kind < 0.65:
            return " " + self.pick(["|", "|-"], ["|+", ">", "| ", "|2"]), self.block(indent + self.pick([2, 1, 4], [0, -1]))
        if kind < 0.8:
            return "", self.mapping(depth + 1, indent + self.pick([2, 1, 4], [0]))
        return "", self.sequence(depth + 1, indent + self.pick([0, 2, 1, 4], [-1]))

    def block(self, indent: int) -> list[str]:
        lines = []
        for _ in range(self.pick([1, 2, 3, 4], [0])):
            kind = self.rng.random()
            if kind < 0.15:
                lines.append("")
            elif kind < 0.2 and self.rng.random() < self.odd * 4:
                lines.append(" " * self.rng.randint(1, indent + 2))
            elif kind < 0.3:
                lines.append(" " * (indent + self.rng.randint(1, 3)) + self.rng.choice(_GOOD_VALUES))
            elif kind < 0.33 and self.rng.random() < self.odd * 4:
                lines.append(" " * max(0, indent - 1) + "x")
            else:
                lines.append(" " * max(indent, 0) + self.rng.choice([*_GOOD_VALUES, *_BAD_VALUES, "# h", "k: v", "- i"]))
        return lines

    def sequence(self, depth: int, indent: int) -> list[str]:
        lines: list[str] = []
        for _ in range(self.rng.randint(1, 3)):
            dash = self.pick(["- ", "-  "], ["-", "- - "])
            if self.rng.random() < 0.5 and depth < 4:
                inner = self.mapping(depth + 1, indent + len(dash))
                lines.append(" " * indent + dash + inner[0].lstrip(" "))
                lines += inner[1:]
            else:
                lines.append(" " * indent + dash + self.pick(_GOOD_VALUES, _BAD_VALUES))
        return lines


@settings(max_examples=400, deadline=None)
@given(seed=st.integers(0, 2**32), odd=st.sampled_from([0.0, 0.03, 0.15]), end=st.sampled_from(["\n", "", "\n\n", "\n  "]))
def test_the_fast_path_gives_the_events_tree(seed: int, odd: float, end: str) -> None:
    agrees("\n".join(_Writer(random.Random(seed), odd).mapping(0, 0)) + end)


def test_the_random_files_often_take_the_fast_path() -> None:
    """Otherwise the comparison above would prove little."""
    texts = ["\n".join(_Writer(random.Random(seed), 0.03).mapping(0, 0)) + "\n" for seed in range(300)]
    assert sum(agrees(text) for text in texts) > 60
