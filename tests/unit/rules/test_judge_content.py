"""The content fields the judge reads are validated by `python -m rules check` like the rest."""

from __future__ import annotations

from datetime import datetime

import pytest

from rules.errors import RulebookInvalid
from rules.judge import judge
from rules.loader import load_rulebook
from rules.model import Rulebook
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


def with_christmas(extra: str) -> str:
    return MINIMAL_SETTINGS.replace("    greetings: [圣诞快乐]\n", "    greetings: [圣诞快乐]\n" + extra)


def errors_of(write_content: WriteContent, settings: str) -> list[tuple[str, int, str | None]]:
    with pytest.raises(RulebookInvalid) as raised:
        load_rulebook(write_content({"settings.yaml": settings}))
    return [(e.code, e.line, e.field) for e in raised.value.errors]


def test_festival_wish_window_is_bounded(write_content: WriteContent) -> None:
    (found,) = codes(write_content, {"settings.yaml": with_christmas("    season: {after: 90}\n")})
    assert found == ("less_than_equal", "festivals[0].season.after")


def test_a_festival_season_must_include_the_days_its_wish_is_due(write_content: WriteContent) -> None:
    settings = with_christmas("    due: {after: 2}\n    season: {after: 1}\n")
    assert errors_of(write_content, settings) == [("season_covers_due", 20, "festivals[0].season")]


def test_a_lunar_festival_day_must_be_one_the_calendar_computes(write_content: WriteContent) -> None:
    settings = MINIMAL_SETTINGS.replace('    date: "12-25"\n', '    lunar: "07-07"\n')
    assert errors_of(write_content, settings) == [("bad_lunar_day", 17, "festivals[0].lunar")]


def test_a_lunar_festival_loads(write_content: WriteContent) -> None:
    settings = MINIMAL_SETTINGS.replace('    date: "12-25"\n', '    lunar: "01-15"\n')
    (festival,) = load_rulebook(write_content({"settings.yaml": settings})).settings.festivals
    assert festival.lunar == "01-15"


def test_a_festival_field_the_schema_does_not_know_names_its_line(write_content: WriteContent) -> None:
    assert errors_of(write_content, with_christmas("    wish_days_after: 2\n")) == [
        ("extra_forbidden", 19, "festivals[0].wish_days_after")
    ]


def test_a_misheard_word_must_have_the_length_of_the_word_meant(write_content: WriteContent) -> None:
    settings = MINIMAL_SETTINGS + "misheard:\n  - {heard: 中兴, meant: 中心啊}\n"
    assert [c for c, _, _ in errors_of(write_content, settings)] == ["misheard_length"]


def test_an_insertion_after_another_element_must_name_one_of_the_form(write_content: WriteContent) -> None:
    rules = MINIMAL_RULES.replace(
        "              variants: [再见]\n",
        "              variants: [再见]\n              insert: {at: after, after: nothing, text: 再见}\n",
    )
    assert codes(write_content, {"farewell.yaml": rules}) == [
        ("insert_after", "speech.forms[0].elements[0].insert")
    ]


def test_a_form_model_may_only_use_known_placeholders(write_content: WriteContent) -> None:
    rules = MINIMAL_RULES.replace(
        "          elements:\n", '          model: "{name}，再见"\n          elements:\n', 1
    )
    assert [c for c, _ in codes(write_content, {"farewell.yaml": rules})] == ["unknown_placeholder"]


SPEECH_FORM = """\
      forms:
        - key: bye
          label: {zh: 道别, en: Goodbye}
          enforce_order: false
          elements:
            - key: bye
              label: {zh: 道别语, en: Goodbye phrase}
              order: 1
              variants: [再见]
            - key: again
              label: {zh: 欢迎再来, en: Come again}
              order: 2
              variants: [欢迎再来]
            - key: thanks
              label: {zh: 致谢, en: Thanks}
              optional: true
              variants: [谢谢]
      examples:
"""


def form_rulebook(write_content: WriteContent) -> Rulebook:
    start = MINIMAL_RULES.index("      forms:\n")
    rules = (
        MINIMAL_RULES[:start] + SPEECH_FORM + MINIMAL_RULES[MINIMAL_RULES.index("      examples:\n") + 16 :]
    )
    return load_rulebook(write_content({"farewell.yaml": rules}))


@pytest.mark.parametrize(
    ("text", "ok"), [("再见，欢迎再来！", True), ("欢迎再来，再见！", True), ("再见！", False)]
)
def test_an_order_the_form_does_not_enforce_and_an_optional_element_are_never_faults(
    write_content: WriteContent, text: str, ok: bool
) -> None:
    rulebook = form_rulebook(write_content)
    verdict = judge(rulebook, "farewell", text, at=datetime(2026, 11, 26, 10, 0))
    assert verdict.ok is ok
    assert all("致谢" not in f.message.zh for f in verdict.findings)
