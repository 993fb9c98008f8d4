"""Read desk/content/*.yaml into DeskContent, or report every problem as file:line:column."""

from __future__ import annotations

from pathlib import Path

from content.errors import MESSAGES, ContentError, ContentInvalid
from content.source import Source, duplicate_ids, read_models
from content.watched import Watched
from desk.content_model import CategoriesFile, DepartmentsFile, DeskContent, KpiFile, RegistersFile, SlaFile
from desk.requests.sla import Urgency
from desk.requests.workflow import Kind
from desk.statistics.kpi import RATE_NAMES

FILES = {
    "categories": ("categories.yaml", CategoriesFile),
    "departments": ("departments.yaml", DepartmentsFile),
    "sla": ("sla.yaml", SlaFile),
    "kpi": ("kpi.yaml", KpiFile),
    "registers": ("registers.yaml", RegistersFile),
}

# The desk's own checks, in both UI languages, beside the shared content messages.
MESSAGES.update(
    {
        "unknown_department": {"en": "unknown department '{value}'", "zh": "未知的部门“{value}”"},
        "unknown_rule": {"en": "unknown rule id '{value}'", "zh": "未知的规则编号“{value}”"},
        "missing_limit": {
            "en": "no time limit for {kind} / {urgency}",
            "zh": "缺少 {kind} / {urgency} 的时限",
        },
        "unknown_rate": {"en": "unknown rate '{value}'", "zh": "未知的指标“{value}”"},
    }
)


class DeskContentInvalid(ContentInvalid):
    what = "desk content"


def default_content_dir() -> Path:
    return Path(__file__).resolve().parent / "content"


# Parsed again only after one of its files changes (every process sees an edit at its next use).
default_desk_content = Watched(
    lambda: load_desk_content(default_content_dir()), lambda: (default_content_dir(),)
)


def load_desk_content(content_dir: Path, rule_ids: frozenset[str] | None = None) -> DeskContent:
    """Validate every file and cross-reference. `rule_ids`, when given, are the rulebook's ids
    that complaint categories may name."""
    models, sources, errors = read_models(content_dir, FILES)
    errors += _cross_checks(models, sources, rule_ids)
    if errors:
        errors.sort(key=lambda e: (str(e.path), e.line, e.column))
        raise DeskContentInvalid(errors)
    categories: CategoriesFile = models["categories"]  # type: ignore[assignment]
    departments: DepartmentsFile = models["departments"]  # type: ignore[assignment]
    sla: SlaFile = models["sla"]  # type: ignore[assignment]
    kpi: KpiFile = models["kpi"]  # type: ignore[assignment]
    registers: RegistersFile = models["registers"]  # type: ignore[assignment]
    return DeskContent(categories.categories, departments.departments, sla, dict(kpi.targets), registers)


def _cross_checks(
    models: dict[str, object], sources: dict[str, Source], rule_ids: frozenset[str] | None
) -> list[ContentError]:
    errors: list[ContentError] = []
    departments = models.get("departments")
    categories = models.get("categories")
    if isinstance(departments, DepartmentsFile):
        errors += duplicate_ids(
            [d.id for d in departments.departments], sources["departments"], "departments"
        )
    if isinstance(categories, CategoriesFile):
        source = sources["categories"]
        errors += duplicate_ids([c.id for c in categories.categories], source, "categories")
        known = {d.id for d in departments.departments} if isinstance(departments, DepartmentsFile) else None
        for i, category in enumerate(categories.categories):
            if known is not None and category.department not in known:
                errors.append(
                    source.error(("categories", i, "department"), "unknown_department",
                                 {"value": category.department})
                )  # fmt: skip
            for j, rule_id in enumerate(category.rule_ids):
                if rule_ids is not None and rule_id not in rule_ids:
                    errors.append(
                        source.error(("categories", i, "rule_ids", j), "unknown_rule", {"value": rule_id})
                    )
    sla = models.get("sla")
    if isinstance(sla, SlaFile):
        for kind in Kind:
            for urgency in Urgency:
                if urgency not in sla.limits.get(kind, {}):
                    errors.append(
                        sources["sla"].error(("limits", kind.value), "missing_limit",
                                             {"kind": kind.value, "urgency": urgency.value})
                    )  # fmt: skip
    kpi = models.get("kpi")
    if isinstance(kpi, KpiFile):
        for name in kpi.targets:
            if name not in RATE_NAMES:
                errors.append(sources["kpi"].error(("targets", name), "unknown_rate", {"value": name}))
    return errors
