"""Questions generated from the rulebook: the judged scenarios, answered in the trainee's own words.

Pure and deterministic. Each question id names its template and scenario, e.g. `g.script.phone.answer`.
Templates:

- `script` (settings.scenarios; script): the scenario's prompt, judged when answered.
- `situation` (situation): the prompt on a festival day, judged at that moment, for a scenario whose
  words take a festival wish (greeting an owner: the wish is due face to face; answering the phone: it
  may open the call). One per such scenario, at the first example moment whose festival wish is due;
  not one per example moment: wordings that differ only by the hour teach nothing the script (judged at
  the hour it is answered) does not, and the banks set greetings at stated hours in their scenes.

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
from rules.greeting_calendar import festivals_on
from rules.model import Rule, Rulebook, Scenario, Settings, Text

MAX_SITUATIONS = 1  # per judged scenario whose words take a festival wish: on a festival day
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


def situation_moments(settings: Settings, moments: Sequence[datetime]) -> list[datetime]:
    """The first MAX_SITUATIONS of the moments on which a festival's wish is due."""
    return [m for m in sorted(moments) if festivals_on(settings, m.date())][:MAX_SITUATIONS]


def takes_a_festival_wish(rulebook: Rulebook, scenario: Scenario) -> bool:
    """Whether a festival day changes the words the scenario's forms ask for or accept (a festival wish).
    Asking a caller's name, passing on a message or seeing a visitor off is said the same way any day."""
    own = [r for r in rules_for_scenario(rulebook, scenario.id) if scenario.id in r.speech.scenarios]  # type: ignore[union-attr]
    elements = [e for r in own for f in r.speech.forms for e in f.elements]  # type: ignore[union-attr]
    return any(
        e.condition == "festival_day" or any("{festival_greeting}" in v for v in e.variants) for e in elements
    )


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
    moments = (
        situation_moments(rulebook.settings, sorted(examples))
        if takes_a_festival_wish(rulebook, scenario)
        else []
    )
    for at in moments:
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
    """A script question per judged scenario, and a festival-day situation where the day changes it."""
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
