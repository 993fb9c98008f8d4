"""Questions generated from the rulebook where a template tests judgement, not recall of the filing.

Pure and deterministic (no randomness: options are shuffled when a quiz is drawn). Each question id names
its template and its rule, e.g. `g.wrong.phone.answer.1`. Prompts name the situation (接听来电时 ...), never
the rule's title, which would give the answer away. Templates:

- `wrong` (a forbidden phrasing in a real slip; single): in this situation, which wording breaks the code?
  The slip is the rule's own bad example; the others are wordings the judge passes there.
- `better` (a real slip; single): a colleague said <slip>; what should they have said? The right wording is
  the slip repaired (or the situation's model wording); the others are other real slips of that situation.
- `good` / `bad` (speech.examples; single): which wording is right / wrong, each at its stated moment (a
  dated greeting is right at 08:30 and wrong at 19:45).
- `script` (settings.scenarios; script): the scenario's prompt, judged when answered.
- `situation` (the moments of the examples; situation): the prompt at that moment, judged at it.

Asking a rule's text from its title, which rule a self-check question belongs to, bare forbidden words as
options and the order of a form's parts taught nothing a trainee uses at the desk (the form of a phone
answer is not the procedure's order: item 28 asks to greet, name the centre and then let the caller
speak), so they are not generated; the banks hold hand-written questions on those rules.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import TypeVar

from quizzes.centre import site_free, site_free_en, site_text
from quizzes.lint import echoed, much_longer
from quizzes.model import GENERATED_PREFIX, SITE, Option, Question, unique
from rules.catalog import rules_for_scenario
from rules.judge import judge
from rules.model import Example, Forbidden, Rule, Rulebook, Scenario, Text

DISTRACTORS = 3  # wrong options of a single-choice question, where there are that many
T = TypeVar("T")
# When a wording without a moment of its own is judged: an ordinary weekday morning, no festival.
ORDINARY_MOMENT = datetime(2026, 11, 26, 10, 0)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _usable(rulebook: Rulebook, examples: Sequence[Example]) -> list[Example]:
    """Examples a question can show: one that names another centre than its own (说错中心名称) would read
    as right once every centre becomes the taker's own, so it stays a judge example only."""
    suffixes = rulebook.settings.site_suffixes
    return [e for e in examples if not any(s in site_free(rulebook, e.text, e.site) for s in suffixes)]


def moment_text(at: datetime) -> Text:
    """A local moment as the question shows it: 2026年12月25日 14:30 / 25 Dec 2026, 14:30."""
    return Text(
        zh=f"{at.year}年{at.month}月{at.day}日 {at:%H:%M}",
        en=f"{at.day} {_MONTHS[at.month - 1]} {at.year}, {at:%H:%M}",
    )


def _rotated(items: Sequence[T], start: int) -> list[T]:
    """The items starting at `start`, wrapping round: neighbouring questions get different options."""
    return [items[(start + k) % len(items)] for k in range(len(items))] if items else []


def _options(correct: Sequence[Text], wrong: Sequence[Text]) -> tuple[tuple[Option, ...], tuple[str, ...]]:
    """Options o1, o2 ... right ones first (the draw shuffles them), duplicates of a right one dropped."""
    texts: list[Text] = []
    seen: set[str] = set()
    for text in [*correct, *wrong]:
        if text.zh not in seen:
            seen.add(text.zh)
            texts.append(text)
    options = tuple(Option(f"o{i + 1}", t) for i, t in enumerate(texts))
    return options, tuple(o.key for o in options[: len(correct)])


def _gid(template: str, *parts: str | int) -> str:
    return GENERATED_PREFIX + ".".join([template, *(str(p) for p in parts)])


# --- wordings and situations -----------------------------------------------------------------------


def _example_text(rulebook: Rulebook, example: Example) -> Text:
    words = site_free(rulebook, example.text, example.site)
    gloss = site_free_en(site_free(rulebook, example.en, example.site))
    prefix = moment_text(example.at) if example.at else None
    zh = f"（{prefix.zh}）{words}" if prefix else words
    en = f"({prefix.en}) {words} — {gloss}" if prefix else f"{words} — {gloss}"
    return Text(zh=zh, en=en)


def _scenario(rulebook: Rulebook, rule: Rule) -> Scenario:
    """The rule's scenario its examples are set in: the one where most of its good examples pass
    (喂 and 你 are slips in every scenario; their examples are greetings at the desk)."""
    assert rule.speech is not None
    scenarios = [s for s in rulebook.settings.scenarios if s.id in rule.speech.scenarios]
    good = [e for e in _usable(rulebook, rule.speech.examples) if e.ok]

    def fits(scenario: Scenario) -> int:
        return sum(_passes_in(rulebook, scenario, site_free(rulebook, e.text, e.site), e.at) for e in good)

    return max(scenarios, key=lambda s: (fits(s), -scenarios.index(s)))


def _when(scenario: Scenario) -> Text:
    return Text(zh=f"{scenario.name.zh}时", en=scenario.name.en)


def _passes_in(rulebook: Rulebook, scenario: Scenario, text: str, at: datetime | None) -> bool:
    return judge(rulebook, scenario.id, text, at=at or ORDINARY_MOMENT, site=SITE).ok


def _scenario_rules(rulebook: Rulebook, scenario: Scenario) -> list[Rule]:
    return list(rules_for_scenario(rulebook, scenario.id))


def _good_wordings(rulebook: Rulebook, scenario: Scenario) -> list[Example]:
    """Good examples of the scenario's rules that the judge passes in it, undated ones first."""
    found = [
        e for r in _scenario_rules(rulebook, scenario) for e in _usable(rulebook, r.speech.examples) if e.ok
    ]  # type: ignore[union-attr]
    found.sort(key=lambda e: e.at is not None)
    return [e for e in found if _passes_in(rulebook, scenario, site_free(rulebook, e.text, e.site), e.at)]


def _slips(rulebook: Rulebook, scenario: Scenario) -> list[Example]:
    """Bad examples of the scenario's rules that the judge fails in it: real mistakes, undated ones first."""
    found = [
        e
        for r in _scenario_rules(rulebook, scenario)
        for e in _usable(rulebook, r.speech.examples)
        if not e.ok
    ]  # type: ignore[union-attr]
    found.sort(key=lambda e: e.at is not None)
    return [e for e in found if not _passes_in(rulebook, scenario, site_free(rulebook, e.text, e.site), e.at)]


def _close_in_length(target: str, candidates: Sequence[Text], count: int) -> list[Text]:
    """The candidates nearest in length to the target (ties in the given order), so that no option
    stands out by its length."""
    ranked = sorted(enumerate(candidates), key=lambda p: (abs(len(p[1].zh) - len(target)), p[0]))
    return [t for _, t in ranked[:count]]


def _slip_why(rulebook: Rulebook, forbidden: Forbidden) -> Text:
    better = site_free(rulebook, forbidden.better.zh).split(" / ")[0]
    return Text(
        zh=f"不要说“{'”“'.join(forbidden.phrasings)}”，应说“{better}”。",
        en=f'Do not say "{forbidden.phrase}" ({forbidden.gloss}); say "{better}" ({forbidden.better.en}).',
    )


def wrong_questions(rulebook: Rulebook, rule: Rule) -> tuple[Question, ...]:
    """For each forbidden phrasing with a real slip among the rule's examples (each slip once): which
    wording breaks the code? The other options are wordings the judge passes there."""
    if rule.speech is None or not rule.speech.forbidden:
        return ()
    scenario = _scenario(rulebook, rule)
    good = [_example_text(rulebook, e) for e in _good_wordings(rulebook, scenario)]
    questions: list[Question] = []
    used: set[str] = set()
    for i, forbidden in enumerate(rule.speech.forbidden):
        slip = next(
            (
                e
                for e in _usable(rulebook, rule.speech.examples)
                if not e.ok and any(p in e.text for p in forbidden.phrasings)
            ),
            None,
        )
        if slip is None or slip.text in used or len(good) < 2:
            continue
        used.add(slip.text)
        bad = _example_text(rulebook, slip)
        options, correct = _options([bad], _close_in_length(bad.zh, _rotated(good, i), DISTRACTORS))
        when = _when(scenario)
        questions.append(
            Question(
                id=_gid("wrong", rule.id, i + 1),
                kind="single",
                rules=(rule.id,),
                prompt=Text(
                    zh=f"{when.zh}，以下哪句话不合规范？", en=f"{when.en}: which of these breaks the code?"
                ),
                why=_slip_why(rulebook, forbidden),
                origin="generated",
                template="wrong",
                options=options,
                correct=correct,
            )
        )
    return tuple(questions)


def _shared(a: str, b: str) -> int:
    return len(set(a) & set(b))


def _better_wording(rulebook: Rulebook, scenario: Scenario, rule: Rule, said: str) -> str | None:
    """What the slip should have been: the better wording of the forbidden phrasing it contains, when
    the judge passes it there; else the rule's good example closest to what was meant."""
    assert rule.speech is not None
    for forbidden in rule.speech.forbidden:
        if any(p in said for p in forbidden.phrasings):
            better = forbidden.better.zh.split(" / ")[0]
            if _passes_in(rulebook, scenario, better, None):
                return better
    undated = [
        site_free(rulebook, e.text, e.site)
        for e in _usable(rulebook, rule.speech.examples)
        if e.ok and e.at is None
    ]
    good = [g for g in undated if _passes_in(rulebook, scenario, g, None)]
    return max(good, key=lambda g: _shared(g, said)) if good else None


def _near_misses(rulebook: Rulebook, scenario: Scenario, right: str) -> list[str]:
    """The right wording with the slips staff really make in it: 你 for 您, the centre's name left out."""
    variants = [right.replace("您", "你"), right.replace(f"{SITE}，", ""), right.replace("请问", "")]
    return [v for v in unique(variants) if v != right and not _passes_in(rulebook, scenario, v, None)]


def better_questions(rulebook: Rulebook, rule: Rule) -> tuple[Question, ...]:
    """For each undated slip of the rule: a colleague said it; which wording should it have been? The
    other options are the rule's other slips and the right wording with a slip still in it."""
    if rule.speech is None or not rule.speech.forbidden:
        return ()
    scenario = _scenario(rulebook, rule)
    failing = _slips(rulebook, scenario)
    own = [e for e in _usable(rulebook, rule.speech.examples) if not e.ok and e.at is None and e in failing]
    when = _when(scenario)
    questions: list[Question] = []
    asked: set[tuple[str, frozenset[str]]] = set()
    for i, slip in enumerate(own):
        said = site_free(rulebook, slip.text, slip.site)
        right = _better_wording(rulebook, scenario, rule, said)
        if right is None or echoed(right, said):  # a slip one word off its repair gives the answer away
            continue
        wrong = [Text(zh=v, en=v) for v in _near_misses(rulebook, scenario, right)]
        # Other slips only where they are not just another of the rule's forbidden words (唉 for 喂).
        phrasings = [p for f in rule.speech.forbidden for p in f.phrasings]
        wrong += [
            _example_text(rulebook, e) for e in own if e != slip and not any(p in e.text for p in phrasings)
        ]
        wrong = [t for t in wrong if t.zh not in (right, said)]
        if len(wrong) < 2:  # 您 against 你 alone is a spelling test, not a choice
            continue
        right_text = Text(zh=right, en=right)
        options, correct = _options([right_text], _close_in_length(right, wrong, DISTRACTORS))
        offered = (right, frozenset(o.text.zh for o in options))
        if offered in asked:  # another slip with the same repair: the same question again
            continue
        asked.add(offered)
        candidate = Question(
            id=_gid("better", rule.id, i + 1),
            kind="single",
            rules=(rule.id,),
            prompt=Text(
                zh=f"{when.zh}，一位同事说：“{said}”应该怎么说才合规范？",
                en=f'{when.en}: a colleague said "{said}" ({site_free_en(slip.en)}). '
                "What should they have said?",
            ),
            why=_note(slip, Text(zh=rule.text.zh, en=rule.text.en), rulebook),
            origin="generated",
            template="better",
            options=options,
            correct=correct,
        )
        if not much_longer(candidate):
            questions.append(candidate)
    return tuple(questions)


def _note(example: Example, fallback: Text, rulebook: Rulebook) -> Text:
    return site_text(rulebook, example.note if example.note is not None else fallback)


def example_questions(rulebook: Rulebook, rule: Rule) -> tuple[Question, ...]:
    if rule.speech is None:
        return ()
    good = [e for e in _usable(rulebook, rule.speech.examples) if e.ok]
    bad = [e for e in _usable(rulebook, rule.speech.examples) if not e.ok]
    if not good or not bad:
        return ()
    when = _when(_scenario(rulebook, rule))
    questions = []
    for template, right, others in (("good", good, bad), ("bad", bad, good)):
        for i, example in enumerate(right):
            text = _example_text(rulebook, example)
            pool = [_example_text(rulebook, e) for e in _rotated(others, i)]
            options, correct = _options([text], _close_in_length(text.zh, pool, DISTRACTORS))
            if template == "good":
                prompt = Text(zh=f"{when.zh}，以下哪句说得合乎规范？", en=f"{when.en}: which is right?")
                fallback = Text(zh="其余说法都违反了这条规范。", en="Each other wording breaks the rule.")
            else:
                prompt = Text(zh=f"{when.zh}，以下哪句说得不合规范？", en=f"{when.en}: which is wrong?")
                fallback = Text(zh=rule.text.zh, en=rule.text.en)
            question = Question(
                id=_gid(template, rule.id, i + 1),
                kind="single",
                rules=(rule.id,),
                prompt=prompt,
                why=_note(example, fallback, rulebook),
                origin="generated",
                template=template,
                options=options,
                correct=correct,
            )
            if not much_longer(question):  # a long right wording among curt slips gives itself away
                questions.append(question)
    return tuple(questions)


# --- judged scenarios -------------------------------------------------------------------------------


def judged_questions(rulebook: Rulebook) -> tuple[Question, ...]:
    """A script question per judged scenario, and a situation per moment its examples are set at."""
    questions: list[Question] = []
    for scenario in rulebook.settings.scenarios:
        rules = rules_for_scenario(rulebook, scenario.id)
        if not rules:
            continue
        main = rulebook.by_id[scenario.rule]
        rule_ids = unique([main.id, *(r.id for r in rules)])
        why = site_text(
            rulebook, Text(zh=f"“{main.title.zh}”：{main.text.zh}", en=f'"{main.title.en}": {main.text.en}')
        )
        questions.append(
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
        )
        moments = sorted({e.at for r in rules for e in _usable(rulebook, r.speech.examples) if e.at})  # type: ignore[union-attr]
        for at in moments:
            when = moment_text(at)
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
    return tuple(questions)


# --- the pool ---------------------------------------------------------------------------------------


def _per_rule(rulebook: Rulebook) -> Iterator[Question]:
    """Each rule's questions; one that offers the same options with the same answer as an earlier one
    (a slip asked as `wrong` and again as `bad`) is left out."""
    offered: set[tuple[frozenset[str], frozenset[str]]] = set()
    for rule in rulebook.rules:
        for question in (
            *wrong_questions(rulebook, rule),
            *better_questions(rulebook, rule),
            *example_questions(rulebook, rule),
        ):
            texts = {o.key: o.text.zh for o in question.options}
            key = (frozenset(texts.values()), frozenset(texts[k] for k in question.correct))
            if key not in offered:
                offered.add(key)
                yield question


_generated: dict[str, tuple[Question, ...]] = {}


def generate(rulebook: Rulebook) -> tuple[Question, ...]:
    """Every generated question, in rulebook order, then the judged scenarios. Deterministic, so kept
    per rulebook content (the judge runs over every wording)."""
    key = rulebook.content_hash
    if key not in _generated:
        _generated[key] = (*_per_rule(rulebook), *judged_questions(rulebook))
    return _generated[key]


def question_pool(rulebook: Rulebook, bank: Sequence[Question] = ()) -> tuple[Question, ...]:
    return (*generate(rulebook), *bank)
