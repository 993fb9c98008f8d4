"""What a reviewer checks in a question beyond its schema: giveaways, also-right distractors, centre names.

Pure. Each finding names the question and a field path inside it (an option is `("options", index)` in
the written order), so the command line can point at the bank file's line. The thresholds:

- **echo**: the right option's words (punctuation dropped, at least 2 characters) appear in the prompt,
  or the two share a run of at least `ECHO_RUN` characters covering most of the answer;
- **long answer**: the right option (the mean of the right ones for `multiple`) is more than `LONG_FACTOR`
  times the mean length of the wrong ones and at least `LONG_EXTRA` characters longer than the longest;
- **also right**: a wrong option of a phrase question (one testing a scenario's main rule, e.g.
  phone.answer) that the script judge passes for that scenario, at the moment the prompt states; for
  a question asking which wording is wrong, a wrong option the judge fails. A festival named without
  a date is left alone (the judge cannot tell the day);
- **distractors** (`lint_wording`): a wrong option without `why`, a give-away word only in wrong
  options, a wrong option of an odd length, right options standing apart by length, and (over the
  pool) true/false statements that are nearly all false;
- **longest share** (over the whole pool): among single/multiple questions with >= 3 options, the
  strictly longest option is a right one in at most `MAX_LONGEST_SHARE` of them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from quizzes.duties import DUTIES
from quizzes.model import SITE, Question
from rules.judge import judge
from rules.model import Rulebook

ECHO_RUN = 6
LONG_FACTOR = 1.5
LONG_EXTRA = 4
MAX_LONGEST_SHARE = 1 / 3
SHARE_SLACK = 0.02  # "about a third": 34 of 100 is still fine
SITE_LENGTH = 4  # {site} counts as a short centre name when lengths are compared
LINT_SITE = "{site}"  # a wrong option is judged as if said at this centre (the placeholder itself)
ORDINARY_MOMENT = datetime(2026, 11, 26, 10, 0)  # a weekday morning, no festival

# A centre's name written out: an estate's name (…园, …苑, …湾 …) before a centre ending
# (阳光花园服务中心, 翠湖苑客服中心), any …花园, or the procedure's own example (嘉里). 本服务中心,
# 物业服务中心, 客服中心, 管理处 alone are words, not names.
_NAMED_CENTRE = re.compile(
    r"[\u4e00-\u9fff]{1,4}[园苑城府湾庭居厦阁轩墅邸郡岸湖峰汇都港]"
    r"(?:物业服务中心|客户服务中心|客服中心|服务中心|物业管理处|管理处)"
)
_GARDEN = re.compile(r"([\u4e00-\u9fff]{2})花园")
_GARDEN_WORDS = ("小区", "区的", "楼下", "屋顶", "中心", "楼前", "楼后", "门口", "里的", "边的")
_LITERAL = re.compile(r"嘉里|Kerry|[A-Z][a-z]+ Gardens?\b")
_SLASH = re.compile(r"[/／]")
_QUOTED = re.compile(r"[“\"「]([^”\"」]+)[”\"」]")
_NARRATION_MAX = 4  # 说：/ 答： around a quotation; longer narration means the option is a deed, not words
# Asking for the wrong one: then its right options must fail the judge, and the others pass it.
_NEGATIVE = re.compile(r"不合规范|不符合|违反|哪些不|哪句不|不能说|不可以说|不应该说|不妥|错误的是")
# A festival the prompt names without a date: the judge cannot tell the day, so wordings are not judged.
_FESTIVAL = re.compile(r"春节|除夕|元宵|清明|端午|七夕|中秋|重阳|国庆|元旦|新年|圣诞|节日|节")
# An option without quotation marks is taken for words said only when it speaks to someone.
_SPEECH_MARK = re.compile(r"[您你]|好[，,！!。]|^好|请|谢谢|慢走|再见|稍候|贵姓|[吗呢？?]")
_MOMENT = re.compile(r"(?:(\d{1,2})\s*月\s*(\d{1,2})\s*日)?[^0-9]{0,12}?(\d{1,2})[:：](\d{2})")


@dataclass(frozen=True)
class LintFinding:
    question_id: str
    loc: tuple[str | int, ...]  # inside the question
    code: str
    params: tuple[tuple[str, Any], ...] = ()


def bare(text: str) -> str:
    """The compared characters: {site} as a short name, no punctuation, spaces or symbols, case-folded."""
    text = unicodedata.normalize("NFKC", text.replace(SITE, "某某中心")).casefold()
    return "".join(c for c in text if not (c.isspace() or unicodedata.category(c)[0] in "PSZC"))


def length(text: str) -> int:
    return len(bare(text))


def _longest_run(a: str, b: str) -> int:
    best = 0
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0] * (len(b) + 1)
        for j, y in enumerate(b, start=1):
            if x == y:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def echoed(answer: str, prompt: str) -> bool:
    a, p = bare(answer), bare(prompt)
    if len(a) < 2:
        return False
    if a in p:
        return True
    run = _longest_run(a, p)
    return run >= ECHO_RUN and run >= 0.6 * len(a)


def _choice(question: Question) -> bool:
    return question.kind in ("single", "multiple")


def _index(question: Question, key: str) -> int:
    return [o.key for o in question.options].index(key)


def much_longer(question: Question) -> bool:
    right = [length(o.text.zh) for o in question.options if o.key in question.correct]
    wrong = [length(o.text.zh) for o in question.options if o.key not in question.correct]
    if not right or not wrong:
        return False
    mean_right = sum(right) / len(right)
    mean_wrong = sum(wrong) / len(wrong)
    return mean_right > LONG_FACTOR * mean_wrong and mean_right >= max(wrong) + LONG_EXTRA


def longest_is_right(question: Question) -> bool | None:
    """Whether the strictly longest option is a right one; None where the global rule does not count."""
    if not _choice(question) or len(question.options) < 3:
        return None
    lengths = sorted(((length(o.text.zh), o.key) for o in question.options), reverse=True)
    if lengths[0][0] == lengths[1][0]:
        return False
    return lengths[0][1] in question.correct


def centre_names(text: str) -> list[str]:
    """Centre names written literally in `text` (where {site} belongs)."""
    found = [m.group(0) for m in _LITERAL.finditer(text)]
    found += [m.group(0) for m in _GARDEN.finditer(text) if m.group(1) not in _GARDEN_WORDS]
    found += [m.group(0) for m in _NAMED_CENTRE.finditer(text)]
    unique = list(dict.fromkeys(found))
    return [n for n in unique if not any(n != m and n in m for m in unique)]  # 阳光花园服务中心 only


def stated_moment(prompt: str, default: datetime = ORDINARY_MOMENT) -> datetime:
    """The moment a scene states ("12月25日 14:30", "22:00"), on the default's date when no date is given."""
    match = _MOMENT.search(prompt)
    if match is None:
        return default
    month, day, hour, minute = match.groups()
    try:
        moment = default.replace(hour=int(hour), minute=int(minute))
        if month and day:
            moment = moment.replace(month=int(month), day=int(day))
    except ValueError:
        return default
    return moment


def asks_for_wrong(question: Question) -> bool:
    return bool(_NEGATIVE.search(question.prompt.zh))


def spoken_words(option: str) -> str | None:
    """The words an option says: the whole option, or its quotation when the narration around it is a
    short lead-in (说：); None when the option describes a deed."""
    quotes = _QUOTED.findall(option)
    if not quotes:
        return option if _SPEECH_MARK.search(option) and "；" not in option else None
    narration = bare(_QUOTED.sub("", option))
    return "".join(quotes) if len(narration) <= _NARRATION_MAX else None


def _phrase_scenario(question: Question, rulebook: Rulebook) -> str | None:
    """The scenario whose main rule the question tests, if any (its options are then things said)."""
    for scenario in rulebook.settings.scenarios:
        if scenario.rule in question.rules:
            return scenario.id
    return None


def misjudged(question: Question, rulebook: Rulebook) -> tuple[list[int], list[int]]:
    """(wrong options that are also right, right options that are not) by the script judge, for a
    phrase question. A question asking for the wrong wording turns both round."""
    if not _choice(question):
        return [], []
    scenario = _phrase_scenario(question, rulebook)
    has_date = bool(re.search(r"\d{1,2}\s*月\s*\d{1,2}\s*日", question.prompt.zh))
    if scenario is None or (_FESTIVAL.search(question.prompt.zh) and not has_date and question.at is None):
        return [], []
    default = question.at or stated_moment(question.prompt.zh)
    negative = asks_for_wrong(question)
    also, not_right = [], []
    for j, option in enumerate(question.options):
        words = spoken_words(option.text.zh)
        if not words:
            continue
        passes = judge(rulebook, scenario, words, at=default, site=LINT_SITE).ok
        right = option.key in question.correct
        # The judge asks more of a phone answer than item 28 (it wants 询问需要), so a right option it
        # fails is only reported where the question asks for the wrong wording.
        if right and negative and passes:
            not_right.append(j)
        elif not right and passes != negative:
            also.append(j)
    return also, not_right


def lint_question(question: Question, rulebook: Rulebook) -> list[LintFinding]:
    out: list[LintFinding] = []

    def add(loc: tuple[str | int, ...], code: str, **params: Any) -> None:
        out.append(LintFinding(question.id, loc, code, tuple(params.items())))

    for rule_id in question.rules:
        if rule_id not in rulebook.by_id:
            add(("rules",), "unknown_rule_ref", id=rule_id)
    for duty in question.duties:
        if duty not in DUTIES:
            add(("duties",), "unknown_duty", value=duty)
    texts: list[tuple[tuple[str | int, ...], str]] = [(("prompt", "zh"), question.prompt.zh)]
    texts += [(("prompt", "en"), question.prompt.en), (("why", "zh"), question.why.zh)]
    texts += [(("options", j, "zh"), o.text.zh) for j, o in enumerate(question.options)]
    texts += [(("options", j, "en"), o.text.en) for j, o in enumerate(question.options)]
    for loc, text in texts:
        for name in centre_names(text):
            add(loc, "literal_centre", name=name)
    if not question.options:
        return out
    seen: dict[str, int] = {}
    for j, option in enumerate(question.options):
        if _SLASH.search(option.text.zh):
            add(("options", j, "zh"), "slash_alternatives", value=option.text.zh)
        key = bare(option.text.zh)
        if key in seen:
            add(("options", j, "zh"), "duplicate_option", value=option.text.zh, other=seen[key] + 1)
        seen.setdefault(key, j)
    if not _choice(question):
        return out
    for key in question.correct:
        option = question.options[_index(question, key)]
        if echoed(option.text.zh, question.prompt.zh):
            add(("options", _index(question, key), "zh"), "answer_in_prompt", value=option.text.zh)
    if much_longer(question):
        add(("options",), "answer_much_longer", factor=LONG_FACTOR, extra=LONG_EXTRA)
    also, not_right = misjudged(question, rulebook)
    for j in also:
        add(("options", j, "zh"), "wrong_option_passes", value=question.options[j].text.zh)
    for j in not_right:
        add(("options", j, "zh"), "right_option_fails", value=question.options[j].text.zh)
    return out


@dataclass(frozen=True)
class LongestShare:
    longest_right: int
    counted: int
    questions: tuple[str, ...]  # ids where the longest option is the right one

    @property
    def share(self) -> float:
        return self.longest_right / self.counted if self.counted else 0.0

    @property
    def ok(self) -> bool:
        return self.share <= MAX_LONGEST_SHARE + SHARE_SLACK


def longest_share(pool: Sequence[Question]) -> LongestShare:
    flags = [(q.id, longest_is_right(q)) for q in pool]
    counted = [(i, f) for i, f in flags if f is not None]
    right = tuple(i for i, f in counted if f)
    return LongestShare(len(right), len(counted), right)


def lint_pool(pool: Sequence[Question], rulebook: Rulebook) -> list[LintFinding]:
    return [f for q in pool for f in lint_question(q, rulebook)]


MESSAGES: dict[str, dict[str, str]] = {
    "literal_centre": {
        "en": "'{name}' names a centre: write {{site}} (the taker's own centre)",
        "zh": "“{name}”写出了具体的服务中心名称，应写 {{site}}（答题人所在的服务中心）",
    },
    "slash_alternatives": {
        "en": "'{value}' offers alternatives with a slash: write one wording per option",
        "zh": "“{value}”用斜杠列出多种说法：一个选项只写一种说法",
    },
    "duplicate_option": {
        "en": "'{value}' repeats option {other}",
        "zh": "“{value}”与第 {other} 个选项重复",
    },
    "answer_in_prompt": {
        "en": "the right option '{value}' is written in the prompt: the question gives its answer away",
        "zh": "正确选项“{value}”已出现在题干中，题目泄露了答案",
    },
    "answer_much_longer": {
        "en": "the right option is much longer than the others (over {factor}x their mean and {extra}+ "
        "characters longer than the longest): make the options the same length",
        "zh": "正确选项明显比其他选项长（超过其他选项平均长度的 {factor} 倍，且比最长的错误选项多 {extra} "
        "个字以上）：请让各选项长短相当",
    },
    "wrong_option_passes": {
        "en": "the wrong option '{value}' is also a right answer by the script judge",
        "zh": "按话术评判，错误选项“{value}”也是正确答案",
    },
    "right_option_fails": {
        "en": "the right option '{value}' is judged otherwise by the script judge: check the key",
        "zh": "正确选项“{value}”与话术评判的结论相反，请核对答案",
    },
    "longest_share": {
        "en": "the right option is the longest in {right} of {counted} choice questions with 3+ options "
        "({percent}%); at most about a third may be: {examples}",
        "zh": "在 {counted} 道三个以上选项的选择题中，有 {right} 道的正确选项最长（{percent}%），"
        "最多约三分之一：{examples}",
    },
}
