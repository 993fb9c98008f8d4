"""The script judge: what a staff member says, checked against the speech rules of a scenario.

Pure and driven by the rulebook data (see `rules.model` for the semantics). For one answer:

1. Normalise it (`rules.normalize`): punctuation, spaces, width and clause-final particles do not count.
2. Slips: every forbidden phrasing of every rule listing the scenario (`forbidden`), except inside a
   word of its `unless_in`, inside the site's own name or inside quotation marks; and a greeting of
   another time of day, or a festival wish out of its season (`wrong_time`). Where two slips overlap,
   the longer one is reported (你好 rather than 你), then the more severe, then the scenario's main rule.
3. Each slip is replaced by its better wording, and the rules' forms are checked on that corrected
   answer, so that one slip is not reported twice (你好 is not also a missing 您好). A rule whose
   forms are all unmet gets one finding for the form closest to being met: `order` when all its
   elements are there in the wrong order, otherwise `missing` with the elements still lacking.

Score: 100 for an answer without findings. Each finding deducts the weight of its rule's severity
(critical 50, major 30, minor 15), times 1 for `forbidden` and `wrong_time`, 0.5 for `order`, and
0.5 + 0.5 x (share of the form's elements missing) for `missing`; the same slip said twice counts
once. The score never goes below 0, and an answer with findings never scores 100.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, get_args

from rules.catalog import rules_for_scenario
from rules.greeting_calendar import festivals_on, holiday_names_on, time_greeting_at, wish_in_season
from rules.model import (
    SEVERITIES,
    Element,
    Festival,
    Form,
    Lang,
    Rule,
    Rulebook,
    Scenario,
    Speech,
    Text,
    TimeGreeting,
)
from rules.normalize import Normalized, find_all, normalize, normalize_phrase

Kind = Literal["missing", "forbidden", "order", "wrong_time"]
KINDS: tuple[Kind, ...] = get_args(Kind)

SEVERITY_WEIGHT: dict[str, int] = {"critical": 50, "major": 30, "minor": 15}
ORDER_FACTOR = 0.5
MISSING_BASE = 0.5  # a missing element costs at least half the weight; a form missing entirely, all of it

SITE = "{site}"
TIME_GREETING = "{time_greeting}"
FESTIVAL_GREETING = "{festival_greeting}"


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
    message: Text
    suggestion: str  # better Chinese wording
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


def _speech(rule: Rule) -> Speech:
    assert rule.speech is not None  # rules_for_scenario only returns speech rules
    return rule.speech


def _uses_site(rule: Rule) -> bool:
    speech = _speech(rule)
    texts = [v for e in speech.elements for v in e.variants]
    texts += [f.model for f in speech.forms if f.model] + [f.better.zh for f in speech.forbidden]
    return any(SITE in t for t in texts)


def needs_site(rulebook: Rulebook, scenario_id: str) -> bool:
    """Whether answers in this scenario must name the service centre (phone.answer does)."""
    scenario(rulebook, scenario_id)
    return any(_uses_site(r) for r in rules_for_scenario(rulebook, scenario_id))


def site_names(site: str, suffixes: Iterable[str]) -> tuple[str, ...]:
    """The centre's name as staff may say it: in full, without its generic ending (at least two
    characters left), or with another generic ending. Longest first."""
    suffixes = tuple(suffixes)
    names = {site}
    for suffix in suffixes:
        base = site.removesuffix(suffix)
        if base != site and len(base) >= 2:
            names |= {base, *(base + other for other in suffixes)}
    return tuple(sorted(names, key=lambda n: (-len(n), n)))


# --- the moment and the site ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    rulebook: Rulebook
    at: datetime
    site: str | None
    band: TimeGreeting
    festivals: tuple[Festival, ...]
    site_names: tuple[str, ...]

    @classmethod
    def build(cls, rulebook: Rulebook, at: datetime, site: str | None) -> _Context:
        settings = rulebook.settings
        site = site.strip() if site else None
        names = site_names(site, settings.site_suffixes) if site else ()
        return cls(
            rulebook, at, site, time_greeting_at(settings, at), festivals_on(settings, at.date()), names
        )

    def expand(self, variant: str) -> list[str]:
        """Every concrete, normalised phrase a variant stands for at this moment."""
        options = [variant]
        for placeholder, values in (
            (SITE, self.site_names),
            (TIME_GREETING, self.band.greetings),
            (FESTIVAL_GREETING, tuple(g for f in self.festivals for g in f.greetings)),
        ):
            if any(placeholder in o for o in options):
                options = [o.replace(placeholder, v) for o in options for v in values]
        return [p for p in dict.fromkeys(normalize_phrase(o) for o in options) if p]

    def fill(self, template: str) -> str | None:
        """A model wording for this moment; None when it needs a festival and there is none."""
        if FESTIVAL_GREETING in template:
            if not self.festivals:
                return None
            template = template.replace(FESTIVAL_GREETING, self.festivals[0].greetings[0])
        template = template.replace(TIME_GREETING, self.band.greetings[0])
        return template.replace(SITE, self.site or self.rulebook.settings.example_site)

    @property
    def clock(self) -> str:
        return f"{self.at:%H:%M}"


# --- slips: forbidden phrasings and greetings at the wrong time ---------------------------------------


@dataclass(frozen=True)
class _Slip:
    start: int
    end: int
    rule: Rule
    kind: Kind
    found: str
    message: Text
    suggestion: str
    rank: tuple[int, ...]


def _occurrences(answer: Normalized, phrase: str, exceptions: Sequence[str]) -> list[tuple[int, int]]:
    spans = [(s, e) for x in exceptions for s, e in find_all(answer.text, x)]
    return [
        (start, end)
        for start, end in find_all(answer.text, phrase)
        if not answer.is_quoted(start, end) and not any(s <= start and end <= e for s, e in spans)
    ]


def _rank(rule: Rule, main: str | None, order: int, start: int, end: int) -> tuple[int, ...]:
    return (-(end - start), SEVERITIES.index(rule.severity), rule.id != main, order, start)


def _forbidden_slips(
    rules: Sequence[Rule], answer: Normalized, ctx: _Context, main: str | None
) -> list[_Slip]:
    site_words = [normalize_phrase(n) for n in ctx.site_names]
    slips = []
    for order, rule in enumerate(rules):
        for forbidden in _speech(rule).forbidden:
            exceptions = [normalize_phrase(w) for w in forbidden.unless_in] + site_words
            better = ctx.fill(forbidden.better.zh) or forbidden.better.zh
            for phrasing in forbidden.phrasings:
                for start, end in _occurrences(answer, normalize_phrase(phrasing), exceptions):
                    found = answer.text[start:end]
                    message = Text(
                        zh=f"不要说“{found}”，应说“{better}”。",
                        en=f'Do not say "{found}" — {forbidden.gloss}. '
                        f'Say "{better}" instead — {forbidden.better.en}.',
                    )
                    slips.append(
                        _Slip(start, end, rule, "forbidden", found, message, better,
                              _rank(rule, main, order, start, end))
                    )  # fmt: skip
    return slips


def _first_rule(rules: Sequence[Rule], main: str | None, wanted: Iterable[Rule]) -> tuple[int, Rule] | None:
    wanted_ids = {r.id for r in wanted}
    candidates = [(i, r) for i, r in enumerate(rules) if r.id in wanted_ids]
    candidates.sort(key=lambda ir: ir[1].id != main)
    return candidates[0] if candidates else None


def _has_variant(element: Element, placeholder: str) -> bool:
    return any(placeholder in v for v in element.variants)


def _anytime_greetings(rules: Sequence[Rule]) -> list[str]:
    """Literal greetings accepted beside the time-of-day ones (您好, which fits at any hour)."""
    return [
        v
        for r in rules
        for e in _speech(r).elements
        if _has_variant(e, TIME_GREETING)
        for v in e.variants
        if "{" not in v
    ]


def _time_slips(rules: Sequence[Rule], answer: Normalized, ctx: _Context, main: str | None) -> list[_Slip]:
    """A greeting of another band, where a rule asks for the time-of-day greeting."""
    owner = _first_rule(
        rules,
        main,
        (r for r in rules if any(_has_variant(e, TIME_GREETING) and e.condition == "always"
                                 for e in _speech(r).elements)),
    )  # fmt: skip
    if owner is None:
        return []
    order, rule = owner
    others = _anytime_greetings(rules)[:1]
    due = ctx.band.greetings[0]
    alternatives_zh = "“" + "”或“".join([due, *others]) + "”"
    alternatives_en = " or ".join(f'"{g}"' for g in [due, *others])
    current = {normalize_phrase(g) for g in ctx.band.greetings}
    slips = []
    for band in ctx.rulebook.settings.time_greetings:
        exceptions = [normalize_phrase(w) for w in band.unless_in]
        for greeting in band.greetings:
            phrase = normalize_phrase(greeting)
            if phrase in current:
                continue
            for start, end in _occurrences(answer, phrase, exceptions):
                message = Text(
                    zh=f"“{greeting}”是{band.name.zh}的问候（{band.start}–{band.end}），"
                    f"现在是 {ctx.clock}，应说{alternatives_zh}。",
                    en=f'"{greeting}" is the greeting for {band.name.en.lower()} ({band.start}-{band.end}); '
                    f"at {ctx.clock} say {alternatives_en}.",
                )
                slips.append(
                    _Slip(start, end, rule, "wrong_time", answer.text[start:end], message, due,
                          _rank(rule, main, order, start, end))
                )  # fmt: skip
    return slips


def _festival_slips(
    rules: Sequence[Rule], answer: Normalized, ctx: _Context, main: str | None
) -> list[_Slip]:
    """A festival wish out of its season, where a rule asks for the festival wish."""
    owner = _first_rule(
        rules,
        main,
        (r for r in rules if any(_has_variant(e, FESTIVAL_GREETING) and e.condition == "festival_day"
                                 for e in _speech(r).elements)),
    )  # fmt: skip
    if owner is None:
        return []
    order, rule = owner
    day = ctx.at.date()
    if holiday_names_on(day):
        return []  # on any public holiday a festive wish (节日快乐) is not out of place
    festivals = ctx.rulebook.settings.festivals
    in_season = {normalize_phrase(g) for f in festivals if wish_in_season(f, day) for g in f.greetings}
    today = " / ".join(f.name.zh for f in ctx.festivals)
    suggestion = ctx.festivals[0].greetings[0] if ctx.festivals else ctx.band.greetings[0]
    anytime = _anytime_greetings(rules)[:1]
    alternatives_zh = "“" + "”或“".join([suggestion, *anytime]) + "”"
    alternatives_en = " or ".join(f'"{g}"' for g in [suggestion, *anytime])
    slips = []
    seen: set[str] = set()
    for festival in festivals:
        for wish in festival.greetings:
            phrase = normalize_phrase(wish)
            if phrase in in_season or phrase in seen:
                continue
            seen.add(phrase)
            names = [f for f in festivals if phrase in {normalize_phrase(g) for g in f.greetings}]
            of_zh = "、".join(f.name.zh for f in names)
            of_en = ", ".join(f.name.en for f in names)
            if ctx.festivals:
                today_en = " / ".join(f.name.en for f in ctx.festivals)
                message = Text(
                    zh=f"“{wish}”是{of_zh}的贺语；今天是{today}，应说“{suggestion}”。",
                    en=f'"{wish}" is the wish for {of_en}; today is {today_en}: say "{suggestion}".',
                )
            else:
                message = Text(
                    zh=f"“{wish}”是{of_zh}的贺语，今天（{day.month}月{day.day}日）不是这个节日，"
                    f"应说{alternatives_zh}。",
                    en=f'"{wish}" is the wish for {of_en}, and today ({day:%d %b}) is not that festival: '
                    f"say {alternatives_en}.",
                )
            for start, end in _occurrences(answer, phrase, ()):
                slips.append(
                    _Slip(start, end, rule, "wrong_time", answer.text[start:end], message, suggestion,
                          _rank(rule, main, order, start, end))
                )  # fmt: skip
    return slips


def _without_overlaps(slips: list[_Slip]) -> list[_Slip]:
    kept: list[_Slip] = []
    for slip in sorted(slips, key=lambda s: s.rank):
        if all(slip.end <= k.start or k.end <= slip.start for k in kept):
            kept.append(slip)
    return sorted(kept, key=lambda s: (s.start, s.rank))


def _corrected(text: str, slips: Sequence[_Slip]) -> str:
    parts, position = [], 0
    for slip in slips:  # sorted, no overlaps
        parts += [text[position : slip.start], normalize_phrase(slip.suggestion)]
        position = slip.end
    return "".join([*parts, text[position:]])


# --- forms -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _FormCheck:
    form: Form
    elements: tuple[Element, ...]  # the elements due at this moment
    missing: tuple[Element, ...]
    in_order: bool

    @property
    def met(self) -> bool:
        return not self.missing and self.in_order

    @property
    def closeness(self) -> float:
        present = 1 - len(self.missing) / len(self.elements) if self.elements else 1.0
        return present + (0.5 if self.in_order and not self.missing else 0)


def _check_form(form: Form, text: str, ctx: _Context) -> _FormCheck:
    due = tuple(e for e in form.elements if e.condition == "always" or ctx.festivals)
    positions: dict[str, list[int]] = {}
    for element in due:
        positions[element.key] = sorted(s for p in _expand_all(element, ctx) for s, _ in find_all(text, p))
    missing = tuple(e for e in due if not positions[e.key])
    in_order = True
    last = -1
    for element in sorted((e for e in due if e.order is not None), key=lambda e: e.order or 0):
        if not positions[element.key]:
            continue  # missing, not out of order
        later = [p for p in positions[element.key] if p > last]
        if not later:
            in_order = False
            continue
        last = later[0]
    return _FormCheck(form, due, missing, in_order)


def _expand_all(element: Element, ctx: _Context) -> list[str]:
    return [p for v in element.variants for p in ctx.expand(v)]


def _element_label(element: Element, ctx: _Context, lang: Lang) -> str:
    label = element.label.get(lang)
    if _has_variant(element, FESTIVAL_GREETING) and element.condition == "festival_day" and ctx.festivals:
        names = ("、" if lang == "zh" else ", ").join(f.name.get(lang) for f in ctx.festivals)
        label += f"（{names}）" if lang == "zh" else f" ({names})"
    return label


def _model(form: Form, ctx: _Context) -> str:
    if form.model is not None:
        filled = ctx.fill(form.model)
        if filled is not None:
            return filled
    words = []
    for element in form.elements:
        options = [w for v in element.variants if (w := ctx.fill(v))]
        if options:
            words.append(options[0])
    return "，".join(words)


def _form_finding(rule: Rule, text: str, ctx: _Context) -> Finding | None:
    checks = [_check_form(form, text, ctx) for form in _speech(rule).forms]
    if not checks or any(c.met for c in checks):
        return None
    best = max(checks, key=lambda c: c.closeness)  # max keeps the first of equals: content order
    weight = SEVERITY_WEIGHT[rule.severity]
    prefix_zh = prefix_en = ""
    if len(checks) > 1:
        prefix_zh, prefix_en = f"按“{best.form.label.zh}”的说法，", f'For "{best.form.label.en}": '
    if best.missing:
        zh = "、".join(_element_label(e, ctx, "zh") for e in best.missing)
        en = ", ".join(_element_label(e, ctx, "en") for e in best.missing)
        message = Text(zh=f"{prefix_zh}缺少：{zh}。", en=f"{prefix_en}missing: {en}.")
        share = len(best.missing) / len(best.elements)
        deduction = weight * (MISSING_BASE + (1 - MISSING_BASE) * share)
        return Finding(rule.id, "missing", message, _model(best.form, ctx), deduction=round(deduction))
    ordered = sorted((e for e in best.elements if e.order is not None), key=lambda e: e.order or 0)
    message = Text(
        zh=f"{prefix_zh}顺序不对，应依次：" + " → ".join(e.label.zh for e in ordered) + "。",
        en=f"{prefix_en}wrong order; say in turn: " + " → ".join(e.label.en for e in ordered) + ".",
    )
    return Finding(rule.id, "order", message, _model(best.form, ctx), deduction=round(weight * ORDER_FACTOR))


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
    return judge_rules(rulebook, rules, text, at=at, site=site, main_rule=declared.rule)


def judge_rules(
    rulebook: Rulebook,
    rules: Sequence[Rule],
    text: str,
    *,
    at: datetime,
    site: str | None = None,
    main_rule: str | None = None,
) -> Verdict:
    """Judge `text` against the given speech rules only (e.g. an example against its own rule)."""
    ctx = _Context.build(rulebook, at, site)
    answer = normalize(text)
    slips = _forbidden_slips(rules, answer, ctx, main_rule)
    slips += _time_slips(rules, answer, ctx, main_rule)
    slips += _festival_slips(rules, answer, ctx, main_rule)
    slips = _without_overlaps(slips)

    findings: dict[tuple[str, str, str], Finding] = {}
    for slip in slips:
        key = (slip.rule.id, slip.kind, slip.found)
        if key not in findings:
            deduction = SEVERITY_WEIGHT[slip.rule.severity]
            findings[key] = Finding(
                slip.rule.id, slip.kind, slip.message, slip.suggestion, slip.found, deduction
            )
    corrected = _corrected(answer.text, slips)
    for rule in rules:
        finding = _form_finding(rule, corrected, ctx)
        if finding is not None:
            findings[(rule.id, finding.kind, "")] = finding

    found = tuple(findings.values())
    score = max(0, 100 - sum(f.deduction for f in found))
    if found:
        score = min(score, 99)
    return Verdict(text=text, ok=not found, score=score, findings=found)


def model_answers(
    rulebook: Rulebook, scenario_id: str, *, at: datetime, site: str | None = None, limit: int = 4
) -> tuple[ModelAnswer, ...]:
    """Good wordings for this scenario at this moment: the rules' model wordings and good examples
    (the example's site replaced by `site`), each one the judge passes."""
    declared = scenario(rulebook, scenario_id)
    rules = sorted(rules_for_scenario(rulebook, scenario_id), key=lambda r: r.id != declared.rule)
    ctx = _Context.build(rulebook, at, site)
    candidates: list[ModelAnswer] = []
    for rule in rules:
        speech = _speech(rule)
        for example in speech.examples:
            if example.ok:
                wording = example.text
                if example.site and ctx.site:
                    wording = wording.replace(example.site, ctx.site)
                candidates.append(ModelAnswer(wording, example.en if wording == example.text else None))
        for form in speech.forms:
            if form.model and (filled := ctx.fill(form.model)):
                candidates.append(ModelAnswer(filled))
    site_for_judge = ctx.site or rulebook.settings.example_site
    answers: list[ModelAnswer] = []
    seen: set[str] = set()
    for candidate in candidates:
        key = normalize(candidate.text).text.removesuffix("的")  # 帮到您的 / 帮到您: the same answer
        if key in seen:
            continue
        seen.add(key)
        if judge_rules(rulebook, rules, candidate.text, at=at, site=site_for_judge).ok:
            answers.append(candidate)
    return tuple(answers[:limit])
