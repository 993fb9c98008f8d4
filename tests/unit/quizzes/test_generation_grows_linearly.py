"""Building the quiz questions grows with the rules, not with their square: counted in judge calls
(the costly step), never in seconds."""

from __future__ import annotations

import quizzes.generate as generate
from demo.big_rulebook import grown_rulebook


def _judge_calls(rules: int, monkeypatch) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    calls = 0
    judge = generate.judge_rules

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        return judge(*args, **kwargs)

    monkeypatch.setattr(generate, "judge_rules", counted)
    questions = generate.generate(grown_rulebook(rules))
    return calls, len(questions)


def test_twice_the_rules_cost_about_twice_the_judging_not_four_times(monkeypatch):
    small_calls, small_questions = _judge_calls(200, monkeypatch)
    big_calls, big_questions = _judge_calls(400, monkeypatch)
    assert big_questions > 1.8 * small_questions  # the copies ask as much as the originals
    assert big_calls <= 2.2 * small_calls
