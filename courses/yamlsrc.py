"""Parse YAML into plain values that remember the line of every key and item."""
from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from courses.errors import Reporter


class YMap(dict):
    """A dict with `line` (where the mapping starts) and `lines[key]` (where each key is)."""

    line: int
    lines: dict[Any, int]


class YList(list):
    """A list with `line` (where the sequence starts) and `lines[i]` (where each item is)."""

    line: int
    lines: list[int]


def line_of(value: Any, default: int) -> int:
    """The start line of a parsed mapping or list, else `default`."""
    return getattr(value, "line", default)


def parse_yaml(text: str, reporter: Reporter, offset: int = 0) -> Any:
    """Parse one YAML document; report syntax errors. `offset` = file lines before the text."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + offset
        reporter.error(line, f"YAML syntax error: {exc.problem or exc}")
        return None
    except yaml.YAMLError as exc:
        reporter.error(1 + offset, f"YAML error: {exc}")
        return None
    if node is None:
        return None
    return _convert(node, reporter, offset, SafeConstructor())


def _convert(node: Node, reporter: Reporter, offset: int, ctor: SafeConstructor) -> Any:
    line = node.start_mark.line + 1 + offset
    if isinstance(node, MappingNode):
        result = YMap()
        result.line, result.lines = line, {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + offset
            if not isinstance(key_node, ScalarNode):
                reporter.error(key_line, "mapping keys must be plain words")
                continue
            key = _scalar(key_node, reporter, offset, ctor)
            if key in result.lines:
                reporter.error(key_line, f"duplicate key '{key}'")
                continue
            result[key] = _convert(value_node, reporter, offset, ctor)
            result.lines[key] = key_line
        return result
    if isinstance(node, SequenceNode):
        items = YList()
        items.line, items.lines = line, []
        for item in node.value:
            items.append(_convert(item, reporter, offset, ctor))
            items.lines.append(item.start_mark.line + 1 + offset)
        return items
    return _scalar(node, reporter, offset, ctor)


def _scalar(node: Node, reporter: Reporter, offset: int, ctor: SafeConstructor) -> Any:
    try:
        return ctor.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        reporter.error(node.start_mark.line + 1 + offset, f"bad value: {exc}")
        return None
