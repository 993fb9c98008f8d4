"""Shapes of the quiz content (banks, blueprints) and the frozen values built from them.

Pure: no yaml, no I/O. Pydantic checks types and formats of `content/*.yaml`; rules that look across
fields or at the rulebook live in `quizzes.checks`.

A question tests rules (`rules`, rule ids of the rulebook) and/or front-desk duties (`duties`, 1.1-1.10);
a `scene` question sets a short scene at the desk. Kinds:

- `single`: one right option; `multiple`: every right option and no wrong one;
- `true_false`: a statement that is true or false;
- `ordering`: options given in the right order, shown shuffled;
- `script`: free text for a judged scenario, graded by the script judge at the moment it is answered;
- `situation`: free text for a judged scenario at a stated local moment (`at`), graded at that moment.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from types import MappingProxyType
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, StrictInt
from pydantic_core import PydanticCustomError

from quizzes.duties import DUTIES
from rules.model import CategoryId, Key, NonEmptyStr, RuleId, ScenarioId, Text
from rules.model_types import matching

Kind = Literal["single", "multiple", "true_false", "ordering", "script", "situation"]
KINDS: tuple[Kind, ...] = get_args(Kind)
CHOICE_KINDS: frozenset[str] = frozenset({"single", "multiple", "ordering"})
JUDGED_KINDS: frozenset[str] = frozenset({"script", "situation"})
Purpose = Literal["certification", "practice"]
Origin = Literal["generated", "bank"]

GENERATED_PREFIX = "g."  # ids of questions generated from the rulebook; banks may not use it
SITE = "{site}"  # filled with the taker's service centre when a question is drawn


QuestionId = Annotated[
    str,
    matching(
        r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+",
        "bad_question_id",
        "'{value}' is not a question id (lower-case dotted, e.g. phone.steps_of_a_call)",
    ),
]
BlueprintId = Key
Percent = Annotated[StrictInt, Field(ge=1, le=100)]


def _known_duty(value: str) -> str:
    if value not in DUTIES:
        raise PydanticCustomError(
            "unknown_duty", "'{value}' is not a front-desk duty (1.1 .. 1.10)", {"value": value}
        )
    return value


DutyId = Annotated[str, AfterValidator(_known_duty)]
QuizCategoryId = CategoryId | Literal["desk"]


# --- what a bank file says --------------------------------------------------------------------------


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OptionSpec(_Frozen):
    zh: NonEmptyStr
    en: NonEmptyStr
    correct: StrictBool = False  # single / multiple only
    why: Text | None = None  # a wrong option: the mistake it stands for (shown after answering)


class QuestionSpec(_Frozen):
    """One hand-written question. Which fields a kind needs is checked in `quizzes.checks`."""

    id: QuestionId
    kind: Kind
    rules: tuple[RuleId, ...] = ()  # at least one rule or one duty (checks)
    duties: tuple[DutyId, ...] = ()  # front-desk duties of the reception procedure, "1.1" .. "1.10"
    scene: StrictBool = False  # the prompt is a scene at the desk: what does the staff member say or do?
    prompt: Text
    why: Text  # shown in the review: why the right answer is right
    options: tuple[OptionSpec, ...] = ()  # single / multiple; ordering: in the right order
    answer: StrictBool | None = None  # true_false
    scenario: ScenarioId | None = None  # script / situation
    at: datetime | None = None  # situation: local time at the site


class BankFile(_Frozen):
    questions: tuple[QuestionSpec, ...] = Field(min_length=1)


# --- what blueprints.yaml says ----------------------------------------------------------------------


class BlueprintSpec(_Frozen):
    id: BlueprintId
    purpose: Literal["certification"] = "certification"
    title: Text
    intro: Text | None = None
    per_category: Annotated[StrictInt, Field(ge=0, le=20)]  # questions drawn from each category
    categories: dict[QuizCategoryId, Annotated[StrictInt, Field(ge=0, le=20)]] = {}  # per-category overrides
    kinds: tuple[Kind, ...] = KINDS
    # At least this many questions of a kind (counted in their categories' quotas), e.g. {ordering: 1}.
    at_least: dict[Kind, Annotated[StrictInt, Field(ge=1, le=20)]] = {}
    cover_critical: StrictBool = True  # every critical rule gets at least one question
    cover_duties: tuple[DutyId, ...] = ()  # each of these front-desk duties gets at least one question
    # Duties a trainee's draw need not cover (and draws no question on alone): the registers.
    trainees_skip: tuple[DutyId, ...] = ()
    pass_mark: Percent = 80
    time_limit_minutes: Annotated[StrictInt, Field(ge=1, le=600)] | None = None
    max_attempts: Annotated[StrictInt, Field(ge=1)] | None = None  # per certification round
    wait_hours: Annotated[StrictInt, Field(ge=0)] = 0  # after a failed attempt
    valid_months: Annotated[StrictInt, Field(ge=1, le=120)] = 12
    renew_days_before: Annotated[StrictInt, Field(ge=0, le=365)] = 30  # "due" this long before expiry


class PracticeSpec(_Frozen):
    """One practice quiz per category, drawn from that category's questions."""

    title: Text  # {category} is replaced by the category's name
    questions: Annotated[StrictInt, Field(ge=1, le=50)]
    kinds: tuple[Kind, ...] = KINDS
    pass_mark: Percent = 80
    time_limit_minutes: Annotated[StrictInt, Field(ge=1, le=600)] | None = None


class SpacingSpec(_Frozen):
    """The FSRS scheduler of the spaced-practice page (one memory per person and rule)."""

    desired_retention: Annotated[float, Field(ge=0.7, le=0.99)] = 0.9
    maximum_interval_days: Annotated[StrictInt, Field(ge=1)] = 365
    leech_failures: Annotated[StrictInt, Field(ge=1)] = 3  # wrong this often: shown to managers
    kinds: tuple[Kind, ...] = ("single", "multiple", "true_false", "ordering")


class AnalysisSpec(_Frozen):
    """When a question is flagged for rewriting (first attempts only)."""

    min_responses: Annotated[StrictInt, Field(ge=1)] = 5
    facility_low: Annotated[float, Field(ge=0, le=1)] = 0.3
    facility_high: Annotated[float, Field(ge=0, le=1)] = 0.95
    discrimination_low: Annotated[float, Field(ge=-1, le=1)] = 0.2


class DrillSpec(_Frozen):
    ring_seconds: Annotated[float, Field(gt=0, le=30)] = 4.0  # one ring, sound and pause
    max_rings: Annotated[StrictInt, Field(ge=1)] = 3  # phone.three_rings
    missed_after_rings: Annotated[StrictInt, Field(ge=1)] = 10  # the caller hangs up


class BlueprintsFile(_Frozen):
    blueprints: tuple[BlueprintSpec, ...] = Field(min_length=1)
    practice: PracticeSpec
    spacing: SpacingSpec = SpacingSpec()
    analysis: AnalysisSpec = AnalysisSpec()
    phone_drill: DrillSpec = DrillSpec()


# --- frozen values ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    key: str  # stable within the question (o1, o2 ... in the written order)
    text: Text
    why: Text | None = None  # a wrong option: why it is wrong


@dataclass(frozen=True)
class Question:
    """A question as the pool holds it: options in their written order (ordering: the right order)."""

    id: str
    kind: Kind
    rules: tuple[str, ...]
    prompt: Text
    why: Text
    origin: Origin
    template: str  # the generation template, or "bank"
    options: tuple[Option, ...] = ()
    correct: tuple[str, ...] = ()  # single: one key; multiple: the right keys; ordering: keys in order
    answer: bool | None = None  # true_false
    scenario: str | None = None  # script / situation
    at: datetime | None = None  # situation: naive local time at the site
    duties: tuple[str, ...] = ()  # front-desk duties 1.1 .. 1.10
    scene: bool = False  # a situational question (a scene at the desk)

    @property
    def judged(self) -> bool:
        return self.kind in JUDGED_KINDS

    def with_site(self, site: str) -> Question:
        """The question as shown at a service centre: `{site}` replaced by its name."""

        def fill(text: Text) -> Text:
            if SITE not in text.zh and SITE not in text.en:
                return text
            return Text(zh=text.zh.replace(SITE, site), en=text.en.replace(SITE, site))

        return replace(
            self,
            prompt=fill(self.prompt),
            why=fill(self.why),
            options=tuple(Option(o.key, fill(o.text), fill(o.why) if o.why else None) for o in self.options),
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready; what an attempt keeps of each question it drew (options in the order shown)."""
        return {
            "id": self.id,
            "kind": self.kind,
            "rules": list(self.rules),
            "prompt": self.prompt.model_dump(),
            "why": self.why.model_dump(),
            "origin": self.origin,
            "template": self.template,
            "options": [
                {"key": o.key, "text": o.text.model_dump(), "why": o.why.model_dump() if o.why else None}
                for o in self.options
            ],
            "correct": list(self.correct),
            "answer": self.answer,
            "scenario": self.scenario,
            "at": self.at.isoformat() if self.at else None,
            "duties": list(self.duties),
            "scene": self.scene,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Question:
        return cls(
            id=data["id"],
            kind=data["kind"],
            rules=tuple(data["rules"]),
            prompt=Text(**data["prompt"]),
            why=Text(**data["why"]),
            origin=data["origin"],
            template=data["template"],
            options=tuple(
                Option(o["key"], Text(**o["text"]), Text(**o["why"]) if o.get("why") else None)
                for o in data["options"]
            ),
            correct=tuple(data["correct"]),
            answer=data["answer"],
            scenario=data["scenario"],
            at=datetime.fromisoformat(data["at"]) if data["at"] else None,
            # Snapshots taken before duties and scenes existed have neither.
            duties=tuple(data.get("duties", ())),
            scene=bool(data.get("scene", False)),
        )


@dataclass(frozen=True)
class Blueprint:
    """How a quiz is drawn and passed. Certification blueprints are written; practice ones derived."""

    id: str
    purpose: Purpose
    title: Text
    quotas: tuple[tuple[str, int], ...]  # (category, questions) in the rulebook's category order
    kinds: frozenset[str]
    pass_mark: int
    intro: Text | None = None
    at_least: tuple[tuple[str, int], ...] = ()  # (kind, questions)
    cover_critical: bool = False
    cover_duties: tuple[str, ...] = ()
    trainees_skip: tuple[str, ...] = ()
    time_limit_minutes: int | None = None
    max_attempts: int | None = None
    wait_hours: int = 0
    valid_months: int | None = None  # certification only
    renew_days_before: int = 30

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.quotas)

    @property
    def size(self) -> int:
        return sum(n for _, n in self.quotas)


PRACTICE_PREFIX = "practice."


def practice_id(category: str) -> str:
    return PRACTICE_PREFIX + category


@dataclass(frozen=True)
class QuizContent:
    """Banks and blueprints, validated against one rulebook, with the whole question pool."""

    pool: tuple[Question, ...]  # generated from the rulebook, then the banks
    blueprints: tuple[Blueprint, ...]
    spacing: SpacingSpec
    analysis: AnalysisSpec
    drill: DrillSpec
    rulebook_version: str
    content_hash: str
    questions: Mapping[str, Question] = field(init=False, repr=False, compare=False)
    by_blueprint: Mapping[str, Blueprint] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "questions", MappingProxyType({q.id: q for q in self.pool}))
        object.__setattr__(self, "by_blueprint", MappingProxyType({b.id: b for b in self.blueprints}))

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            QuizContent,
            (
                self.pool,
                self.blueprints,
                self.spacing,
                self.analysis,
                self.drill,
                self.rulebook_version,
                self.content_hash,
            ),
        )

    @property
    def certifications(self) -> tuple[Blueprint, ...]:
        return tuple(b for b in self.blueprints if b.purpose == "certification")

    def blueprint(self, blueprint_id: str) -> Blueprint | None:
        return self.by_blueprint.get(blueprint_id)

    def testing(self, rule_id: str) -> tuple[Question, ...]:
        return tuple(q for q in self.pool if rule_id in q.rules)


def unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


__all__ = [
    "CHOICE_KINDS",
    "JUDGED_KINDS",
    "KINDS",
    "AnalysisSpec",
    "BankFile",
    "Blueprint",
    "BlueprintSpec",
    "BlueprintsFile",
    "DrillSpec",
    "Kind",
    "Option",
    "PracticeSpec",
    "Question",
    "QuestionSpec",
    "QuizContent",
    "SpacingSpec",
    "practice_id",
]
