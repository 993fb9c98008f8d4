"""Building the quiz content grows linearly with the rulebook: four times the rules, about four times
the work. Measured as the rules looked at (each pass over `rulebook.rules` counts every rule it visits),
not as a time: a rule-by-rule loop inside a loop over the rules makes it sixteen times, on any machine."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from demo.big_rulebook import grown_rulebook
from quizzes.generate import judged_questions
from quizzes.loader import QuizContentInvalid, default_content_dir, load_quiz_content
from rules.model import Rule, Rulebook


class _CountedRules(tuple):  # type: ignore[type-arg]
    """The rules of a rulebook, counting every rule a pass over them visits."""

    visits = 0

    def __iter__(self) -> Iterator[Rule]:
        for rule in super().__iter__():
            _CountedRules.visits += 1
            yield rule


def _visits(size: int, build) -> int:  # type: ignore[no-untyped-def]
    grown = grown_rulebook(size)
    counted = Rulebook(grown.categories, _CountedRules(grown.rules), grown.settings, f"counted{size}")
    _CountedRules.visits = 0
    build(counted)
    return _CountedRules.visits


def _whole_content(rulebook: Rulebook) -> None:
    # A grown rulebook has rules no bank question asks about: refused, the work done all the same.
    with contextlib.suppress(QuizContentInvalid):
        load_quiz_content(default_content_dir(), rulebook)


def test_generating_the_judged_questions_looks_at_each_rule_a_bounded_number_of_times():
    small, large = _visits(250, judged_questions), _visits(1000, judged_questions)
    assert small > 0
    assert large <= 4.5 * small


def test_building_the_whole_quiz_content_grows_linearly_with_the_rules():
    small, large = _visits(250, _whole_content), _visits(1000, _whole_content)
    assert small > 0
    assert large <= 4.5 * small
