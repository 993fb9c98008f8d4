"""Questions generated from the rulebook, so that every rule has at least one.

Pure and deterministic (no randomness: options are shuffled when a quiz is drawn). One template per
rule field; each question id names its template and its rule, e.g. `g.rule.phone.three_rings`:

- `rule` (title, text; single): what does the rule <title> ask? Distractors: texts of the same category.
- `check` / `check_other` (the self-check question; true_false): "this self-check question checks the
  rule <title>": true for its own rule, false with another rule of the category.
- `wrong` (speech.forbidden; single): which wording breaks the rule? Distractors: good examples and
  better wordings of the rules sharing a scenario.
- `better` (speech.forbidden; single): instead of <phrase>, say? Distractors: other forbidden phrasings.
- `forbidden_set` (two or more forbidden phrasings; multiple): which of these must you not say?
- `order` (speech.forms with ordered elements; ordering): put the elements in the order said.
- `good` / `bad` (speech.examples; single): which wording follows / breaks the rule?
- `script` (settings.scenarios; script): the scenario's prompt, judged when answered.
- `situation` (the moments of the examples; situation): the prompt at that moment, judged at it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import chain, islice
from typing import TypeVar

from quizzes.model import GENERATED_PREFIX, SITE, Option, Question, unique
from rules.catalog import rules_for_scenario
from rules.judge import judge_rules
from rules.model import Example, Forbidden, Rule, Rulebook, Text

DISTRACTORS = 3  # wrong options of a single-choice question, where there are that many
MULTI_CORRECT = 4
MULTI_WRONG = 2
T = TypeVar("T")
# When a wording without a moment of its own is judged: an ordinary weekday morning, no festival.
ORDINARY_MOMENT = datetime(2026, 11, 26, 10, 0)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


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


# --- title and text ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Index:
    """The rulebook's rules by category and by scenario, built once per rulebook: looking a rule's
    neighbours up in the whole list for every rule made building the questions quadratic."""

    by_category: dict[str, list[Rule]]
    position: dict[str, int]  # rule id -> place in the rulebook
    by_scenario: dict[str, list[Rule]]  # speech rules


_indexes: dict[int, tuple[Rulebook, _Index]] = {}


def _index(rulebook: Rulebook) -> _Index:
    found = _indexes.get(id(rulebook))
    if found is not None and found[0] is rulebook:
        return found[1]
    by_category: dict[str, list[Rule]] = {c.id: [] for c in rulebook.categories}
    by_scenario: dict[str, list[Rule]] = {}
    for rule in rulebook.rules:
        by_category.setdefault(rule.category, []).append(rule)
        for scenario in rule.speech.scenarios if rule.speech is not None else ():
            by_scenario.setdefault(scenario, []).append(rule)
    index = _Index(by_category, {r.id: n for n, r in enumerate(rulebook.rules)}, by_scenario)
    if len(_indexes) >= 8:  # a few rulebooks at most (a content edit gives a new one)
        _indexes.clear()
    _indexes[id(rulebook)] = (rulebook, index)
    return index


def _neighbours(rulebook: Rulebook, rule: Rule) -> Iterator[Rule]:
    """Other rules to draw distractors from: the rule's own category first (starting after it, so
    that neighbouring rules get different distractors), then the following categories. Lazy: the
    callers take the first few."""
    index = _index(rulebook)
    same = index.by_category[rule.category]
    at = next(n for n, r in enumerate(same) if r.id == rule.id)
    yield from chain(same[at + 1 :], same[:at])
    order = [c.id for c in rulebook.categories]
    start = order.index(rule.category)
    for category in _rotated(order, start + 1):
        if category != rule.category:
            yield from index.by_category.get(category, ())


def which_rule(rulebook: Rulebook, rule: Rule) -> Question:
    wrong = [r.text for r in islice(_neighbours(rulebook, rule), DISTRACTORS)]
    options, correct = _options([rule.text], wrong)
    return Question(
        id=_gid("rule", rule.id),
        kind="single",
        rules=(rule.id,),
        prompt=Text(zh=f"规范“{rule.title.zh}”的要求是：", en=f'What does the rule "{rule.title.en}" ask?'),
        why=Text(
            zh=f"这是规范“{rule.title.zh}”的原文；其余选项出自其他规范。",
            en=f'This is the wording of "{rule.title.en}"; the other options come from other rules.',
        ),
        origin="generated",
        template="rule",
        options=options,
        correct=correct,
    )


# --- self-check questions ---------------------------------------------------------------------------


def _check_statement(check: Text, title: Text) -> Text:
    return Text(
        zh=f"自查问题“{check.zh}”检查的是规范“{title.zh}”。",
        en=f'The self-check question "{check.en}" checks the rule "{title.en}".',
    )


def check_questions(rulebook: Rulebook, rule: Rule) -> tuple[Question, ...]:
    if rule.check is None:
        return ()
    true = Question(
        id=_gid("check", rule.id),
        kind="true_false",
        rules=(rule.id,),
        prompt=_check_statement(rule.check, rule.title),
        why=Text(
            zh=f"这个自查问题回答“是”，就表示做到了“{rule.title.zh}”。",
            en=f'Answering "yes" to this self-check question means you keep "{rule.title.en}".',
        ),
        origin="generated",
        template="check",
        answer=True,
    )
    other = next((r for r in _neighbours(rulebook, rule) if r.check is not None), None)
    if other is None:
        return (true,)
    false = Question(
        id=_gid("check_other", rule.id),
        kind="true_false",
        rules=(rule.id,),
        prompt=_check_statement(rule.check, other.title),
        why=Text(
            zh=f"这个自查问题检查的是“{rule.title.zh}”，不是“{other.title.zh}”。",
            en=f'This self-check question checks "{rule.title.en}", not "{other.title.en}".',
        ),
        origin="generated",
        template="check_other",
        answer=False,
    )
    return (true, false)


# --- speech: forbidden phrasings --------------------------------------------------------------------


def _example_text(example: Example) -> Text:
    prefix = moment_text(example.at) if example.at else None
    zh = f"（{prefix.zh}）{example.text}" if prefix else example.text
    en = f"({prefix.en}) {example.text} — {example.en}" if prefix else f"{example.text} — {example.en}"
    return Text(zh=zh, en=en)


def _phrase_text(phrase: str, forbidden: Forbidden) -> Text:
    return Text(zh=phrase, en=f"{phrase} — {forbidden.gloss}")


def _better_text(forbidden: Forbidden) -> Text:
    return Text(zh=forbidden.better.zh, en=f"{forbidden.better.zh} — {forbidden.better.en}")


def _slip_why(forbidden: Forbidden) -> Text:
    return Text(
        zh=f"不要说“{'”“'.join(forbidden.phrasings)}”，应说“{forbidden.better.zh}”。",
        en=f'Do not say "{forbidden.phrase}" ({forbidden.gloss}); say "{forbidden.better.zh}" '
        f"({forbidden.better.en}).",
    )


def _speech_rules(rulebook: Rulebook, rule: Rule) -> list[Rule]:
    """The rule, then every other speech rule sharing one of its scenarios, in rulebook order."""
    assert rule.speech is not None
    index = _index(rulebook)
    related = {
        r.id: r for s in rule.speech.scenarios for r in index.by_scenario.get(s, ()) if r.id != rule.id
    }
    return [rule, *sorted(related.values(), key=lambda r: index.position[r.id])]


def _good_wordings(rulebook: Rulebook, rule: Rule) -> Iterator[Text]:
    """Wordings the judge passes against this rule: good examples of the rules sharing a scenario
    with it (those without a moment first), then their better wordings. A bare better wording
    (有什么可以帮到您？) is no complete phone answer, so the judge keeps it out where a form is due.
    Lazy, as judging is the costly part: the caller takes as many as it shows."""
    site = rulebook.settings.example_site
    related = _speech_rules(rulebook, rule)
    examples = [e for r in related for e in r.speech.examples if e.ok]  # type: ignore[union-attr]
    examples.sort(key=lambda e: e.at is not None)
    verdicts: dict[tuple[str, datetime | None, str], bool] = {}  # the same wording is judged once

    def passes(text: str, at: datetime | None, where: str) -> bool:
        if (text, at, where) not in verdicts:
            verdicts[(text, at, where)] = _passes(rulebook, rule, text, at, where)
        return verdicts[(text, at, where)]

    for e in examples:
        if passes(e.text, e.at, e.site or site):
            yield _example_text(e)
    for r in related:
        for f in r.speech.forbidden:  # type: ignore[union-attr]
            if passes(f.better.zh.replace(SITE, site), None, site):
                yield Text(zh=f.better.zh, en=f"{f.better.zh} — {f.better.en}")


def _passes(rulebook: Rulebook, rule: Rule, text: str, at: datetime | None, site: str) -> bool:
    return judge_rules(rulebook, [rule], text, at=at or ORDINARY_MOMENT, site=site).ok


def forbidden_questions(rulebook: Rulebook, rule: Rule) -> tuple[Question, ...]:
    if rule.speech is None or not rule.speech.forbidden:
        return ()
    questions: list[Question] = []
    # Question i shows the DISTRACTORS wordings from place i on (wrapping round): no more are needed.
    good = list(islice(_good_wordings(rulebook, rule), len(rule.speech.forbidden) - 1 + DISTRACTORS))
    others = [
        (p, f)
        for r in _speech_rules(rulebook, rule)
        for f in r.speech.forbidden  # type: ignore[union-attr]
        for p in f.phrasings
    ]
    for i, forbidden in enumerate(rule.speech.forbidden):
        bad = next(
            (
                _example_text(e)
                for e in rule.speech.examples
                if not e.ok and any(p in e.text for p in forbidden.phrasings)
            ),
            _phrase_text(forbidden.phrase, forbidden),
        )
        options, correct = _options([bad], _rotated(good, i)[:DISTRACTORS])
        questions.append(
            Question(
                id=_gid("wrong", rule.id, i + 1),
                kind="single",
                rules=(rule.id,),
                prompt=Text(
                    zh=f"以下哪句话违反了规范“{rule.title.zh}”？",
                    en=f'Which of these breaks the rule "{rule.title.en}"?',
                ),
                why=_slip_why(forbidden),
                origin="generated",
                template="wrong",
                options=options,
                correct=correct,
            )
        )
        wrong = list(
            islice(
                (_phrase_text(p, f) for p, f in others if f != forbidden and p != forbidden.better.zh),
                i + DISTRACTORS,
            )
        )
        options, correct = _options([_better_text(forbidden)], _rotated(wrong, i)[:DISTRACTORS])
        questions.append(
            Question(
                id=_gid("better", rule.id, i + 1),
                kind="single",
                rules=(rule.id,),
                prompt=Text(
                    zh=f"不能说“{forbidden.phrase}”，应该怎么说？",
                    en=f'Instead of "{forbidden.phrase}" ({forbidden.gloss}), what should you say?',
                ),
                why=_slip_why(forbidden),
                origin="generated",
                template="better",
                options=options,
                correct=correct,
            )
        )
    if len(rule.speech.forbidden) >= 2:
        bad_texts = [_phrase_text(f.phrase, f) for f in rule.speech.forbidden][:MULTI_CORRECT]
        fine = unique(f.better.zh for f in rule.speech.forbidden)
        fine_texts = [
            _better_text(next(f for f in rule.speech.forbidden if f.better.zh == zh)) for zh in fine
        ]
        options, correct = _options(bad_texts, fine_texts[:MULTI_WRONG])
        questions.append(
            Question(
                id=_gid("forbidden_set", rule.id),
                kind="multiple",
                rules=(rule.id,),
                prompt=Text(
                    zh=f"按规范“{rule.title.zh}”，以下哪些说法不能说？（可多选）",
                    en=f'Following the rule "{rule.title.en}", which of these must you not say? '
                    "(choose all that apply)",
                ),
                why=Text(
                    zh="；".join(_slip_why(f).zh for f in rule.speech.forbidden),
                    en=" ".join(_slip_why(f).en for f in rule.speech.forbidden),
                ),
                origin="generated",
                template="forbidden_set",
                options=options,
                correct=correct,
            )
        )
    return tuple(questions)


# --- speech: forms and examples ---------------------------------------------------------------------


def order_questions(rule: Rule) -> tuple[Question, ...]:
    if rule.speech is None:
        return ()
    questions = []
    for form in rule.speech.forms:
        ordered = sorted((e for e in form.elements if e.order is not None), key=lambda e: e.order or 0)
        if len(ordered) < 2:
            continue
        options = tuple(Option(f"o{i + 1}", e.label) for i, e in enumerate(ordered))
        steps = Text(
            zh=" → ".join(e.label.zh for e in ordered),
            en=" → ".join(e.label.en for e in ordered),
        )
        model = f"{form.model}" if form.model else ""
        questions.append(
            Question(
                id=_gid("order", rule.id, form.key),
                kind="ordering",
                rules=(rule.id,),
                prompt=Text(
                    zh=f"按规范“{rule.title.zh}”，请按先后顺序排列：",
                    en=f'Following the rule "{rule.title.en}", put these in the order you say them:',
                ),
                why=Text(
                    zh=f"依次：{steps.zh}。" + (f"例如：“{model}”" if model else ""),
                    en=f"In turn: {steps.en}." + (f' For example: "{model}"' if model else ""),
                ),
                origin="generated",
                template="order",
                options=options,
                correct=tuple(o.key for o in options),
            )
        )
    return tuple(questions)


def _note(example: Example, fallback: Text) -> Text:
    return example.note if example.note is not None else fallback


def example_questions(rule: Rule) -> tuple[Question, ...]:
    if rule.speech is None:
        return ()
    good = [e for e in rule.speech.examples if e.ok]
    bad = [e for e in rule.speech.examples if not e.ok]
    if not good or not bad:
        return ()
    questions = []
    for i, example in enumerate(good):
        wrong = [_example_text(e) for e in _rotated(bad, i)][:DISTRACTORS]
        options, correct = _options([_example_text(example)], wrong)
        questions.append(
            Question(
                id=_gid("good", rule.id, i + 1),
                kind="single",
                rules=(rule.id,),
                prompt=Text(
                    zh=f"以下哪句符合规范“{rule.title.zh}”？",
                    en=f'Which of these follows the rule "{rule.title.en}"?',
                ),
                why=_note(
                    example,
                    Text(zh="其余说法都违反了这条规范。", en="Each of the other wordings breaks this rule."),
                ),
                origin="generated",
                template="good",
                options=options,
                correct=correct,
            )
        )
    for i, example in enumerate(bad):
        wrong = [_example_text(e) for e in _rotated(good, i)][:DISTRACTORS]
        options, correct = _options([_example_text(example)], wrong)
        questions.append(
            Question(
                id=_gid("bad", rule.id, i + 1),
                kind="single",
                rules=(rule.id,),
                prompt=Text(
                    zh=f"以下哪句不符合规范“{rule.title.zh}”？",
                    en=f'Which of these breaks the rule "{rule.title.en}"?',
                ),
                why=_note(example, Text(zh=rule.text.zh, en=rule.text.en)),
                origin="generated",
                template="bad",
                options=options,
                correct=correct,
            )
        )
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
        why = Text(zh=f"“{main.title.zh}”：{main.text.zh}", en=f'"{main.title.en}": {main.text.en}')
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
        moments = sorted({e.at for r in rules for e in r.speech.examples if e.at})  # type: ignore[union-attr]
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
    for rule in rulebook.rules:
        yield which_rule(rulebook, rule)
        yield from check_questions(rulebook, rule)
        yield from forbidden_questions(rulebook, rule)
        yield from order_questions(rule)
        yield from example_questions(rule)


def generate(rulebook: Rulebook) -> tuple[Question, ...]:
    """Every generated question, in rulebook order, then the judged scenarios."""
    return (*_per_rule(rulebook), *judged_questions(rulebook))


def question_pool(rulebook: Rulebook, bank: Sequence[Question] = ()) -> tuple[Question, ...]:
    return (*generate(rulebook), *bank)


def category_of(rulebook: Rulebook, question: Question) -> str:
    """A question belongs to the category of its first rule."""
    return rulebook.by_id[question.rules[0]].category


def coverage(rulebook: Rulebook, pool: Sequence[Question]) -> list[tuple[str, int, int]]:
    """(rule id, generated questions, bank questions) for every rule; rules with none first,
    then in rulebook order."""
    rows = []
    for rule in rulebook.rules:
        testing = [q for q in pool if rule.id in q.rules]
        rows.append(
            (rule.id, sum(q.origin == "generated" for q in testing), sum(q.origin == "bank" for q in testing))
        )
    return sorted(rows, key=lambda row: row[1] + row[2] > 0)
