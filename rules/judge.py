"""The script judge: what a staff member says, checked against the speech rules of a scenario.

Pure and driven by the rulebook data (see `rules.model` for the semantics). For one answer:

1. Normalise it (`rules.normalize`): punctuation, spaces, width, clause-final particles, filler
   sounds and the rulebook's misheard words do not count.
2. Slips (`rules.slips`): forbidden phrasings, words of the wrong time of day or out of festival
   season, another centre's name. Where two overlap, the longer one is reported, then the more
   severe, then the scenario's main rule.
3. Each slip is replaced by its better wording in the speaker's own sentence, and the forms of the
   rules listing the scenario are checked on that corrected sentence, so that one slip is not
   reported twice. A rule whose forms are all unmet gets one finding for the closest form: `order`
   when all its elements are there in the wrong order (and the form enforces it), otherwise
   `missing` with the elements still lacking.
4. Every finding quotes the procedure (item and words) and suggests the whole corrected sentence:
   the speaker's own words with the slips replaced and the missing elements inserted, or, when that
   still fails, the model wording of the scenario for this moment and centre.

Score: 100 for an answer without findings. Each finding deducts the weight of its rule's severity
(critical 50, major 30, minor 15), times 1 for `forbidden` and `wrong_time`, 0.5 for `order`, and
0.5 + 0.5 x (share of the form's elements missing) for `missing`; the same slip said twice counts
once. The score never goes below 0, and an answer with findings never scores 100.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal, get_args

from rules.catalog import rules_for_scenario
from rules.judge_context import SITE, TIME_GREETING, Context, rule_citation, site_names, speech_of
from rules.model import Element, Form, Lang, Rule, Rulebook, Scenario, Text
from rules.normalize import find_all, is_separator
from rules.slips import (
    corrected_sentence,
    festival_slips,
    forbidden_slips,
    site_slips,
    time_slips,
    without_overlaps,
)

__all__ = [
    "KINDS", "SEVERITY_WEIGHT", "Finding", "ModelAnswer", "SiteRequired", "UnknownScenario", "Verdict",
    "judge", "judge_rules", "model_answers", "needs_site", "scenario", "site_names",
]  # fmt: skip

Kind = Literal["missing", "forbidden", "order", "wrong_time"]
KINDS: tuple[Kind, ...] = get_args(Kind)

SEVERITY_WEIGHT: dict[str, int] = {"critical": 50, "major": 30, "minor": 15}
ORDER_FACTOR = 0.5
MISSING_BASE = 0.5  # a missing element costs at least half the weight; a form missing entirely, all of it


class UnknownScenario(ValueError):
    def __init__(self, scenario: str, known: Sequence[str]) -> None:
        self.scenario = scenario
        self.known = tuple(known)
        super().__init__(f"unknown scenario '{scenario}'; known scenarios: {', '.join(known)}")


class SiteRequired(ValueError):
    def __init__(self, scenario: str) -> None:
        self.scenario = scenario
        super().__init__(f"scenario '{scenario}' needs the service centre's name (site)")


@dataclass(frozen=True)
class Finding:
    rule: str  # rule id
    kind: Kind
    message: Text  # quotes the procedure's item and words, then says what is wrong
    suggestion: str  # the whole corrected sentence, in Chinese
    found: str = ""  # the (normalised) words of the answer it is about; empty for missing / order
    deduction: int = field(default=0, compare=False)

    def as_dict(self, lang: Lang) -> dict[str, str]:
        return {
            "rule": self.rule,
            "kind": self.kind,
            "message": self.message.get(lang),
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True)
class Verdict:
    text: str
    ok: bool
    score: int  # 0-100
    findings: tuple[Finding, ...]

    def as_dict(self, lang: Lang) -> dict[str, Any]:
        return {
            "text": self.text,
            "ok": self.ok,
            "score": self.score,
            "findings": [f.as_dict(lang) for f in self.findings],
        }


@dataclass(frozen=True)
class ModelAnswer:
    text: str
    en: str | None = None  # English gloss, when the rulebook gives one


# --- scenarios --------------------------------------------------------------------------------------


def scenario(rulebook: Rulebook, scenario_id: str) -> Scenario:
    """The declared scenario; UnknownScenario names the known ones."""
    for declared in rulebook.settings.scenarios:
        if declared.id == scenario_id and rules_for_scenario(rulebook, scenario_id):
            return declared
    raise UnknownScenario(scenario_id, [s.id for s in rulebook.settings.scenarios])


def _uses_site(rule: Rule) -> bool:
    speech = speech_of(rule)
    texts = [v for e in speech.elements for v in e.variants]
    texts += [f.model for f in speech.forms if f.model] + [f.better.zh for f in speech.forbidden]
    return any(SITE in t for t in texts)


def needs_site(rulebook: Rulebook, scenario_id: str) -> bool:
    """Whether answers in this scenario must name the service centre (phone.answer does)."""
    scenario(rulebook, scenario_id)
    return any(_uses_site(r) for r in rules_for_scenario(rulebook, scenario_id))


# --- forms -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _FormCheck:
    form: Form
    elements: tuple[Element, ...]  # the elements required at this moment
    missing: tuple[Element, ...]
    in_order: bool

    @property
    def met(self) -> bool:
        return not self.missing and self.in_order

    @property
    def closeness(self) -> float:
        present = 1 - len(self.missing) / len(self.elements) if self.elements else 1.0
        return present + (0.5 if self.in_order and not self.missing else 0)


def _variants(element: Element, ctx: Context) -> list[str]:
    due_only = element.condition == "festival_day"  # today's festival wish, not another in season
    return [p for v in element.variants for p in ctx.expand(v, due_only=due_only)]


def _positions(element: Element, text: str, ctx: Context) -> list[tuple[int, int]]:
    return sorted(span for p in _variants(element, ctx) for span in find_all(text, p))


def _check_form(form: Form, text: str, ctx: Context) -> _FormCheck:
    due = tuple(e for e in form.elements if not e.optional and (e.condition == "always" or ctx.festivals))
    starts = {e.key: [s for s, _ in _positions(e, text, ctx)] for e in due}
    missing = tuple(e for e in due if not starts[e.key])
    in_order = True
    last = -1
    ordered = [e for e in due if e.order is not None and form.enforce_order]
    for element in sorted(ordered, key=lambda e: e.order or 0):
        later = [p for p in starts[element.key] if p > last]
        if starts[element.key] and not later:
            in_order = False
        elif later:
            last = later[0]
    return _FormCheck(form, due, missing, in_order)


def _closest(rule: Rule, text: str, ctx: Context) -> _FormCheck | None:
    """The closest form when none is met; None when one is (or the rule has none)."""
    checks = [_check_form(form, text, ctx) for form in speech_of(rule).forms]
    if not checks or any(c.met for c in checks):
        return None
    return max(checks, key=lambda c: c.closeness)  # max keeps the first of equals: content order


def _element_label(element: Element, ctx: Context, lang: Lang) -> str:
    label = element.label.get(lang)
    if element.condition == "festival_day" and ctx.festivals:
        names = ("、" if lang == "zh" else ", ").join(f.name.get(lang) for f in ctx.festivals)
        label += f"（{names}）" if lang == "zh" else f" ({names})"
    return label


def _model(form: Form, ctx: Context) -> str:
    if form.model is not None and (filled := ctx.fill(form.model)) is not None:
        return filled
    words = [w for e in form.elements if (w := next((x for v in e.variants if (x := ctx.fill(v))), None))]
    return "，".join(words)


def _form_finding(rule: Rule, check: _FormCheck, ctx: Context, several: bool) -> Finding:
    weight = SEVERITY_WEIGHT[rule.severity]
    prefix_zh = f"按“{check.form.label.zh}”的说法，" if several else ""
    prefix_en = f'For "{check.form.label.en}": ' if several else ""
    if check.missing:
        cite = next((e.cite for e in check.missing if e.cite), None) or rule_citation(rule)
        zh = "、".join(_element_label(e, ctx, "zh") for e in check.missing)
        en = ", ".join(_element_label(e, ctx, "en") for e in check.missing)
        message = Text(
            zh=f"{cite.get('zh')}。{prefix_zh}缺少：{zh}。", en=f"{cite.get('en')}. {prefix_en}missing: {en}."
        )
        share = len(check.missing) / len(check.elements)
        deduction = weight * (MISSING_BASE + (1 - MISSING_BASE) * share)
        return Finding(rule.id, "missing", message, "", deduction=round(deduction))
    cite = rule_citation(rule)
    ordered = sorted((e for e in check.elements if e.order is not None), key=lambda e: e.order or 0)
    message = Text(
        zh=f"{cite.get('zh')}。{prefix_zh}顺序不对，应依次：" + " → ".join(e.label.zh for e in ordered)
        + "。",
        en=f"{cite.get('en')}. {prefix_en}wrong order; say in turn: "
        + " → ".join(e.label.en for e in ordered) + ".",
    )  # fmt: skip
    return Finding(rule.id, "order", message, "", deduction=round(weight * ORDER_FACTOR))


# --- the corrected sentence ---------------------------------------------------------------------------


def _insert(text: str, ctx: Context, element: Element, form: Form) -> str | None:
    insertion = element.insert
    if insertion is None or (words := ctx.fill(insertion.text)) is None:
        return None
    if insertion.at == "start":  # before the first words, after any filler sounds: 嗯，阳光花园…
        fillers = set(ctx.rulebook.settings.fillers)
        first = 0
        while first < len(text) and (is_separator(text[first]) or text[first] in fillers):
            first += 1
        return words + text[first:]
    if insertion.at == "end":
        end = len(text)
        while end > 0 and is_separator(text[end - 1]):
            end -= 1
        return text[:end] + words
    anchor = next((e for e in form.elements if e.key == insertion.after), None)
    answer = ctx.normalize(text)
    found = _positions(anchor, answer.text, ctx) if anchor else []
    if not found:
        return None
    _, at = answer.span(*found[0])
    return text[:at] + words + text[at:]


def _repaired(text: str, rules: Sequence[Rule], ctx: Context) -> str:
    """The sentence with the missing elements of each rule inserted where the rulebook says."""
    for rule in rules:
        for _ in range(sum(len(f.elements) for f in speech_of(rule).forms)):
            check = _closest(rule, ctx.phrase(text), ctx)
            if check is None or not check.missing:
                break
            inserted = next(
                (t for e in check.missing if (t := _insert(text, ctx, e, check.form)) is not None), None
            )
            if inserted is None:
                break
            text = inserted
    return text


# --- the judge -------------------------------------------------------------------------------------


def judge(
    rulebook: Rulebook, scenario_id: str, text: str, *, at: datetime, site: str | None = None
) -> Verdict:
    """Judge `text`, said at local time `at` by staff of the service centre `site`, in a scenario.

    Raises UnknownScenario for a scenario the rulebook does not judge, and SiteRequired when the
    scenario needs the centre's name (phone.answer) and `site` is empty.
    """
    declared = scenario(rulebook, scenario_id)
    rules = rules_for_scenario(rulebook, scenario_id)
    if not (site and site.strip()) and any(_uses_site(r) for r in rules):
        raise SiteRequired(scenario_id)
    return judge_rules(rulebook, rules, text, at=at, site=site, main_rule=declared.rule, scenario=scenario_id)


def judge_rules(
    rulebook: Rulebook,
    rules: Sequence[Rule],
    text: str,
    *,
    at: datetime,
    site: str | None = None,
    main_rule: str | None = None,
    scenario: str | None = None,
) -> Verdict:
    """Judge `text` against the given speech rules only (e.g. an example against its own rule).
    With `scenario`, the forms of rules that only list it under `slips_in` are not required."""
    ctx = Context.build(rulebook, at, site)
    return _judge(ctx, tuple(rules), text, main_rule, scenario, suggest=True)


def _judge(
    ctx: Context, rules: tuple[Rule, ...], text: str, main: str | None, scenario: str | None, suggest: bool
) -> Verdict:
    form_rules = [r for r in rules if scenario is None or scenario in speech_of(r).scenarios]
    form_ids = {r.id for r in form_rules}
    answer = ctx.normalize(text)

    def form_met(rule: Rule) -> bool:
        return rule.id in form_ids and _closest(rule, answer.text, ctx) is None

    slips = forbidden_slips(rules, answer, ctx, main, form_met)
    greeting_due = any(
        TIME_GREETING in v for r in form_rules for e in speech_of(r).elements for v in e.variants
    )
    slips += time_slips(rules, answer, ctx, main, greeting_due) + festival_slips(rules, answer, ctx, main)
    slips += site_slips(form_rules, answer, ctx, main)
    slips = without_overlaps(slips)

    findings: dict[tuple[str, str, str], Finding] = {}
    for slip in slips:
        key = (slip.rule.id, slip.kind, slip.found)
        if key not in findings:
            weight = SEVERITY_WEIGHT[slip.rule.severity]
            findings[key] = Finding(slip.rule.id, slip.kind, slip.message, "", slip.found, weight)  # type: ignore[arg-type]
    corrected = corrected_sentence(text, answer, slips, ctx)
    corrected_text = ctx.phrase(corrected)
    for rule in form_rules:
        check = _closest(rule, corrected_text, ctx)
        if check is not None:
            finding = _form_finding(rule, check, ctx, len(speech_of(rule).forms) > 1)
            findings[(rule.id, finding.kind, "")] = finding

    found = tuple(findings.values())
    score = max(0, 100 - sum(f.deduction for f in found))
    if found:
        score = min(score, 99)
        if suggest:
            better = _suggestion(ctx, rules, corrected, form_rules, main, scenario)
            found = tuple(replace(f, suggestion=better) for f in found)
    return Verdict(text=text, ok=not found, score=score, findings=found)


def _suggestion(
    ctx: Context, rules: tuple[Rule, ...], corrected: str, form_rules: Sequence[Rule], main: str | None,
    scenario: str | None,
) -> str:  # fmt: skip
    """The speaker's sentence corrected and completed when that passes, else the model wording."""
    candidates = []
    if ctx.phrase(corrected):
        candidates.append(_repaired(corrected, form_rules, ctx))
    owners = sorted((r for r in form_rules if speech_of(r).forms), key=lambda r: r.id != main)
    for rule in owners:  # the main rule's closest form first; on a festival the wish's model passes
        check = _closest(rule, ctx.phrase(corrected), ctx)
        forms = speech_of(rule).forms
        candidates += [_model(f, ctx) for f in sorted(forms, key=lambda f: check is None or f != check.form)]
    for candidate in candidates:
        if candidate and _judge(ctx, rules, candidate, main, scenario, suggest=False).ok:
            return candidate
    return candidates[0] if candidates else corrected


def model_answers(
    rulebook: Rulebook, scenario_id: str, *, at: datetime, site: str | None = None, limit: int = 4
) -> tuple[ModelAnswer, ...]:
    """Good wordings for this scenario at this moment: the rules' model wordings and good examples
    (the example's site replaced by `site`), each one the judge passes."""
    declared = scenario(rulebook, scenario_id)
    rules = sorted(rules_for_scenario(rulebook, scenario_id), key=lambda r: r.id != declared.rule)
    ctx = Context.build(rulebook, at, site)
    candidates: list[ModelAnswer] = []
    for rule in rules:
        speech = speech_of(rule)
        if scenario_id not in speech.scenarios:
            continue
        for example in speech.examples:
            if example.ok:
                wording = example.text
                if example.site and ctx.site:
                    wording = wording.replace(example.site, ctx.site)
                candidates.append(ModelAnswer(wording, example.en if wording == example.text else None))
        for form in speech.forms:
            if form.model and (filled := ctx.fill(form.model)):
                candidates.append(ModelAnswer(filled))
    judged = Context.build(rulebook, at, ctx.shown_site)
    answers: list[ModelAnswer] = []
    seen: set[str] = set()
    for candidate in candidates:
        key = ctx.phrase(candidate.text).removesuffix("的")  # 帮到您的 / 帮到您: the same answer
        if key in seen:
            continue
        seen.add(key)
        if _judge(judged, tuple(rules), candidate.text, declared.rule, scenario_id, suggest=False).ok:
            answers.append(candidate)
    return tuple(answers[:limit])
