"""Shapes of the rulebook content and the frozen values built from it.

Pure: no yaml, no I/O. Pydantic checks types and formats here; rules that look across fields or
files live in `rules.checks`.

Speech rules (`Rule.speech`) are data for a script judge. The intended semantics, for one scenario:
a script passes when, for every rule listing that scenario, at least one of the rule's `forms` is
fully present and none of the rule's `forbidden` phrasings occurs. A form is present when each of
its elements is (an element is present when any of its `variants` occurs as a substring; elements
with `condition: festival_day` only count on a configured festival) and elements that carry an
`order` occur in increasing order. A rule without forms only forbids. Variants may use the
placeholders in `PLACEHOLDERS`. Each example's `ok` says whether it complies with *its own rule*.
`rules.judge` implements these semantics (with normalisation, `unless_in` exceptions and advice).
The literal and string types and the frozen base model live in `rules.model_types`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Annotated, Any, get_args

from pydantic import Field, StrictBool, StrictInt, StringConstraints

from rules.model_types import (
    CHECK_MOMENTS,
    LANGS,
    LUNAR_DAYS,
    PLACEHOLDERS,
    PREAMBLE,
    SEVERITIES,
    SOURCE_ITEMS,
    Audience,
    CategoryId,
    ClockTime,
    Condition,
    GraceDays,
    InsertAt,
    Key,
    Lang,
    LunarDay,
    Moment,
    MonthDay,
    NonEmptyStr,
    PhraseVariant,
    RuleId,
    ScenarioId,
    Severity,
    SourceItem,
    SourceRef,
    Text,
    Version,
    Watch,
    _Frozen,
)

# The shapes of the content, and (re-exported) the types they are built from.
__all__ = [
    "CATEGORIES",
    "CHECK_MOMENTS",
    "LANGS",
    "LUNAR_DAYS",
    "PLACEHOLDERS",
    "PREAMBLE",
    "SEVERITIES",
    "SOURCE_ITEMS",
    "Audience",
    "BetterWording",
    "Category",
    "CategoryFile",
    "CategoryId",
    "Citation",
    "ClockTime",
    "Condition",
    "DayWindow",
    "Element",
    "Example",
    "Festival",
    "Forbidden",
    "Form",
    "GraceDays",
    "InsertAt",
    "Insertion",
    "Key",
    "Lang",
    "LunarDay",
    "Misheard",
    "Moment",
    "MonthDay",
    "NonEmptyStr",
    "PhraseVariant",
    "Rule",
    "RuleId",
    "RuleSpec",
    "Rulebook",
    "Scenario",
    "ScenarioId",
    "Settings",
    "Severity",
    "SourceItem",
    "SourceRef",
    "Speech",
    "Text",
    "TimeGreeting",
    "Version",
    "Watch",
]


class BetterWording(_Frozen):
    zh: PhraseVariant
    en: NonEmptyStr


class Citation(_Frozen):
    """The procedure's items and words a finding quotes, so that it teaches the rule it applies."""

    items: tuple[SourceItem, ...] = Field(min_length=1)
    zh: NonEmptyStr  # the document's words
    en: NonEmptyStr

    def get(self, lang: Lang) -> str:
        numbers = [str(i) for i in self.items]
        if lang == "zh":
            return f"规程第 {'、'.join(numbers)} 条：{self.zh}"
        return f"{'Item' if len(numbers) == 1 else 'Items'} {', '.join(numbers)}: {self.en}"


class Insertion(_Frozen):
    """How the judge adds a missing element to the speaker's own sentence when it suggests a fix:
    `text` at the start, at the end (after the last words), or right after element `after`."""

    at: InsertAt
    after: Key | None = None
    text: PhraseVariant


class Element(_Frozen):
    """One thing a script must say, e.g. the greeting, in any of its accepted variants."""

    key: Key
    label: Text
    variants: tuple[PhraseVariant, ...] = Field(min_length=1)
    order: Annotated[StrictInt, Field(ge=1)] | None = None
    condition: Condition = "always"
    optional: StrictBool = False  # good practice, shown in models and quizzes, never missing
    cite: Citation | None = None
    insert: Insertion | None = None


class Form(_Frozen):
    """One acceptable way of saying it; a rule is met when any one of its forms is met."""

    key: Key
    label: Text
    elements: tuple[Element, ...] = Field(min_length=1)
    model: PhraseVariant | None = None  # the full wording the judge suggests when the form is not met
    # False: `order` is the order the document gives (models, quizzes), but another order passes too.
    enforce_order: StrictBool = True


class Forbidden(_Frozen):
    phrase: NonEmptyStr
    gloss: NonEmptyStr  # English gloss of the bad phrase
    variants: tuple[NonEmptyStr, ...] = ()  # other literal forms that count as the same slip
    # Words that contain a phrasing but are fine, e.g. 迷你 (mini) for 你: no slip is found inside them.
    unless_in: tuple[NonEmptyStr, ...] = ()
    # True: a slip only when the rule's forms are not met either (a bare 拜拜, not 您走好，拜拜).
    unless_form_met: StrictBool = False
    better: BetterWording  # replaces the phrasing in the speaker's sentence
    cite: Citation | None = None

    @property
    def phrasings(self) -> tuple[str, ...]:
        return (self.phrase, *self.variants)


class Example(_Frozen):
    text: NonEmptyStr  # Chinese wording
    en: NonEmptyStr  # English gloss
    ok: StrictBool
    site: NonEmptyStr | None = None  # fills {site}
    at: datetime | None = None  # local time the words are spoken; picks the greetings due
    note: Text | None = None


class Speech(_Frozen):
    scenarios: tuple[ScenarioId, ...] = Field(min_length=1)
    # Scenarios where only the rule's slips count (forbidden phrasings, words of the wrong time),
    # not its forms: a time-of-day greeting is not required in a farewell, but must fit the hour.
    slips_in: tuple[ScenarioId, ...] = ()
    # Which words said at the wrong moment this rule reports: greetings and farewells of another
    # time of day (settings time_greetings), festival wishes out of season (settings festivals).
    watches: tuple[Watch, ...] = ()
    cite: Citation | None = None  # what findings of this rule quote; default: the rule's text
    forms: tuple[Form, ...] = ()
    forbidden: tuple[Forbidden, ...] = ()
    examples: tuple[Example, ...] = ()

    @property
    def elements(self) -> tuple[Element, ...]:
        return tuple(element for form in self.forms for element in form.elements)


class RuleSpec(_Frozen):
    """A rule as written in a category file (the category is given once per file)."""

    id: RuleId
    title: Text
    text: Text
    source: tuple[SourceRef, ...] = Field(min_length=1)
    severity: Severity
    applies_to: Audience
    when: tuple[Moment, ...] = Field(min_length=1)
    check: Text | None = None  # yes/no self-check question; "yes" means compliant
    see_also: tuple[RuleId, ...] = ()
    speech: Speech | None = None


class Rule(RuleSpec):
    """A rule of the rulebook: as written, plus the category of the file it came from."""

    category: CategoryId


class CategoryFile(_Frozen):
    category: CategoryId
    rules: tuple[RuleSpec, ...] = Field(min_length=1)


class TimeGreeting(_Frozen):
    """A band of the day (inclusive minutes, may wrap past midnight) and its greetings.

    The bands tile the day and say which greeting is due (the model). `fine_from` / `fine_until`
    widen the time in which the band's words are still fine (中午好 from 11:30, 下午好 from 12:00)."""

    key: Key
    name: Text
    start: ClockTime
    end: ClockTime
    greetings: tuple[NonEmptyStr, ...] = Field(min_length=1)
    farewells: tuple[NonEmptyStr, ...] = ()  # parting words of this time of day, e.g. 晚安
    fine_from: ClockTime | None = None
    fine_until: ClockTime | None = None
    unless_in: tuple[NonEmptyStr, ...] = ()  # words that contain a greeting but are none, e.g. 晚上好像

    @property
    def words(self) -> tuple[str, ...]:
        return (*self.greetings, *self.farewells)


class DayWindow(_Frozen):
    before: GraceDays = 0
    after: GraceDays = 0


class Festival(_Frozen):
    """A day with a festival wish: a China holiday by name, a fixed month-day or a lunar month-day.

    Face to face the wish is expected on the festival's days and `due` days around them (unless
    `wish_expected` is false, as on 清明); within `season` days it is still fine; outside, a slip.
    `unfitting`: wishes that never fit this festival (清明快乐), flagged with `note`."""

    key: Key
    name: Text
    holiday: NonEmptyStr | None = None
    date: MonthDay | None = None
    lunar: LunarDay | None = None
    greetings: tuple[NonEmptyStr, ...] = Field(min_length=1)
    wish_expected: StrictBool = True
    due: DayWindow = DayWindow()
    season: DayWindow = DayWindow()
    unfitting: tuple[NonEmptyStr, ...] = ()
    note: Text | None = None


class Misheard(_Frozen):
    """Speech recognition's near-homophone (中兴 for 中心): read as `meant` before judging."""

    heard: NonEmptyStr
    meant: NonEmptyStr


class Scenario(_Frozen):
    id: ScenarioId
    name: Text
    prompt: Text
    rule: RuleId  # the main rule, shown as the model answer


class Settings(_Frozen):
    version: Version
    example_site: NonEmptyStr
    # Generic endings of a service centre's name (服务中心, 客服中心 ...): the judge accepts the name
    # without its ending, or with another of these endings, as the centre's own name.
    site_suffixes: tuple[NonEmptyStr, ...] = ()
    time_greetings: tuple[TimeGreeting, ...] = Field(min_length=1)
    festivals: tuple[Festival, ...] = ()
    scenarios: tuple[Scenario, ...] = ()
    # Speech-to-text and typing noise: filler sounds dropped wherever they stand (嗯, 呃), and
    # misheard words read as meant (same length, so positions in the answer stay put).
    fillers: tuple[Annotated[str, StringConstraints(min_length=1, max_length=1)], ...] = ()
    misheard: tuple[Misheard, ...] = ()


class Category(_Frozen):
    id: CategoryId
    name: Text


CATEGORIES: tuple[Category, ...] = tuple(
    Category(id=cid, name=Text(zh=zh, en=en))
    for cid, zh, en in (
        ("dress", "着装", "Dress"),
        ("grooming", "仪容", "Grooming"),
        ("demeanour", "仪态", "Demeanour and posture"),
        ("before_shift", "班前准备", "Before the shift"),
        ("on_duty", "当班举止", "Conduct on duty"),
        ("address", "称呼礼节", "Forms of address"),
        ("greeting", "问候礼节", "Greetings"),
        ("conversation", "谈话礼节", "Conversation with owners and visitors"),
        ("farewell", "送别礼节", "Farewells"),
        ("phone", "电话礼仪", "Telephone"),
        ("end_of_shift", "班后清理", "End of shift"),
    )
)
assert tuple(c.id for c in CATEGORIES) == get_args(CategoryId)


@dataclass(frozen=True)
class Rulebook:
    categories: tuple[Category, ...]
    rules: tuple[Rule, ...]
    settings: Settings
    content_hash: str
    by_id: Mapping[str, Rule] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", MappingProxyType({r.id: r for r in self.rules}))

    def __reduce__(self) -> tuple[Any, ...]:
        # A read-only mapping cannot be pickled (st.cache_data pickles); rebuild it instead.
        return (Rulebook, (self.categories, self.rules, self.settings, self.content_hash))

    @property
    def version(self) -> str:
        return self.settings.version

    @property
    def version_label(self) -> str:
        """What quiz attempts, certificates and checks record, e.g. 2026.1+3fa2c1d09b7e."""
        return f"{self.version}+{self.content_hash}"

    def as_dict(self) -> dict[str, Any]:
        """Everything, JSON-ready, both languages."""
        return {
            "version": self.version,
            "content_hash": self.content_hash,
            "version_label": self.version_label,
            "categories": [c.model_dump(mode="json") for c in self.categories],
            "settings": self.settings.model_dump(mode="json"),
            "rules": [_rule_dict(r) for r in self.rules],
        }


def _rule_dict(rule: Rule) -> dict[str, Any]:
    data = rule.model_dump(mode="json")
    return {"id": data.pop("id"), "category": data.pop("category"), **data}
