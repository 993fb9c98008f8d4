"""Content-file errors (`file:line:column: id: field: message`) and their messages in both UI languages.

Shared by every content package (rules, quizzes, checklists, desk): pure values, no I/O."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any, Literal

Lang = Literal["zh", "en"]
Loc = tuple[str | int, ...]  # a path into a file's parsed data: keys and list indexes


@dataclass(frozen=True)
class Finding:
    """A content check's verdict at `loc`; the loader turns it into a file position."""

    loc: Loc
    code: str
    params: Mapping[str, Any] = dataclass_field(default_factory=dict)


# Codes of our own checks and the main pydantic error types. Other pydantic types fall back to
# pydantic's English message in both languages.
MESSAGES: dict[str, dict[Lang, str]] = {
    "yaml_syntax": {"en": "YAML syntax error: {problem}", "zh": "YAML 语法错误：{problem}"},
    "duplicate_key": {
        "en": "duplicate key '{key}' (first at line {first_line})",
        "zh": "重复的键“{key}”（首次出现在第 {first_line} 行）",
    },
    "empty_file": {"en": "the file is empty", "zh": "文件为空"},
    "missing_file": {"en": "{name} is missing", "zh": "缺少文件 {name}"},
    "duplicate_id": {"en": "duplicate id '{value}'", "zh": "重复的编号“{value}”"},
    "not_utf8": {"en": "the file is not valid UTF-8", "zh": "文件不是有效的 UTF-8 编码"},
    "missing_settings": {
        "en": "settings.yaml is missing from the content directory",
        "zh": "内容目录中缺少 settings.yaml",
    },
    "no_rule_files": {
        "en": "no rule files (*.yaml) in the content directory",
        "zh": "内容目录中没有规则文件（*.yaml）",
    },
    "missing": {"en": "required field '{name}' is missing", "zh": "缺少必填字段“{name}”"},
    "extra_forbidden": {"en": "unknown field '{name}'", "zh": "未知字段“{name}”"},
    "string_type": {"en": "expected text", "zh": "应为文本"},
    "list_type": {"en": "expected a list", "zh": "应为列表"},
    "tuple_type": {"en": "expected a list", "zh": "应为列表"},
    "model_type": {"en": "expected a mapping (key: value)", "zh": "应为映射（键: 值）"},
    "dict_type": {"en": "expected a mapping (key: value)", "zh": "应为映射（键: 值）"},
    "model_attributes_type": {
        "en": "expected a mapping (key: value)",
        "zh": "应为映射（键: 值）",
    },
    "bool_type": {"en": "expected true or false", "zh": "应为 true 或 false"},
    "int_type": {"en": "expected a whole number", "zh": "应为整数"},
    "literal_error": {"en": "must be one of {expected}", "zh": "取值无效，应为 {expected} 之一"},
    "enum": {"en": "must be one of {expected}", "zh": "取值无效，应为 {expected} 之一"},
    "too_short": {
        "en": "needs at least {min_length} item(s)",
        "zh": "至少需要 {min_length} 项",
    },
    "string_too_short": {"en": "must not be empty", "zh": "不能为空"},
    "greater_than_equal": {"en": "must be at least {ge}", "zh": "不能小于 {ge}"},
    "less_than_equal": {"en": "must be at most {le}", "zh": "不能大于 {le}"},
    "bad_rule_id": {
        "en": "'{value}' is not a rule id (lower-case dotted, e.g. phone.three_rings）",
        "zh": "“{value}”不是有效的规则编号（小写、以点分隔，如 phone.three_rings）",
    },
    "bad_key": {
        "en": "'{value}' is not a key (lower-case letters, digits, _)",
        "zh": "“{value}”不是有效的键（小写字母、数字、下划线）",
    },
    "bad_scenario_id": {
        "en": "'{value}' is not a scenario id (e.g. phone.answer)",
        "zh": "“{value}”不是有效的场景编号（如 phone.answer）",
    },
    "bad_time": {
        "en": "'{value}' is not a time of day HH:MM (quote it in YAML)",
        "zh": "“{value}”不是 HH:MM 格式的时间（YAML 中请加引号）",
    },
    "bad_month_day": {
        "en": "'{value}' is not a month-day MM-DD",
        "zh": "“{value}”不是 MM-DD 格式的月日",
    },
    "bad_version": {"en": "'{value}' is not a version", "zh": "“{value}”不是有效的版本号"},
    "unknown_source_item": {
        "en": "'{value}' is not an item of the source document (1-34 except 22, or preamble)",
        "zh": "“{value}”不是原文条目（应为 1-34，无第 22 条，或 preamble）",
    },
    "unknown_placeholder": {
        "en": "unknown placeholder '{name}'; allowed: {allowed}",
        "zh": "未知占位符“{name}”；可用：{allowed}",
    },
    "duplicate_value": {"en": "'{value}' is listed twice", "zh": "“{value}”重复出现"},
    "duplicate_rule_id": {
        "en": "rule id '{id}' is already defined at {other}",
        "zh": "规则编号“{id}”已在 {other} 定义",
    },
    "unknown_rule_ref": {"en": "no rule has the id '{id}'", "zh": "不存在编号为“{id}”的规则"},
    "self_reference": {"en": "a rule cannot refer to itself", "zh": "规则不能引用自身"},
    "unknown_scenario": {
        "en": "scenario '{scenario}' is not declared in settings.yaml",
        "zh": "场景“{scenario}”未在 settings.yaml 中声明",
    },
    "scenario_rule_mismatch": {
        "en": "rule '{id}' does not list scenario '{scenario}' under speech.scenarios",
        "zh": "规则“{id}”的 speech.scenarios 未包含场景“{scenario}”",
    },
    "unknown_holiday": {
        "en": "'{name}' is not a holiday in the China calendar of the holidays package",
        "zh": "“{name}”不是 holidays 库中国日历里的节假日名称",
    },
    "festival_day": {
        "en": "give exactly one of 'holiday', 'date' or 'lunar'",
        "zh": "“holiday”“date”“lunar”须且只能填写其一",
    },
    "bad_lunar_day": {
        "en": "'{value}' is not a lunar day the calendar can compute (01-01 to 01-30, 05-05, 08-15, 09-09)",
        "zh": "“{value}”不是日历能推算的农历日期（01-01 至 01-30、05-05、08-15、09-09）",
    },
    "season_covers_due": {
        "en": "the season must include the days the wish is due (season.before/after >= due.before/after)",
        "zh": "贺语适用期须包含应说贺语的日子（season 的 before/after 不能小于 due 的）",
    },
    "misheard_length": {
        "en": "'{heard}' and '{meant}' must have the same number of characters",
        "zh": "“{heard}”与“{meant}”的字数须相同",
    },
    "insert_after": {
        "en": "'at: after' needs 'after:' naming another element of the form ({keys}); "
        "other places take none",
        "zh": "“at: after”须用“after:”指明本说法的另一要素（{keys}），其他位置不填 after",
    },
    "time_bands": {
        "en": "time bands must cover the day without gaps or overlaps: this band should start at {expected}",
        "zh": "时段须无缝、无重叠地覆盖全天：此时段应从 {expected} 开始",
    },
    "duplicate_order": {
        "en": "order {order} is used twice in this form",
        "zh": "同一说法中顺序号 {order} 重复",
    },
    "speech_needs_examples": {
        "en": "a speech rule needs at least one good and one bad example (missing: {missing})",
        "zh": "话术规则至少需要一个正确示例和一个错误示例（缺少：{missing}）",
    },
    "example_needs_site": {
        "en": "this rule uses {{site}}, so the example must give 'site'",
        "zh": "本规则使用了 {{site}}，示例须填写“site”",
    },
    "unless_in_unrelated": {
        "en": "'{value}' contains none of the phrases it is an exception to",
        "zh": "“{value}”不包含它所豁免的任何说法",
    },
    "zh_spacing": {
        "en": "space between Chinese characters (write Chinese text on one line, not with >)",
        "zh": "中文字符之间有空格（中文请写在一行内，不要用 > 折行）",
    },
    "check_needs_shift_moment": {
        "en": "a checklist question needs before_shift or end_of_shift under 'when'",
        "zh": "自查问题要求“when”包含 before_shift 或 end_of_shift",
    },
}


@dataclass(frozen=True)
class ContentError:
    path: Path
    line: int  # 1-based
    column: int  # 1-based
    rule_id: str | None
    field: str | None  # dotted, relative to the rule when rule_id is set
    code: str
    message: str  # English, used when the catalogue has no template for the code
    params: tuple[tuple[str, Any], ...] = ()

    def describe(self, lang: Lang = "en") -> str:
        template = MESSAGES.get(self.code, {}).get(lang)
        if template is None:
            return self.message
        try:
            return template.format(**dict(self.params))
        except (KeyError, IndexError, ValueError):
            return self.message

    def format(self, lang: Lang = "en") -> str:
        """`path:line:column: rule-id: field: message`; rule-id and field are left out when unknown."""
        parts = [f"{self.path}:{self.line}:{self.column}"]
        parts += [p for p in (self.rule_id, self.field) if p]
        parts.append(self.describe(lang))
        return ": ".join(parts)


def make_error(
    path: Path,
    line: int,
    column: int,
    code: str,
    params: dict[str, Any] | None = None,
    *,
    rule_id: str | None = None,
    field: str | None = None,
    fallback: str | None = None,
) -> ContentError:
    frozen = tuple((k, v if isinstance(v, str | int) else str(v)) for k, v in (params or {}).items())
    message = fallback or code
    english = MESSAGES.get(code, {}).get("en")
    if english is not None:
        with contextlib.suppress(KeyError, IndexError, ValueError):
            message = english.format(**dict(frozen))
    return ContentError(path, line, column, rule_id, field, code, message, frozen)


class ContentInvalid(Exception):
    """Content files hold errors: every one found, each a ContentError; `what` names the content."""

    what = "content"

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} error(s) in {self.what}")
