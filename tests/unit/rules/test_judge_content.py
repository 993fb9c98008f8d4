"""The content fields the judge reads are validated by `python -m rules check` like the rest."""

from __future__ import annotations

import pytest

from rules.errors import RulebookInvalid
from rules.loader import load_rulebook
from tests.unit.rules.minimal_content import MINIMAL_RULES, MINIMAL_SETTINGS, WriteContent

FORBIDDEN = """\
      forbidden:
        - phrase: 不送
          gloss: I won't see you out
          unless_in: [{exception}]
          better: {{zh: 再见, en: Goodbye}}
      examples:
"""


def with_forbidden(exception: str) -> str:
    return MINIMAL_RULES.replace("      examples:\n", FORBIDDEN.format(exception=exception), 1)


def codes(write_content: WriteContent, files: dict[str, str]) -> list[tuple[str, str | None]]:
    with pytest.raises(RulebookInvalid) as raised:
        load_rulebook(write_content(files))
    return [(e.code, e.field) for e in raised.value.errors]


def test_an_exception_that_contains_the_forbidden_phrase_is_valid(write_content: WriteContent) -> None:
    rulebook = load_rulebook(write_content({"farewell.yaml": with_forbidden("恕不送远")}))
    (forbidden,) = rulebook.by_id["farewell.bye"].speech.forbidden  # type: ignore[union-attr]
    assert forbidden.unless_in == ("恕不送远",)


def test_an_exception_without_the_forbidden_phrase_is_an_error(write_content: WriteContent) -> None:
    found = codes(write_content, {"farewell.yaml": with_forbidden("再会")})
    assert found == [("unless_in_unrelated", "speech.forbidden[0].unless_in[0]")]


def test_a_time_band_exception_must_contain_one_of_its_greetings(write_content: WriteContent) -> None:
    settings = MINIMAL_SETTINGS.replace(
        "    greetings: [晚上好]\n", "    greetings: [晚上好]\n    unless_in: [好像]\n"
    )
    assert codes(write_content, {"settings.yaml": settings}) == [
        ("unless_in_unrelated", "time_greetings[1].unless_in[0]")
    ]


def test_festival_wish_window_is_bounded(write_content: WriteContent) -> None:
    settings = MINIMAL_SETTINGS.replace(
        "    greetings: [圣诞快乐]\n", "    greetings: [圣诞快乐]\n    wish_days_after: 90\n"
    )
    (found,) = codes(write_content, {"settings.yaml": settings})
    assert found[0] == "less_than_equal"


def test_a_form_model_may_only_use_known_placeholders(write_content: WriteContent) -> None:
    rules = MINIMAL_RULES.replace(
        "          elements:\n", '          model: "{name}，再见"\n          elements:\n', 1
    )
    assert [c for c, _ in codes(write_content, {"farewell.yaml": rules})] == ["unknown_placeholder"]
