"""Questions generated from the rulebook: the judged scenarios, answered in the trainee's own words.

Pure and deterministic. Each question id names its template and scenario, e.g. `g.script.phone.answer`.
Templates:

- `script` (settings.scenarios; script): the scenario's prompt, judged when answered.
- `situation` (situation): the prompt at a stated moment, judged at it. A scenario gets at most
  `MAX_SITUATIONS` of them, at moments that ask something different (a festival day, an ordinary day
  at another time of day), not one per example moment: wordings of the same scenario that differ only
  by the hour teach nothing new.

Choice questions are hand-written (the banks, `content/*.yaml`): options built from the rulebook's
examples (which wording breaks the code, which one is right, the better wording of a slip) read as
spelling tests of 你 against 您 with three bare options and no scene, so they are not generated; every
rule has bank questions (a test keeps it so).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from quizzes.centre import site_text
from quizzes.model import GENERATED_PREFIX, Question, unique
from rules.catalog import rules_for_scenario
from rules.greeting_calendar import festivals_in_season, festivals_on, time_greeting_at
from rules.model import Rule, Rulebook, Scenario, Settings, Text

MAX_SITUATIONS = 2  # per judged scenario: a festival day and an ordinary day
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def moment_text(at: datetime, settings: Settings | None = None) -> Text:
    """A local moment as a question shows it, with its weekday and the festival of the day (as the desk
    would know it): 2026年12月25日（星期五，圣诞节）18:30 / Friday 25 Dec 2026 (Christmas), 18:30."""
    festivals = festivals_on(settings, at.date()) if settings is not None else ()
    day_zh = "，".join([_WEEKDAYS_ZH[at.weekday()], *(f.name.zh for f in festivals)])
    day_en = " ".join(f"({f.name.en})" for f in festivals)
    return Text(
        zh=f"{at.year}年{at.month}月{at.day}日（{day_zh}）{at:%H:%M}",
        en=f"{_WEEKDAYS_EN[at.weekday()]} {at.day} {_MONTHS[at.month - 1]} {at.year}"
        f"{' ' + day_en if day_en else ''}, {at:%H:%M}",
    )


def _gid(template: str, *parts: str | int) -> str:
    return GENERATED_PREFIX + ".".join([template, *(str(p) for p in parts)])


def _what_it_asks(settings: Settings, at: datetime) -> tuple[str, tuple[str, ...]]:
    """What a moment changes in a right answer: the time of day's greeting and the festival wishes
    that fit. Two moments with the same key differ only by the hour."""
    festivals = festivals_in_season(settings, at.date())
    return time_greeting_at(settings, at).key, tuple(f.key for f in festivals)


def situation_moments(settings: Settings, moments: Sequence[datetime]) -> list[datetime]:
    """At most MAX_SITUATIONS of the moments, each asking something different: the first festival day
    whose wish is expected, then ordinary days at another time of day first."""
    chosen: list[datetime] = []
    keys: set[tuple[str, tuple[str, ...]]] = set()
    festive = [m for m in sorted(moments) if festivals_on(settings, m.date())]
    ordinary = [m for m in sorted(moments) if not festivals_in_season(settings, m.date())]
    for moment in festive[:1]:
        chosen.append(moment)
        keys.add(_what_it_asks(settings, moment))
    bands = {_what_it_asks(settings, m)[0] for m in chosen}
    for moment in sorted(ordinary, key=lambda m: _what_it_asks(settings, m)[0] in bands):
        key = _what_it_asks(settings, moment)
        if len(chosen) < MAX_SITUATIONS and key not in keys:
            chosen.append(moment)
            keys.add(key)
    return sorted(chosen)


def _why(rulebook: Rulebook, main: Rule) -> Text:
    return site_text(
        rulebook, Text(zh=f"“{main.title.zh}”：{main.text.zh}", en=f'"{main.title.en}": {main.text.en}')
    )


def _scenario_questions(rulebook: Rulebook, scenario: Scenario) -> list[Question]:
    rules = rules_for_scenario(rulebook, scenario.id)
    if not rules:
        return []
    main = rulebook.by_id[scenario.rule]
    rule_ids = unique([main.id, *(r.id for r in rules)])
    why = _why(rulebook, main)
    questions = [
        Question(
            id=_gid("script", scenario.id),
            kind="script",
            rules=rule_ids,
            prompt=scenario.prompt,
            why=why,
            origin="generated",
            template="script",
            scenario=scenario.id,
        )
    ]
    examples = {e.at for r in rules for e in r.speech.examples if e.at}  # type: ignore[union-attr]
    for at in situation_moments(rulebook.settings, sorted(examples)):
        when = moment_text(at, rulebook.settings)
        questions.append(
            Question(
                id=_gid("situation", scenario.id, f"{at:%Y%m%d%H%M}"),
                kind="situation",
                rules=rule_ids,
                prompt=Text(zh=f"{when.zh}。{scenario.prompt.zh}", en=f"{when.en}. {scenario.prompt.en}"),
                why=why,
                origin="generated",
                template="situation",
                scenario=scenario.id,
                at=at,
            )
        )
    return questions


def judged_questions(rulebook: Rulebook) -> tuple[Question, ...]:
    """A script question per judged scenario, and its situations at moments that ask something else."""
    return tuple(q for s in rulebook.settings.scenarios for q in _scenario_questions(rulebook, s))


_generated: dict[str, tuple[Question, ...]] = {}


def generate(rulebook: Rulebook) -> tuple[Question, ...]:
    """Every generated question, in the order of the scenarios. Kept per rulebook content."""
    key = rulebook.content_hash
    if key not in _generated:
        _generated[key] = judged_questions(rulebook)
    return _generated[key]


def question_pool(rulebook: Rulebook, bank: Sequence[Question] = ()) -> tuple[Question, ...]:
    return (*generate(rulebook), *bank)
