"""What a reviewer checks in the wrong options: they must be the mistakes real staff make, not giveaways.

Pure; findings as in `quizzes.lint` (a field path inside the question). Hand-written choice questions:

- **why**: each wrong option says `why` (the mistake it stands for), shown after the answer;
- **give-away word**: an absolute or a shrug (一律, 肯定, 只要, 反正, 没问题, 就行 ...) written in a wrong
  option and in no right one tells a test-wise reader which options to strike out; so does one in a
  false true/false statement ("只要……就可以" is false nine times in ten). Words of the prompt (the
  scene's own words) do not count;
- **odd length**: a wrong option under `ODD_SHORT` or over `ODD_LONG` times the right option's length
  (the mean of the right ones) and at least `ODD_MIN` characters apart: a real mistake reads like the
  answer, not like a curt "好了" or a long excuse;
- **apart by length** (multiple): every right option at least `APART` characters longer, or shorter,
  than every wrong one;
- **true/false balance** (over the pool): at least `TF_MIN_TRUE` of the hand-written true/false
  statements are true, and at least as many false, once there are `TF_MIN_COUNT` of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from quizzes.lint import LintFinding, length
from quizzes.model import Question

GIVEAWAY_WORDS = (
    "一律", "总是", "从不", "从来", "永远", "绝对", "肯定", "根本", "统统",
    "只要", "反正", "没问题", "无所谓", "不要紧", "就行", "就好", "算了", "不用管", "随便", "大不了",
)  # fmt: skip
# Words that contain a give-away word without being one (也算了解一下 is no shrug).
NOT_GIVEAWAY = ("算了解", "一定程度", "根本原因", "不要紧急")
ODD_SHORT = 0.5
ODD_LONG = 2.0
ODD_MIN = 5
APART = 3
TF_MIN_TRUE = 0.3
TF_MIN_COUNT = 10


def _right_and_wrong(question: Question) -> tuple[list[int], list[int]]:
    right = [j for j, o in enumerate(question.options) if o.key in question.correct]
    return right, [j for j in range(len(question.options)) if j not in right]


def _plain(text: str) -> str:
    for word in NOT_GIVEAWAY:
        text = text.replace(word, "")
    return text


def giveaway_words(question: Question) -> list[tuple[int | None, str]]:
    """(option index, word) for each give-away word; None as the index for a true/false statement."""
    prompt = _plain(question.prompt.zh)
    if question.kind == "true_false":
        if question.answer is not False:
            return []
        return [(None, w) for w in GIVEAWAY_WORDS if w in prompt]
    if question.kind not in ("single", "multiple"):
        return []
    right, wrong = _right_and_wrong(question)
    texts = [_plain(o.text.zh) for o in question.options]
    found = []
    for word in GIVEAWAY_WORDS:
        if word in prompt or any(word in texts[j] for j in right):
            continue
        found += [(j, word) for j in wrong if word in texts[j]]
    return found


def odd_lengths(question: Question) -> list[tuple[int, int, float]]:
    """(option index, its length, the right options' mean length) for wrong options of an odd length."""
    if question.kind not in ("single", "multiple"):
        return []
    right, wrong = _right_and_wrong(question)
    if not right:
        return []
    lengths = [length(o.text.zh) for o in question.options]
    mean = sum(lengths[j] for j in right) / len(right)
    return [
        (j, lengths[j], mean)
        for j in wrong
        if abs(lengths[j] - mean) >= ODD_MIN and not ODD_SHORT * mean <= lengths[j] <= ODD_LONG * mean
    ]


def apart_by_length(question: Question) -> bool:
    if question.kind != "multiple":
        return False
    right, wrong = _right_and_wrong(question)
    if len(right) < 2 or len(wrong) < 2:
        return False
    lengths = [length(o.text.zh) for o in question.options]
    r, w = [lengths[j] for j in right], [lengths[j] for j in wrong]
    return min(r) >= max(w) + APART or max(r) + APART <= min(w)


def wording_findings(question: Question) -> list[LintFinding]:
    """The distractor checks of one hand-written question."""
    if question.origin != "bank":
        return []
    out: list[LintFinding] = []

    def add(loc: tuple[str | int, ...], code: str, **params: Any) -> None:
        out.append(LintFinding(question.id, loc, code, tuple(params.items())))

    if question.kind in ("single", "multiple"):
        for j in _right_and_wrong(question)[1]:
            if question.options[j].why is None:
                add(("options", j), "wrong_option_needs_why")
    for j, word in giveaway_words(question):
        if j is None:
            add(("prompt", "zh"), "giveaway_in_false_statement", word=word)
        else:
            add(("options", j, "zh"), "giveaway_word", word=word, value=question.options[j].text.zh)
    for j, size, mean in odd_lengths(question):
        add(
            ("options", j, "zh"), "odd_length", value=question.options[j].text.zh, size=size, mean=round(mean)
        )
    if apart_by_length(question):
        add(("options",), "apart_by_length", apart=APART)
    return out


@dataclass(frozen=True)
class TrueFalseBalance:
    true: int
    counted: int

    @property
    def ok(self) -> bool:
        if self.counted < TF_MIN_COUNT:
            return True
        share = self.true / self.counted
        return TF_MIN_TRUE <= share <= 1 - TF_MIN_TRUE


def true_false_balance(pool: Sequence[Question]) -> TrueFalseBalance:
    statements = [q for q in pool if q.kind == "true_false" and q.origin == "bank"]
    return TrueFalseBalance(sum(q.answer is True for q in statements), len(statements))


def wording_pool(pool: Sequence[Question]) -> list[LintFinding]:
    return [f for q in pool for f in wording_findings(q)]


MESSAGES: dict[str, dict[str, str]] = {
    "wrong_option_needs_why": {
        "en": "a wrong option needs 'why' (the mistake it stands for)",
        "zh": "每个错误选项都要写“why”（它代表的错误）",
    },
    "giveaway_word": {
        "en": "'{word}' is only in wrong options ('{value}'): it tells which options to strike out; "
        "write the mistake plainly",
        "zh": "“{word}”只出现在错误选项中（“{value}”），等于提示了哪些选项不对：请直接写出这个错误做法",
    },
    "giveaway_in_false_statement": {
        "en": "'{word}' in a false statement gives it away: state the claim plainly",
        "zh": "错误的判断题里用了“{word}”，等于提示了答案：请直接陈述",
    },
    "odd_length": {
        "en": "the wrong option '{value}' ({size} characters) is far from the right option's length "
        "({mean}): a real mistake reads like the answer",
        "zh": "错误选项“{value}”（{size} 个字）与正确选项（{mean} 个字）长短相差太多："
        "真实的错误做法应与答案写法相当",
    },
    "apart_by_length": {
        "en": "every right option is {apart}+ characters longer (or shorter) than every wrong one",
        "zh": "正确选项都比错误选项长（或短）{apart} 个字以上，长短泄露了答案",
    },
    "true_false_balance": {
        "en": "{true} of {counted} true/false statements are true: between a third and two thirds should be",
        "zh": "{counted} 道判断题中只有 {true} 道为“对”：应在三分之一到三分之二之间",
    },
}
