"""Blueprint draws: random but reproducible from the seed, covering every critical rule, fresh on a retake."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace

import pytest

from quizzes.coverage import category_of
from quizzes.draw import draw, new_seed, shuffle_options, usable


def onboarding(content):
    return content.blueprint("onboarding")


def ids(questions):
    return [q.id for q in questions]


def test_the_same_seed_draws_the_same_quiz_with_the_same_option_order(content, rulebook):
    first = draw(content.pool, onboarding(content), rulebook, random.Random(2026))
    again = draw(content.pool, onboarding(content), rulebook, random.Random(2026))
    assert first == again
    assert ids(first) != ids(draw(content.pool, onboarding(content), rulebook, random.Random(2027)))


def test_the_draw_takes_each_categorys_quota(content, rulebook):
    blueprint = onboarding(content)
    drawn = draw(content.pool, blueprint, rulebook, random.Random(1))
    assert Counter(category_of(rulebook, q) for q in drawn) == dict(blueprint.quotas)
    assert len(set(ids(drawn))) == len(drawn) == blueprint.size == 33


@pytest.mark.parametrize("seed", range(25))
def test_every_critical_rule_is_covered_in_the_onboarding_draw(content, rulebook, seed):
    drawn = draw(content.pool, onboarding(content), rulebook, random.Random(seed))
    tested = {r for q in drawn for r in q.rules}
    assert {"before_shift.no_alcohol", "address.no_wei_or_ai", "phone.three_rings"} <= tested


@pytest.mark.parametrize("seed", range(10))
def test_the_onboarding_draw_has_the_kinds_it_asks_for(content, rulebook, seed):
    kinds = Counter(q.kind for q in draw(content.pool, onboarding(content), rulebook, random.Random(seed)))
    assert kinds["ordering"] >= 1 and kinds["multiple"] >= 1 and kinds["situation"] >= 1


def test_a_retake_repeats_no_question_where_the_pool_allows(content, rulebook):
    blueprint = onboarding(content)
    first = draw(content.pool, blueprint, rulebook, random.Random(11))
    second = draw(content.pool, blueprint, rulebook, random.Random(12), seen=set(ids(first)))
    quotas = dict(blueprint.quotas)
    in_pool = Counter(category_of(rulebook, q) for q in usable(content.pool, blueprint, rulebook))
    repeated = [q for q in second if q.id in set(ids(first))]
    assert all(in_pool[category_of(rulebook, q)] < 2 * quotas[category_of(rulebook, q)] for q in repeated)


def test_a_retake_reuses_seen_questions_only_when_the_pool_runs_out(content, rulebook):
    blueprint = replace(content.blueprint("practice.demeanour"), quotas=(("demeanour", 5),))
    pool = [q for q in usable(content.pool, blueprint, rulebook)][:5]  # 5 questions in the pool, 5 drawn
    first = draw(pool, blueprint, rulebook, random.Random(1))
    second = draw(pool, blueprint, rulebook, random.Random(2), seen=set(ids(first)))
    assert sorted(ids(first)) == sorted(ids(second)) and len(first) == 5


def test_a_practice_quiz_draws_from_its_category_only(content, rulebook):
    drawn = draw(content.pool, content.blueprint("practice.phone"), rulebook, random.Random(3))
    assert {category_of(rulebook, q) for q in drawn} == {"phone"} and len(drawn) == 6
    assert all(q.kind in {"single", "multiple", "true_false", "ordering", "situation"} for q in drawn)


def test_options_are_shuffled_and_the_key_follows_them(content, rulebook):
    question = content.questions["scene.phone.colleague_out_which_replies"]
    shown = shuffle_options(question, random.Random(5))
    assert sorted(o.key for o in shown.options) == sorted(o.key for o in question.options)
    assert [o.key for o in shown.options] != [o.key for o in question.options]
    assert shown.correct == question.correct


@pytest.mark.parametrize("seed", range(30))
def test_an_ordering_question_is_never_shown_in_its_right_order(content, rulebook, seed):
    question = content.questions["phone.steps_of_a_call"]
    assert tuple(o.key for o in shuffle_options(question, random.Random(seed)).options) != question.correct


def test_seeds_fit_an_integer_column():
    rng = random.Random(0)
    assert all(0 <= new_seed(rng) < 2**31 for _ in range(100))


@pytest.mark.parametrize("seed", range(15))
def test_a_staff_draw_has_a_question_on_every_front_desk_duty(content, rulebook, seed):
    drawn = draw(content.pool, onboarding(content), rulebook, random.Random(seed))
    assert {d for q in drawn for d in q.duties} >= {f"1.{n}" for n in range(1, 11)}


@pytest.mark.parametrize("seed", range(15))
def test_a_trainees_draw_leaves_the_registers_out(content, rulebook, seed):
    blueprint = onboarding(content)
    drawn = draw(content.pool, blueprint, rulebook, random.Random(seed), trainee=True)
    duties = {d for q in drawn for d in q.duties}
    assert duties >= {f"1.{n}" for n in range(1, 11)} - {"1.3", "1.6"}
    assert not [q.id for q in drawn if q.duties and set(q.duties) <= {"1.3", "1.6"}]
    assert len(drawn) == blueprint.size


def test_the_draw_takes_the_situational_bank_first(content, rulebook):
    drawn = draw(content.pool, onboarding(content), rulebook, random.Random(4))
    assert sum(q.scene for q in drawn) >= 0.75 * len(drawn)
