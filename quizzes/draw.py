"""Drawing a quiz from the pool: random, but reproducible from the seed recorded with the attempt.

Pure: the randomness comes in as a `random.Random` (seeded per attempt). Steps, in a fixed order so that
the same seed, pool and history always give the same quiz:

1. With `cover_critical`, every critical rule of the blueprint's categories gets a question testing it
   (counted in its category's quota). Then every duty of `cover_duties` gets a question on it (a
   trainee's draw skips `trainees_skip`, the registers, and draws no question on those alone), then each
   kind of `at_least` gets its questions (e.g. one ordering question), all counted in their categories'
   quotas.
2. Each category's quota is filled: questions not seen in the person's earlier attempts first, among
   those the situational bank (scenes) first, then questions testing rules the quiz does not test yet.
   Where the pool runs out of unseen questions, seen ones are used again.
3. The questions are shuffled, and so are the options of each choice question; an ordering question is
   never shown in its right order.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import replace

from quizzes.coverage import category_of
from quizzes.model import Blueprint, Question
from rules.model import Rulebook


def usable(
    pool: Sequence[Question], blueprint: Blueprint, rulebook: Rulebook, trainee: bool = False
) -> list[Question]:
    categories = set(blueprint.categories)
    skipped = set(blueprint.trainees_skip) if trainee else set()
    return [
        q
        for q in pool
        if q.kind in blueprint.kinds
        and category_of(rulebook, q) in categories
        and not (q.duties and set(q.duties) <= skipped)
    ]


def draw(
    pool: Sequence[Question],
    blueprint: Blueprint,
    rulebook: Rulebook,
    rng: random.Random,
    seen: Collection[str] = frozenset(),
    trainee: bool = False,
) -> tuple[Question, ...]:
    """The questions of one attempt, in the order shown, with their options in the order shown."""
    candidates = usable(pool, blueprint, rulebook, trainee)
    chosen: list[Question] = []
    quotas = dict(blueprint.quotas)

    def take(options: list[Question]) -> None:
        fresh = [q for q in options if q.id not in seen] or options
        group = [q for q in fresh if q.scene] or fresh  # the situational bank first
        chosen.append(group[rng.randrange(len(group))])

    def has_room(question: Question) -> bool:
        category = category_of(rulebook, question)
        return sum(1 for c in chosen if category_of(rulebook, c) == category) < quotas[category]

    if blueprint.cover_critical:
        for rule in rulebook.rules:
            if rule.severity != "critical" or rule.category not in blueprint.categories:
                continue
            if any(rule.id in q.rules for q in chosen):
                continue
            testing = [q for q in candidates if rule.id in q.rules and q not in chosen]
            if testing:
                take(testing)

    skipped = set(blueprint.trainees_skip) if trainee else set()
    for duty in blueprint.cover_duties:
        if duty in skipped or any(duty in q.duties for q in chosen):
            continue
        on_duty = [q for q in candidates if duty in q.duties and q not in chosen and has_room(q)]
        if on_duty:
            take(on_duty)

    for kind, wanted in blueprint.at_least:
        for _ in range(max(0, wanted - sum(1 for q in chosen if q.kind == kind))):
            room = [q for q in candidates if q.kind == kind and q not in chosen and has_room(q)]
            if room:
                take(room)

    for category, wanted in blueprint.quotas:
        left = [q for q in candidates if category_of(rulebook, q) == category and q not in chosen]
        rng.shuffle(left)
        have = sum(1 for q in chosen if category_of(rulebook, q) == category)
        for _ in range(max(0, wanted - have)):
            if not left:
                break
            tested = {r for q in chosen for r in (*q.rules, *q.duties)}
            best = min(left, key=lambda q, t=tested: _rank(q, seen, t))
            left.remove(best)
            chosen.append(best)

    rng.shuffle(chosen)
    return tuple(shuffle_options(q, rng) for q in chosen)


def _rank(question: Question, seen: Collection[str], tested: set[str]) -> tuple[bool, bool, bool]:
    """Unseen first, scenes first, then what the quiz does not test yet."""
    covered = all(r in tested for r in (*question.rules, *question.duties))
    return question.id in seen, not question.scene, covered


def shuffle_options(question: Question, rng: random.Random) -> Question:
    if len(question.options) < 2:
        return question
    options = list(question.options)
    rng.shuffle(options)
    if question.kind == "ordering" and [o.key for o in options] == list(question.correct):
        options = options[1:] + options[:1]  # never shown already in order
    return replace(question, options=tuple(options))


def new_seed(rng: random.Random) -> int:
    """A seed to record with an attempt (31 bits: fits an INTEGER column on every database)."""
    return rng.randrange(2**31)
