"""Changing a few values of an annotation file in place, keeping the rest byte for byte.

`check --fix` rewrites a selector's quote, prefix or suffix to the essay's
current words. Re-serializing the whole file would lose its comments, order
and line breaks, so only the text of each changed scalar is replaced, located
by the marks of PyYAML's composer; a key that is missing is added next to the
selector's `quote`.
"""

from __future__ import annotations

import contextlib
import json

import yaml


class EditError(ValueError):
    """The file is not shaped as expected (it changed since it was checked)."""


def set_selector(text: str, line: int, column: int, values: dict[str, str]) -> str:
    """Set `values` (quote, prefix, suffix) in the mapping whose `quote` value starts at line:column (1-based).

    Lines and columns are the loader's, which drops a byte-order mark first.
    """
    if text.startswith("\ufeff"):
        return "\ufeff" + set_selector(text[1:], line, column, values)
    root = yaml.compose(text, Loader=yaml.SafeLoader)  # nodes only: nothing is constructed
    mapping, quote_key, quote_value = _selector_at(root, line, column)
    present = {key.value: value for key, value in mapping.value if isinstance(key, yaml.ScalarNode)}
    edits: list[tuple[int, int, str]] = []
    for key, new in values.items():
        node = present.get(key)
        if isinstance(node, yaml.ScalarNode):
            start, end = node.start_mark.index, node.end_mark.index
            # A block scalar (| or >) ends after its line break: keep one.
            kept = "\n" if text[start:end].endswith("\n") else ""
            edits.append((start, end, scalar(new, node.style or "", mapping.flow_style) + kept))
        elif node is None:
            edits.append(_insert_after(text, quote_key, quote_value, key, new, mapping.flow_style))
        else:
            raise EditError(f"'{key}' is not text")
    # From the end back, so earlier offsets stay valid.
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _selector_at(node: yaml.Node | None, line: int, column: int) -> tuple[yaml.MappingNode, yaml.Node, yaml.Node]:
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                if key.value == "quote" and (value.start_mark.line + 1, value.start_mark.column + 1) == (line, column):
                    return current, key, value
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    raise EditError(f"no selector with its quote at line {line}, column {column}")


def _insert_after(text: str, key: yaml.Node, value: yaml.Node, name: str, new: str, flow: bool) -> tuple[int, int, str]:
    end = value.end_mark.index
    if flow:
        return end, end, f", {name}: {scalar(new, flow=True)}"
    line = f"{' ' * key.start_mark.column}{name}: {scalar(new)}"
    newline = "\r\n" if "\r\n" in text else "\n"  # the file's own line ending
    if text[end - 1 : end] == "\n":  # after a block scalar: the next line starts here
        return end, end, line + newline
    line_end = text.find(newline, end)
    line_end = len(text) if line_end < 0 else line_end
    return line_end, line_end, newline + line


def scalar(value: str, style: str = "", flow: bool = False) -> str:
    """`value` written as a YAML scalar that reads back as exactly this text.

    Plain when the original was plain and the text is safe unquoted; single
    quotes when the original had them; otherwise double quotes.
    """
    if style == "" and value and value == value.strip() and "\n" not in value:
        with contextlib.suppress(yaml.YAMLError):  # not plain if it does not read back as exactly this text
            if yaml.safe_load(f"k: {value}") == {"k": value} and (not flow or yaml.safe_load(f"{{k: {value}}}") == {"k": value}):
                return value
    if style == "'" and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
