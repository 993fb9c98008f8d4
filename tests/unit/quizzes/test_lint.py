"""`python -m quizzes lint`: the reviewer's checks pass on the shipped content and catch each giveaway."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest

from quizzes.cli import run_lint
from quizzes.lint import centre_names, echoed, stated_moment
from quizzes.loader import default_content_dir
from rules.loader import default_content_dir as rules_dir

SCENE = """\
questions:
  - id: test.scene
    kind: single
    scene: true
    rules: [{rules}]
    prompt: {{zh: "{prompt}", en: A scene}}
    why: {{zh: 规程第 28 条, en: Item 28}}
    options:
      - {{zh: "{right}", en: Right, correct: true}}
      - {{zh: "{wrong1}", en: Wrong one, why: {{zh: 错在这里, en: Why}}}}
      - {{zh: "{wrong2}", en: Wrong two, why: {{zh: 错在那里, en: Why}}}}
"""
GOOD = {
    "rules": "conversation.truthful_answers",
    "prompt": "业主问明年物业费会不会涨，通知还没下来。您怎么回答？",
    "right": "目前没有收到调整通知，有消息我及时告诉您",
    "wrong1": "听同事说明年要涨，具体多少我也不太清楚",
    "wrong2": "应该不会涨的，您放心，这个我可以保证",
}


def lint(content_dir: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run_lint(content_dir, rules_dir(), "en", out, err)
    return status, out.getvalue(), err.getvalue()


def spoil(content_copy: Path, **changes: str) -> Path:
    path = content_copy / "zz_extra.yaml"
    path.write_text(SCENE.format(**{**GOOD, **changes}), encoding="utf-8")
    return path


def assert_refused_at(content_copy, changes, line: int, message: str) -> None:
    """The question spoiled by `changes` fails the lint, with `message` at `line` of its file."""
    path = spoil(content_copy, **changes)
    status, _, err = lint(content_copy)
    assert status == 1
    assert any(e.startswith(f"{path}:{line}:") and message in e for e in err.splitlines()), err


def test_the_shipped_content_passes_lint():
    status, out, err = lint(default_content_dir())
    assert (status, err) == (0, "")
    assert out.startswith("lint OK: ")


def test_a_well_written_scene_passes(content_copy):
    spoil(content_copy)
    assert lint(content_copy)[0] == 0


@pytest.mark.parametrize(
    ("changes", "line", "message"),
    [
        (
            {"prompt": "业主问会不会涨价。目前没有收到调整通知，有消息我及时告诉您。您怎么说？"},
            9,
            "test.scene: options[0].zh: the right option '目前没有收到调整通知，有消息我及时告诉您' "
            "is written in the prompt",
        ),
        (
            {
                "right": "目前还没有收到任何调整的正式通知，等有了确切的消息我会第一时间打电话告诉您",
                "wrong1": "会涨",
                "wrong2": "不涨",
            },
            9,
            "test.scene: options: the right option is much longer than the others",
        ),
        ({"wrong1": "会涨 / 不会涨"}, 10, "test.scene: options[1].zh: '会涨 / 不会涨' offers alternatives"),
        ({"wrong2": "听同事说明年要涨，具体多少我也不太清楚！"}, 11, "test.scene: options[2].zh: '听同事说"),
        (
            {"prompt": "阳光花园服务中心前台，业主问明年物业费会不会涨。"},
            6,
            "'阳光花园服务中心' names a centre",
        ),
        ({"wrong1": "嘉里这边还没有通知"}, 10, "'嘉里' names a centre"),
    ],
    ids=["answer_in_prompt", "much_longer", "slash", "duplicate", "centre_name", "kerry"],
)
def test_each_giveaway_is_an_error_at_its_line(content_copy, changes, line, message):
    assert_refused_at(content_copy, changes, line, message)


def test_a_wrong_option_the_judge_passes_is_also_right(content_copy):
    path = spoil(
        content_copy,
        rules="phone.answer",
        prompt="上午 10:00，前台电话响了。您拿起话筒怎么说？",
        right="您好，{site}，有什么可以帮到您的？",
        wrong1="您好，{site}，请问有什么可以帮您？",
        wrong2="喂，{site}，你找谁？",
    )
    status, _, err = lint(content_copy)
    assert status == 1
    said = "您好，{site}，请问有什么可以帮您？"
    assert f"{path}:10:14: test.scene: options[1].zh: the wrong option '{said}' is also a right answer" in err


def test_every_wrong_option_needs_its_why(content_copy):
    path = spoil(content_copy)
    path.write_text(
        path.read_text(encoding="utf-8").replace(", why: {zh: 错在那里, en: Why}", ""), encoding="utf-8"
    )
    status, _, err = lint(content_copy)
    assert status == 1 and f"{path}:11:9: test.scene: options[2]: a wrong option needs 'why'" in err


def test_an_unknown_duty_fails_lint_like_check(content_copy):
    path = spoil(content_copy)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "    scene: true\n", '    scene: true\n    duties: ["1.12"]\n'
        ),
        encoding="utf-8",
    )
    status, _, err = lint(content_copy)
    assert status == 1 and "'1.12' is not a front-desk duty (1.1 .. 1.10)" in err


def lint_many(content_copy: Path, question: str, count: int) -> str:
    """`count` questions from one template (numbered by its {i}) in a file of their own: the lint must
    fail on them; its error output."""
    text = "questions:\n" + "".join(question.format(i=i) for i in range(count))
    (content_copy / "zz_many.yaml").write_text(text, encoding="utf-8")
    status, _, err = lint(content_copy)
    assert status == 1
    return err


# The right answer, always the longest option.
LONGEST_RIGHT = """\
  - id: test.longest_{i}
    kind: single
    rules: [conversation.truthful_answers]
    prompt: {{zh: 问题{i}, en: Question}}
    why: {{zh: 原因, en: Why}}
    options:
      - {{zh: 如实说明情况并跟进{i}, en: Right, correct: true}}
      - {{zh: 随口应付过去{i}, en: Wrong}}
      - {{zh: 推给别人处理{i}, en: Wrong}}
"""


def test_the_right_option_longest_in_more_than_a_third_of_the_questions_is_an_error(content_copy):
    err = lint_many(content_copy, LONGEST_RIGHT, 400)
    assert (
        f"{content_copy}:1:1: the right option is the longest in " in err and "at most about a third" in err
    )


def test_centre_names_are_told_from_ordinary_words():
    assert centre_names("您好，阳光花园服务中心，请讲") == ["阳光花园服务中心"]
    assert centre_names("翠湖苑客服中心") == ["翠湖苑客服中心"]
    assert centre_names("嘉里服务中心") == ["嘉里"]
    for words in (
        "请到本服务中心办理",
        "业主走进服务中心",
        "物业服务中心前台",
        "小区花园里",
        "代表管理处",
        "您好，{site}",
    ):
        assert centre_names(words) == [], words


def test_a_scene_states_its_moment():
    assert stated_moment("12月25日 14:30，电话响了") == datetime(2026, 12, 25, 14, 30)
    assert stated_moment("晚上 22:00，业主来电") == datetime(2026, 11, 26, 22, 0)
    assert stated_moment("业主来电") == datetime(2026, 11, 26, 10, 0)


def test_an_echo_is_the_answer_in_the_prompt_not_a_shared_word():
    assert echoed("李先生", "您知道他姓李，应称呼李先生还是老李？")
    assert not echoed("李先生", "您知道面前的男业主姓李，应该怎么称呼他？")


@pytest.mark.parametrize(
    ("changes", "line", "message"),
    [
        (
            {"wrong2": "肯定不会涨的，您放心，这个我可以保证"},
            11,
            "test.scene: options[2].zh: '肯定' is only in wrong options",
        ),
        (
            {"wrong1": "听说要涨，这个您就先别管了，到时候交就行"},
            10,
            "test.scene: options[1].zh: '就行' is only in wrong options",
        ),
        (
            {"wrong1": "会涨"},
            10,
            "test.scene: options[1].zh: the wrong option '会涨' (2 characters) is far from",
        ),
        (
            {
                "wrong2": "听同事私下说过明年可能要涨一点，具体涨多少、从几月份开始涨、"
                "车位费和物业费是不是一起涨，我这边也确实不太清楚"
            },
            11,
            "is far from the right option's length",
        ),
    ],
    ids=["absolute", "shrug", "curt", "long_excuse"],
)
def test_a_distractor_that_gives_itself_away_is_an_error_at_its_line(content_copy, changes, line, message):
    assert_refused_at(content_copy, changes, line, message)


def test_a_word_that_only_contains_a_shrug_is_no_giveaway(content_copy):
    spoil(content_copy, wrong1="顺着聊，也算了解一下小区情况")  # 算了 inside 算了解
    assert lint(content_copy)[0] == 0


def test_a_shrug_in_a_false_statement_gives_it_away_but_not_in_a_true_one(content_copy):
    path = content_copy / "zz_extra.yaml"
    statement = """\
questions:
  - id: test.statement
    kind: true_false
    rules: [conversation.stand_when_talking]
    prompt: {{zh: "{zh}", en: A statement}}
    answer: {answer}
    why: {{zh: 规程第 20 条, en: Item 20}}
"""
    path.write_text(
        statement.format(zh="业主只问一句话，只要态度好，坐着答也可以。", answer="false"), encoding="utf-8"
    )
    status, _, err = lint(content_copy)
    assert status == 1 and f"{path}:5:18: test.statement: prompt.zh: '只要' in a false statement" in err
    path.write_text(statement.format(zh="只要是与业主谈话，就应起身站立。", answer="true"), encoding="utf-8")
    assert lint(content_copy)[0] == 0


def test_right_options_set_apart_by_length_are_an_error(content_copy):
    path = content_copy / "zz_extra.yaml"
    path.write_text(
        """\
questions:
  - id: test.many
    kind: multiple
    rules: [end_of_shift.power_off]
    prompt: {zh: 下班前要做哪些事？, en: "Before leaving?"}
    why: {zh: 规程第 34 条, en: Item 34}
    options:
      - {zh: 关掉电脑显示器和主机电源, en: a, correct: true}
      - {zh: 关掉暖风机并拔下电源插头, en: b, correct: true}
      - {zh: 电脑待机, en: c, why: {zh: 没关机, en: not off}}
      - {zh: 留着灯, en: d, why: {zh: 没关灯, en: not off}}
""",
        encoding="utf-8",
    )
    status, _, err = lint(content_copy)
    assert (
        status == 1 and f"{path}:8:7: test.many: options: every right option is 3+ characters longer" in err
    )


# A statement that is false, every time.
FALSE_STATEMENT = """\
  - id: test.false_{i}
    kind: true_false
    rules: [conversation.stand_when_talking]
    prompt: {{zh: 坐着回答业主的第{i}个问题是可以的。, en: Statement}}
    answer: false
    why: {{zh: 规程第 20 条, en: Item 20}}
"""


def test_true_false_statements_that_are_nearly_all_false_are_an_error(content_copy):
    err = lint_many(content_copy, FALSE_STATEMENT, 40)
    assert (
        f"{content_copy}:1:1: " in err
        and "true/false statements are true: between a third and two thirds" in err
    )
