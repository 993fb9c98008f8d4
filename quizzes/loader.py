"""Read quizzes/content/*.yaml (banks and blueprints.yaml) against a rulebook, or report every problem.

Errors read `path:line:column: id: field: message`, where id is the question's (or blueprint's) id and
field is relative to it, like the rulebook's errors.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from threading import Lock

from content.errors import MESSAGES, ContentError, ContentInvalid
from content.source import Source, finding_error, read_folder, read_source, validate_model
from content.watched import Signature, files_signature
from core.views import view_of
from quizzes import checks, lint, lint_wording
from quizzes.coverage import category_of
from quizzes.duties import quiz_categories
from quizzes.generate import question_pool
from quizzes.model import (
    BankFile,
    Blueprint,
    BlueprintsFile,
    BlueprintSpec,
    Option,
    PracticeSpec,
    Question,
    QuestionSpec,
    QuizContent,
    practice_id,
)
from rules.loader import content_files, content_hash
from rules.model import Rulebook, Text

BLUEPRINTS_FILE = "blueprints.yaml"

# The quiz content's own checks, in both UI languages, beside the shared content messages.
MESSAGES.update(
    {
        "missing_blueprints": {
            "en": "blueprints.yaml is missing from the content directory",
            "zh": "内容目录中缺少 blueprints.yaml",
        },
        "bad_question_id": {
            "en": "'{value}' is not a question id (lower-case dotted, e.g. phone.steps_of_a_call)",
            "zh": "“{value}”不是有效的题目编号（小写、以点分隔，如 phone.steps_of_a_call）",
        },
        "reserved_question_id": {
            "en": "question ids starting with '{prefix}' are kept for generated questions",
            "zh": "以“{prefix}”开头的编号留给自动生成的题目",
        },
        "duplicate_question_id": {
            "en": "question id '{id}' is already used at {other}",
            "zh": "题目编号“{id}”已在 {other} 使用",
        },
        "field_not_for_kind": {
            "en": "'{name}' is not used by a {kind} question",
            "zh": "{kind} 题不使用字段“{name}”",
        },
        "needs_field": {"en": "a {kind} question needs '{name}'", "zh": "{kind} 题必须填写“{name}”"},
        "needs_options": {
            "en": "a {kind} question needs at least {min} options",
            "zh": "{kind} 题至少需要 {min} 个选项",
        },
        "single_needs_one_correct": {
            "en": "a single-choice question needs exactly one option with correct: true (has {count})",
            "zh": "单选题须有且只有一个选项标为 correct: true（现有 {count} 个）",
        },
        "multiple_needs_correct": {
            "en": "a multiple-choice question needs at least one option with correct: true",
            "zh": "多选题至少需要一个选项标为 correct: true",
        },
        "ordering_no_correct": {
            "en": "ordering options are written in the right order; 'correct' does not apply",
            "zh": "排序题的选项按正确顺序书写，不使用“correct”",
        },
        "unknown_duty": {
            "en": "'{value}' is not a front-desk duty (1.1 .. 1.10)",
            "zh": "“{value}”不是前台职责编号（1.1 至 1.10）",
        },
        "needs_rules_or_duties": {
            "en": "a question needs at least one rule or one duty ('rules' or 'duties')",
            "zh": "题目至少要有一条规则或一项职责（“rules”或“duties”）",
        },
        "rule_not_in_scenario": {
            "en": "rule '{id}' is not judged in scenario '{scenario}'",
            "zh": "规则“{id}”不在场景“{scenario}”的评判规则中",
        },
        "quota_exceeds_pool": {
            "en": "{wanted} question(s) of category {category} wanted, but the pool has {available}",
            "zh": "类别 {category} 需要 {wanted} 道题，题库中只有 {available} 道",
        },
        "kind_not_drawn": {
            "en": "kind '{kind}' is not among the kinds this blueprint draws",
            "zh": "题型“{kind}”不在本测验可抽取的题型中",
        },
        "kind_exceeds_pool": {
            "en": "{wanted} {kind} question(s) wanted, but the pool has {available}",
            "zh": "需要 {wanted} 道 {kind} 题，题库中只有 {available} 道",
        },
        "critical_not_coverable": {
            "en": "critical rule '{id}' has no question of the kinds this blueprint draws",
            "zh": "关键规则“{id}”没有本测验可抽取题型的题目",
        },
        "duty_not_coverable": {
            "en": "duty {duty} has no question of the kinds this blueprint draws",
            "zh": "职责 {duty} 没有本测验可抽取题型的题目",
        },
        "duty_quota_too_small": {
            "en": "{wanted} duties to cover, but the desk category draws {quota} question(s)",
            "zh": "需要覆盖 {wanted} 项职责，但前台职责类别只抽 {quota} 道题",
        },
        "facility_band": {
            "en": "facility_low must be below facility_high",
            "zh": "facility_low 必须小于 facility_high",
        },
        "missed_before_max": {
            "en": "missed_after_rings must be more than max_rings",
            "zh": "missed_after_rings 必须大于 max_rings",
        },
    }
)

MESSAGES.update(lint.MESSAGES)
MESSAGES.update(lint_wording.MESSAGES)

_IN_LIST = re.compile(r"^(questions|blueprints)\[(\d+)\]\.?(.*)$")


class QuizContentInvalid(ContentInvalid):
    what = "quiz content"


def default_content_dir() -> Path:
    return Path(__file__).resolve().parent / "content"


_cache: dict[tuple[str, str, Signature], QuizContent] = {}
_cache_lock = Lock()
_KEPT = 4  # rulebook versions kept side by side (a page may still hold the one before an edit)


def default_quiz_content(rulebook: Rulebook) -> QuizContent:
    """The shipped content for this rulebook, loaded once per rulebook version and state of the quiz
    files: an edited bank shows at the next use, in every app process."""
    content_dir = default_content_dir()
    key = (str(content_dir), rulebook.version_label, files_signature(content_dir))
    with _cache_lock:
        if key not in _cache:
            _cache[key] = load_quiz_content(content_dir, rulebook)
            while len(_cache) > _KEPT:
                del _cache[next(iter(_cache))]
        return _cache[key]


def load_quiz_content(content_dir: Path, rulebook: Rulebook) -> QuizContent:
    """Validate every bank and blueprints.yaml against the rulebook; raise QuizContentInvalid with all
    errors found."""
    files = content_files(content_dir)
    blueprints_source, sources, errors = read_folder(
        files, content_dir / BLUEPRINTS_FILE, "missing_blueprints"
    )

    bank: list[Question] = []
    for source in sources.values():
        if source.parsed is None:
            continue
        document, found = validate_model(BankFile, source)
        errors += [_named(source, e) for e in found]
        if document is None:
            continue
        errors += [_named(source, finding_error(source, f)) for f in checks.check_bank(document, rulebook)]
        bank += [bank_question(spec) for spec in document.questions]
    raw = {p: s.parsed.data for p, s in sources.items() if s.parsed is not None}
    for path, finding in checks.check_question_ids(raw, lambda p, loc: sources[p].where(loc)):
        errors.append(_named(sources[path], finding_error(sources[path], finding)))

    pool = question_pool(rulebook, bank)
    settings = None
    if blueprints_source is not None and blueprints_source.parsed is not None:
        settings, found = validate_model(BlueprintsFile, blueprints_source)
        errors += [_named(blueprints_source, e) for e in found]
        if settings is not None:
            errors += [
                _named(blueprints_source, finding_error(blueprints_source, f))
                for f in checks.check_blueprints(settings, rulebook, pool)
            ]
    if errors or settings is None:
        errors.sort(key=lambda e: (str(e.path), e.line, e.column, e.code))
        raise QuizContentInvalid(errors)
    blueprints = [certification(spec, rulebook) for spec in settings.blueprints]
    blueprints += practice_blueprints(settings.practice, rulebook, pool)
    return QuizContent(
        pool=pool,
        blueprints=tuple(blueprints),
        spacing=settings.spacing,
        analysis=settings.analysis,
        drill=settings.phone_drill,
        rulebook_version=rulebook.version_label,
        content_hash=content_hash(files),
    )


def bank_sources(content_dir: Path) -> dict[str, tuple[Source, int]]:
    """Where each bank question is written: its file and index in `questions` (for lint's positions)."""
    found: dict[str, tuple[Source, int]] = {}
    for path in content_files(content_dir):
        if path.name == BLUEPRINTS_FILE:
            continue
        source, _ = read_source(path)
        data = source.parsed.data if source.parsed is not None else None
        items = data.get("questions") if isinstance(data, dict) else None
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                found.setdefault(item["id"], (source, i))
    return found


def lint_error(source: Source, index: int, finding: lint.LintFinding) -> ContentError:
    error = source.error(("questions", index, *finding.loc), finding.code, dict(finding.params))
    return _named(source, error)


def _named(source: Source, error: ContentError) -> ContentError:
    """Name the question or blueprint an error is about, with the field relative to it."""
    match = _IN_LIST.match(error.field or "")
    if match is None or source.parsed is None:
        return error
    items = source.parsed.data.get(match[1]) if isinstance(source.parsed.data, dict) else None
    index = int(match[2])
    if not isinstance(items, list) or index >= len(items) or not isinstance(items[index], dict):
        return error
    item_id = items[index].get("id")
    if not isinstance(item_id, str):
        return error
    return replace(error, rule_id=item_id, field=match[3] or None)


def bank_question(spec: QuestionSpec) -> Question:
    options = tuple(Option(f"o{i + 1}", Text(zh=o.zh, en=o.en), o.why) for i, o in enumerate(spec.options))
    if spec.kind == "ordering":
        correct = tuple(o.key for o in options)
    else:
        correct = tuple(o.key for o, s in zip(options, spec.options, strict=True) if s.correct)
    return view_of(
        Question,
        spec,
        origin="bank",
        template="bank",
        options=options,
        correct=correct,
    )


def certification(spec: BlueprintSpec, rulebook: Rulebook) -> Blueprint:
    quotas = tuple((c.id, checks.quota(spec, c.id)) for c in quiz_categories(rulebook))
    return view_of(
        Blueprint,
        spec,
        purpose="certification",
        quotas=tuple((c, n) for c, n in quotas if n > 0),
        kinds=frozenset(spec.kinds),
        at_least=tuple((k, n) for k, n in spec.at_least.items()),
    )


def practice_blueprints(
    spec: PracticeSpec, rulebook: Rulebook, pool: tuple[Question, ...]
) -> list[Blueprint]:
    """One practice quiz per category that has questions of the practice kinds; at most as many
    questions as the category has."""
    kinds = frozenset(spec.kinds)
    blueprints = []
    for category in quiz_categories(rulebook):
        available = sum(1 for q in pool if q.kind in kinds and category_of(rulebook, q) == category.id)
        if not available:
            continue
        title = Text(
            zh=spec.title.zh.replace("{category}", category.name.zh),
            en=spec.title.en.replace("{category}", category.name.en),
        )
        blueprints.append(
            Blueprint(
                id=practice_id(category.id),
                purpose="practice",
                title=title,
                quotas=((category.id, min(spec.questions, available)),),
                kinds=kinds,
                pass_mark=spec.pass_mark,
                time_limit_minutes=spec.time_limit_minutes,
            )
        )
    return blueprints
