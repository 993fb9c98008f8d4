"""The desk configuration (categories, departments, time limits, KPI targets) as frozen values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from desk.requests.sla import Limit, Urgency
from desk.requests.workflow import Kind

Key = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Name = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
RuleRef = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Category(_Frozen):
    id: Key
    zh: Name
    en: Name
    kinds: tuple[Kind, ...] = Field(min_length=1)
    department: Key  # the department a dispatch suggests first
    rule_ids: tuple[RuleRef, ...] = ()


class Department(_Frozen):
    id: Key
    zh: Name
    en: Name


class CategoriesFile(_Frozen):
    categories: tuple[Category, ...] = Field(min_length=1)


class DepartmentsFile(_Frozen):
    departments: tuple[Department, ...] = Field(min_length=1)


class LimitSpec(_Frozen):
    respond: int | None = Field(default=None, ge=1)
    resolve: int = Field(ge=1)
    warn: int = Field(ge=0)


class SlaFile(_Frozen):
    limits: dict[Kind, dict[Urgency, LimitSpec]]
    callback_due_minutes: int = Field(ge=1)
    reopen_at_or_below: int = Field(ge=1, le=4)


Clock = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]


class Window(_Frozen):
    start: Clock
    end: Clock


class MailSettings(_Frozen):
    highlight_after_days: int = Field(ge=1)


class KeySettings(_Frozen):
    default_loan_hours: int = Field(ge=1)


class CashSettings(_Frozen):
    business_hours: tuple[Window, ...]
    lunch: Window
    methods: tuple[Key, ...] = Field(min_length=1)
    refuse_in_business_hours: bool


class RegistersFile(_Frozen):
    mail: MailSettings
    keys: KeySettings
    cash: CashSettings


class KpiFile(_Frozen):
    targets: dict[str, float | None]


@dataclass(frozen=True)
class DeskContent:
    categories: tuple[Category, ...]
    departments: tuple[Department, ...]
    sla: SlaFile
    targets: dict[str, float | None]
    registers: RegistersFile

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def department(self, department_id: str) -> Department | None:
        return next((d for d in self.departments if d.id == department_id), None)

    def categories_for(self, kind: Kind) -> tuple[Category, ...]:
        return tuple(c for c in self.categories if kind in c.kinds)

    def limit(self, kind: Kind, urgency: Urgency) -> Limit:
        spec = self.sla.limits[kind][urgency]
        return Limit(respond_minutes=spec.respond, resolve_minutes=spec.resolve, warn_minutes=spec.warn)

    def name(self, item: Category | Department, lang: str) -> str:
        return item.en if lang == "en" else item.zh
