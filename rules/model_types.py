"""The building blocks of the rulebook's shapes: literal types, validated string types and the frozen
base model with its bilingual `Text`. Pure: pydantic only. `rules.model` builds the content on them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    StrictInt,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

from content.errors import Lang

LANGS: tuple[Lang, ...] = ("zh", "en")

CategoryId = Literal[
    "dress",
    "grooming",
    "demeanour",
    "before_shift",
    "on_duty",
    "address",
    "greeting",
    "conversation",
    "farewell",
    "phone",
    "end_of_shift",
]
Severity = Literal["critical", "major", "minor"]
Audience = Literal["everyone", "men", "women"]
Moment = Literal["before_shift", "on_duty", "end_of_shift", "on_phone", "face_to_face"]
Condition = Literal["always", "festival_day"]
Watch = Literal["time_of_day", "festival_season"]
InsertAt = Literal["start", "end", "after"]

SEVERITIES: tuple[Severity, ...] = get_args(Severity)
# Checklists are built from rules that carry a question and are observed at one of these moments.
CHECK_MOMENTS: frozenset[str] = frozenset({"before_shift", "end_of_shift"})

# The source document: preamble (目的 / 服务意识 / 管理人员的仪表) and items 1-34; it has no item 22.
PREAMBLE = "preamble"
SOURCE_ITEMS: frozenset[int] = frozenset(range(1, 35)) - {22}

# `{site}`: the service centre's own name (the document's 嘉里服务中心 is only an example);
# `{time_greeting}` / `{festival_greeting}`: any greeting settings.yaml allows at the script's time.
PLACEHOLDERS: frozenset[str] = frozenset({"site", "time_greeting", "festival_greeting"})
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def matching(pattern: str, code: str, message: str) -> AfterValidator:
    """A text that must match `pattern` whole, else the content error `code` (also for quiz content)."""
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise PydanticCustomError(code, message, {"value": value})
        return value

    return AfterValidator(check)


def _known_placeholders(value: str) -> str:
    for name in _PLACEHOLDER.findall(value):
        if name not in PLACEHOLDERS:
            allowed = ", ".join("{" + p + "}" for p in sorted(PLACEHOLDERS))
            raise PydanticCustomError(
                "unknown_placeholder",
                "unknown placeholder '{name}'; allowed: {allowed}",
                {"name": name, "allowed": allowed},
            )
    return value


def one_of(accepts: Callable[[Any], bool], code: str, message: str) -> PlainValidator:
    """A value `accepts` takes as it is, else the content error `code`. A plain validator, so a bad
    value gives one clear error instead of one per union member or type."""

    def check(value: Any) -> Any:
        if accepts(value):
            return value
        raise PydanticCustomError(code, message, {"value": value})

    return PlainValidator(check)


def _is_source_item(value: Any) -> bool:
    return type(value) is int and value in SOURCE_ITEMS


_NOT_A_SOURCE_ITEM = (
    "unknown_source_item",
    "'{value}' is not an item of the source document (1-34 except 22, or preamble)",
)


NonEmptyStr = Annotated[str, StringConstraints(min_length=1)]
RuleId = Annotated[
    str,
    matching(
        r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+",
        "bad_rule_id",
        "'{value}' is not a rule id (lower-case dotted, e.g. phone.three_rings)",
    ),
]
Key = Annotated[
    str,
    matching(r"[a-z][a-z0-9_]*", "bad_key", "'{value}' is not a key (lower-case, digits, _)"),
]
ScenarioId = Annotated[
    str,
    matching(
        r"[a-z][a-z_]*(\.[a-z_]+)*",
        "bad_scenario_id",
        "'{value}' is not a scenario id (e.g. phone.answer)",
    ),
]


def _unquoted_time(value: Any) -> Any:
    # YAML 1.1 reads an unquoted 05:00 as the base-60 number 300; say how to fix it.
    if type(value) is int:
        raise PydanticCustomError(
            "bad_time",
            "'{value}' is not a time of day HH:MM (quote it in YAML)",
            {"value": f"{value // 60:02d}:{value % 60:02d}"},
        )
    return value


ClockTime = Annotated[
    str,
    BeforeValidator(_unquoted_time),
    matching(
        r"([01][0-9]|2[0-3]):[0-5][0-9]",
        "bad_time",
        "'{value}' is not a time of day HH:MM (quote it in YAML)",
    ),
]
MonthDay = Annotated[
    str,
    matching(
        r"(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])",
        "bad_month_day",
        "'{value}' is not a month-day MM-DD",
    ),
]
Version = Annotated[
    str,
    matching(r"[0-9A-Za-z][0-9A-Za-z.\-]*", "bad_version", "'{value}' is not a version"),
]
PhraseVariant = Annotated[NonEmptyStr, AfterValidator(_known_placeholders)]
GraceDays = Annotated[StrictInt, Field(ge=0, le=60)]
SourceRef = Annotated[
    int | str, one_of(lambda value: value == PREAMBLE or _is_source_item(value), *_NOT_A_SOURCE_ITEM)
]
SourceItem = Annotated[int, one_of(_is_source_item, *_NOT_A_SOURCE_ITEM)]
# Lunar month-day. The `holidays` calendar knows the first lunar month (from the new year) and the
# lunar festivals it uses itself; other lunar days cannot be computed and are refused.
LUNAR_DAYS: frozenset[str] = frozenset({*(f"01-{d:02d}" for d in range(1, 31)), "05-05", "08-15", "09-09"})
LunarDay = Annotated[
    str,
    one_of(
        lambda value: isinstance(value, str) and value in LUNAR_DAYS,
        "bad_lunar_day",
        "'{value}' is not a lunar day the calendar can compute (01-01 to 01-30, 05-05, 08-15, 09-09)",
    ),
]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Frozen):
    """The same words in both UI languages."""

    zh: NonEmptyStr
    en: NonEmptyStr

    def get(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en
