"""The only module that imports yaml: text in, plain data plus node positions out.

PyYAML silently keeps the last of two equal keys, so mappings are built here from the composed
node tree, which also gives every node's position for error messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


@dataclass(frozen=True)
class YamlProblem:
    code: str  # yaml_syntax, duplicate_key, empty_file
    position: Position
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ParsedYaml:
    data: Any
    values: Mapping[Loc, Position]  # where the node at each path starts
    keys: Mapping[Loc, Position]  # where the key of the mapping entry at each path starts


def _position(mark: yaml.Mark) -> Position:
    return Position(mark.line + 1, mark.column + 1)


class _Builder:
    def __init__(self) -> None:
        self.values: dict[Loc, Position] = {}
        self.keys: dict[Loc, Position] = {}
        self.problems: list[YamlProblem] = []
        self._constructor = yaml.SafeLoader("")
        self._open: set[int] = set()  # nodes being built, to stop on recursive aliases

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.values[loc] = _position(node.start_mark)
        if id(node) in self._open:
            self._problem(node.start_mark, "yaml_syntax", problem="recursive alias")
            return None
        self._open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, loc)
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
            return self._scalar(node)
        finally:
            self._open.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_seen: dict[Any, Position] = {}
        for key_node, value_node in node.value:
            key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str | int | bool | float | type(None)):
                key = str(key)
            key_pos = _position(key_node.start_mark)
            if key in first_seen:
                first = first_seen[key]
                self._problem(
                    key_node.start_mark,
                    "duplicate_key",
                    key=key,
                    first_line=first.line,
                    first_column=first.column,
                )
            else:
                first_seen[key] = key_pos
            self.keys[(*loc, key)] = key_pos
            result[key] = self.build(value_node, (*loc, key))
        return result

    def _scalar(self, node: yaml.Node) -> Any:
        try:
            return self._constructor.construct_object(node, deep=True)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or node.start_mark
            self._problem(mark, "yaml_syntax", problem=exc.problem or str(exc))
            return None

    def _problem(self, mark: yaml.Mark, code: str, **params: Any) -> None:
        self.problems.append(YamlProblem(code, _position(mark), params))


def parse_yaml(text: str) -> tuple[ParsedYaml | None, list[YamlProblem]]:
    """Parse one YAML document; data is None when it could not be read at all."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        position = _position(mark) if mark else Position(1, 1)
        problem = exc.problem or str(exc)
        return None, [YamlProblem("yaml_syntax", position, {"problem": problem})]
    except yaml.YAMLError as exc:
        return None, [YamlProblem("yaml_syntax", Position(1, 1), {"problem": str(exc)})]
    if root is None:
        return None, [YamlProblem("empty_file", Position(1, 1))]
    builder = _Builder()
    data = builder.build(root, ())
    return ParsedYaml(data, builder.values, builder.keys), builder.problems
