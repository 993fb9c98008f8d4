"""Banks and blueprints are validated like the rules: each error names path:line:column, the id and field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quizzes.coverage import category_of
from quizzes.draw import usable
from quizzes.duties import DESK, DUTIES, quiz_categories
from quizzes.loader import QuizContentInvalid, load_quiz_content
from quizzes.model import CHOICE_KINDS
from rules.model import Rulebook

QUESTION = """\
questions:
  - id: test.one
    kind: single
    rules: [{rules}]
    prompt: {{zh: 问题, en: Question}}
    why: {{zh: 原因, en: Why}}
    options:
      - {{zh: 对的, en: Right, correct: true}}
      - {{zh: 错的, en: Wrong}}
"""


def errors(content_dir: Path, rulebook) -> list[str]:
    with pytest.raises(QuizContentInvalid) as exc:
        load_quiz_content(content_dir, rulebook)
    return [e.format("en") for e in exc.value.errors]


def only_error_in_extra(content_copy: Path, rulebook: Rulebook, text: str) -> str:
    """`text`, added to the content as extra.yaml, must give exactly one error, and in that file: the
    error after its `extra.yaml:` (line:column: id: field: message)."""
    (content_copy / "extra.yaml").write_text(text, encoding="utf-8")
    [error] = errors(content_copy, rulebook)
    where = f"{content_copy / 'extra.yaml'}:"
    assert error.startswith(where), error
    return error.removeprefix(where)


def test_the_shipped_content_is_valid_and_every_rule_can_be_tested(content, rulebook):
    assert content.rulebook_version == rulebook.version_label
    assert all(content.testing(r.id) for r in rulebook.rules)
    assert [b.id for b in content.certifications] == ["onboarding"]
    practice = {b.id for b in content.blueprints if b.purpose == "practice"}
    assert {f"practice.{c.id}" for c in rulebook.categories} <= practice
    assert practice <= {f"practice.{c.id}" for c in quiz_categories(rulebook)}


def test_every_bank_question_names_rules_of_the_rulebook(content, rulebook):
    bank = [q for q in content.pool if q.origin == "bank"]
    assert bank and all(r in rulebook.by_id for q in bank for r in q.rules)


def test_an_unknown_rule_id_is_an_error_at_its_line(content_copy, rulebook):
    error = only_error_in_extra(content_copy, rulebook, QUESTION.format(rules="phone.no_such_rule"))
    assert error == "4:13: test.one: rules[0]: no rule has the id 'phone.no_such_rule'"


def test_a_single_choice_question_needs_exactly_one_right_option(content_copy, rulebook):
    text = QUESTION.format(rules="phone.answer").replace(
        "{zh: 错的, en: Wrong}", "{zh: 错的, en: Wrong, correct: true}"
    )
    error = only_error_in_extra(content_copy, rulebook, text)
    assert error == (
        "8:7: test.one: options: a single-choice question needs exactly one option with correct: true (has 2)"
    )


def test_a_field_the_kind_does_not_use_is_an_error(content_copy, rulebook):
    text = QUESTION.format(rules="phone.answer") + "    answer: true\n"
    error = only_error_in_extra(content_copy, rulebook, text)
    assert error == "10:13: test.one: answer: 'answer' is not used by a single question"


def test_an_unknown_field_and_a_bad_kind_are_errors(content_copy, rulebook):
    text = QUESTION.format(rules="phone.answer").replace("kind: single", "kind: essay") + "    hint: x\n"
    (content_copy / "extra.yaml").write_text(text, encoding="utf-8")
    found = errors(content_copy, rulebook)
    assert f"{content_copy / 'extra.yaml'}:3:11: test.one: kind: must be one of " in found[0]
    assert found[1] == f"{content_copy / 'extra.yaml'}:10:5: test.one: hint: unknown field 'hint'"


def test_a_question_id_used_twice_is_an_error_naming_the_first(content_copy, rulebook):
    text = QUESTION.format(rules="phone.answer").replace("test.one", "phone.colleague_out")
    (content_copy / "zz_more.yaml").write_text(text, encoding="utf-8")  # read after phone.yaml
    [error] = errors(content_copy, rulebook)
    assert error.startswith(f"{content_copy / 'zz_more.yaml'}:2:9: phone.colleague_out: id: question id ")
    assert f"is already used at {content_copy / 'phone.yaml'}:" in error


def test_generated_ids_are_reserved(content_copy, rulebook):
    text = QUESTION.format(rules="phone.answer").replace("test.one", "g.rule.mine")
    error = only_error_in_extra(content_copy, rulebook, text)
    assert error == "2:9: g.rule.mine: id: question ids starting with 'g.' are kept for generated questions"


def test_a_situation_needs_a_judged_scenario_listing_its_rules_and_a_moment(content_copy, rulebook):
    text = """\
questions:
  - id: test.situation
    kind: situation
    rules: [phone.answer, dress.clean_clothes]
    scenario: greet
    prompt: {zh: 问题, en: Question}
    why: {zh: 原因, en: Why}
"""
    (content_copy / "extra.yaml").write_text(text, encoding="utf-8")
    assert errors(content_copy, rulebook) == [
        f"{content_copy / 'extra.yaml'}:2:5: test.situation: a situation question needs 'at'",
        f"{content_copy / 'extra.yaml'}:4:13: test.situation: rules[0]: "
        "rule 'phone.answer' is not judged in scenario 'greet'",
        f"{content_copy / 'extra.yaml'}:4:27: test.situation: rules[1]: "
        "rule 'dress.clean_clothes' is not judged in scenario 'greet'",
    ]


def test_a_quota_larger_than_the_pool_is_an_error_in_the_blueprint(content_copy, rulebook):
    path = content_copy / "blueprints.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"categories: \{[^}]*\}", "categories: {demeanour: 20, desk: 10}", text)
    path.write_text(text, encoding="utf-8")
    [error] = errors(content_copy, rulebook)
    assert error.startswith(f"{path}:")
    assert re.search(
        r"onboarding: categories.demeanour: 20 question\(s\) of category demeanour wanted, "
        r"but the pool has \d+$",
        error,
    )


def test_a_blueprint_whose_kinds_cannot_cover_a_critical_rule_is_an_error(content_copy, rulebook):
    path = content_copy / "blueprints.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "kinds: [single, multiple, true_false, ordering, script, situation]\n", "kinds: [script]\n", 1
    )
    text = text.replace("    at_least: {multiple: 1, ordering: 1, situation: 1}", "    at_least: {}")
    text = text.replace("per_category: 2\n", "per_category: 0\n", 1)
    text = text.replace("{address: 3, phone: 4, farewell: 1}", "{phone: 1}")
    path.write_text(text, encoding="utf-8")
    found = errors(content_copy, rulebook)
    assert any(e.endswith("onboarding: kinds: critical rule 'phone.three_rings' has no question of the kinds "
                          "this blueprint draws") for e in found), found  # fmt: skip


def test_missing_blueprints_and_broken_yaml_are_reported_together(content_copy, rulebook):
    (content_copy / "blueprints.yaml").unlink()
    (content_copy / "conduct.yaml").write_text("questions: [\n", encoding="utf-8")
    found = errors(content_copy, rulebook)
    assert (
        found[0]
        == f"{content_copy / 'blueprints.yaml'}:1:1: blueprints.yaml is missing from the content directory"
    )
    assert found[1].startswith(f"{content_copy / 'conduct.yaml'}:2:1: YAML syntax error")


def test_errors_are_given_in_chinese_too(content_copy, rulebook):
    (content_copy / "extra.yaml").write_text(QUESTION.format(rules="phone.no_such_rule"), encoding="utf-8")
    with pytest.raises(QuizContentInvalid) as exc:
        load_quiz_content(content_copy, rulebook)
    assert (
        exc.value.errors[0]
        .format("zh")
        .endswith("test.one: rules[0]: 不存在编号为“phone.no_such_rule”的规则")
    )


DUTY_SCENE = """\
questions:
  - id: test.scene
    kind: single
    scene: true
    rules: []
    duties: ["1.5", "{duty}"]
    prompt: {{zh: 22:00，一位业主来借备用钥匙。, en: "22:00, an owner comes to borrow the spare key."}}
    why: {{zh: 职责 1.5, en: Duty 1.5}}
    options:
      - {{zh: 登记后借出, en: Record it and lend it, correct: true}}
      - zh: 直接借出
        en: Just hand it over
        why: {{zh: 没有登记, en: Nothing recorded}}
"""


def test_a_scene_on_duties_alone_is_valid_and_belongs_to_the_desk_category(content_copy, rulebook):
    (content_copy / "extra.yaml").write_text(DUTY_SCENE.format(duty="1.10"), encoding="utf-8")
    content = load_quiz_content(content_copy, rulebook)
    question = content.questions["test.scene"]
    assert question.scene and question.duties == ("1.5", "1.10") and question.rules == ()
    assert question.options[1].why is not None and question.options[1].why.zh == "没有登记"
    assert category_of(rulebook, question) == DESK


def test_a_duty_that_does_not_exist_is_an_error_at_its_line(content_copy, rulebook):
    error = only_error_in_extra(content_copy, rulebook, DUTY_SCENE.format(duty="1.11"))
    assert error == "6:21: test.scene: duties[1]: '1.11' is not a front-desk duty (1.1 .. 1.10)"


def test_a_question_needs_a_rule_or_a_duty(content_copy, rulebook):
    text = DUTY_SCENE.format(duty="1.1").replace('    duties: ["1.5", "1.1"]\n', "")
    error = only_error_in_extra(content_copy, rulebook, text)
    assert error == "2:5: test.scene: a question needs at least one rule or one duty ('rules' or 'duties')"


def test_every_rule_and_every_front_desk_duty_has_questions(content, rulebook):
    assert [r.id for r in rulebook.rules if not content.testing(r.id)] == []
    assert [d for d in DUTIES if not any(d in q.duties for q in content.pool)] == []


def test_the_situational_bank_holds_at_least_150_scenes(content):
    assert sum(q.scene for q in content.pool if q.origin == "bank") >= 150


def test_no_choice_question_is_generated_every_one_is_hand_written(content):
    assert [q.id for q in content.pool if q.kind in CHOICE_KINDS and q.origin != "bank"] == []


def test_every_rule_keeps_hand_written_questions_for_spaced_practice_and_retests(content, rulebook):
    kinds = set(content.spacing.kinds)
    for rule in rulebook.rules:
        own = [q for q in content.pool if q.origin == "bank" and rule.id in q.rules]
        assert any(q.kind in kinds for q in own), rule.id  # the practice page can serve it
        assert any(not q.judged for q in own), rule.id  # a re-test has a question of its own


@pytest.mark.parametrize("trainee", [False, True], ids=["staff", "trainee"])
def test_every_blueprint_finds_enough_questions_for_what_it_draws(content, rulebook, trainee):
    for blueprint in content.blueprints:
        pool = usable(content.pool, blueprint, rulebook, trainee)
        for category, quota in blueprint.quotas:
            assert sum(category_of(rulebook, q) == category for q in pool) >= quota, (blueprint.id, category)
        for kind, wanted in blueprint.at_least:
            assert sum(q.kind == kind for q in pool) >= wanted, (blueprint.id, kind)
        drawn = set(blueprint.categories)
        for rule in rulebook.rules:
            if rule.category in drawn:  # every rule a blueprint draws from can come up in it
                assert any(rule.id in q.rules for q in pool), (blueprint.id, rule.id)
        skipped = set(blueprint.trainees_skip) if trainee else set()
        for duty in set(blueprint.cover_duties) - skipped:
            assert any(duty in q.duties for q in pool), (blueprint.id, duty)
