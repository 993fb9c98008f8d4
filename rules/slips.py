"""Slips: words of an answer that break a rule wherever they stand. Pure, driven by the rulebook.

- `forbidden`: a forbidden phrasing of a rule (not inside one of its `unless_in` words, the site's
  own name or quotation marks);
- `wrong_time`: a greeting or farewell of another time of day, a festival wish out of its season or
  one that does not fit the day (reported by the rules that `watch` for them);
- a centre's name that is not the speaker's own (kind `forbidden`, 说错中心名称), reported by the
  rule asking for {site}.

Each slip carries the words that replace it in the corrected sentence ("" drops them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rules.greeting_calendar import fine_at
from rules.judge_context import SITE, Context, rule_citation, speech_of
from rules.model import SEVERITIES, Citation, Rule, Text, Watch
from rules.normalize import Normalized, find_all, is_separator

# What may stand before a centre's name in its clause: 您好，这里是阳光花园服务中心.
_LEAD_INS = ("这里是", "这边是", "这是", "我们是", "我们这里是")
# What may stand before a wish: 提前祝您中秋快乐.
_WISH_LEADS = ("提前祝您", "提前祝你", "在这里祝您", "祝您", "祝你", "祝")


@dataclass(frozen=True)
class Slip:
    start: int
    end: int
    rule: Rule
    kind: str
    found: str
    message: Text
    replacement: str  # what the corrected sentence says instead; "" drops the words
    rank: tuple[int, ...]


def _said(cite: Citation, zh: str, en: str) -> Text:
    return Text(zh=f"{cite.get('zh')}。{zh}", en=f"{cite.get('en')}. {en}")


def _occurrences(answer: Normalized, phrase: str, exceptions: Iterable[str]) -> list[tuple[int, int]]:
    """Where the phrase is said, except inside quotation marks and where an exception word takes
    in its last character (迷你 for 你; 有什么事情需要 for 您有什么事)."""
    spans = [(s, e) for x in exceptions for s, e in find_all(answer.text, x)]
    return [
        (start, end)
        for start, end in find_all(answer.text, phrase)
        if not answer.is_quoted(start, end) and not any(s < end <= e for s, e in spans)
    ]


def _rank(rule: Rule, main: str | None, order: int, start: int, end: int) -> tuple[int, ...]:
    return (-(end - start), SEVERITIES.index(rule.severity), rule.id != main, order, start)


def forbidden_slips(
    rules: Sequence[Rule], answer: Normalized, ctx: Context, main: str | None,
    form_met: Callable[[Rule], bool],
) -> list[Slip]:  # fmt: skip
    site_words = [ctx.phrase(n) for n in ctx.site_names]
    slips = []
    for order, rule in enumerate(rules):
        for forbidden in speech_of(rule).forbidden:
            if forbidden.unless_form_met and form_met(rule):
                continue
            exceptions = [ctx.phrase(w) for w in forbidden.unless_in] + site_words
            better = ctx.fill(forbidden.better.zh) or forbidden.better.zh
            cite = forbidden.cite or rule_citation(rule)
            for phrasing in forbidden.phrasings:
                for start, end in _occurrences(answer, ctx.phrase(phrasing), exceptions):
                    found = answer.text[start:end]
                    message = _said(
                        cite,
                        f"不要说“{found}”，应说“{better}”。",
                        f'Do not say "{found}" — {forbidden.gloss}. Say "{better}" instead — '
                        f"{forbidden.better.en.rstrip('.?!')}.",
                    )
                    rank = _rank(rule, main, order, start, end)
                    slips.append(Slip(start, end, rule, "forbidden", found, message, better, rank))
    return slips


def _owner(rules: Sequence[Rule], main: str | None, watch: Watch) -> tuple[int, Rule] | None:
    owners = [(i, r) for i, r in enumerate(rules) if watch in speech_of(r).watches]
    owners.sort(key=lambda ir: ir[1].id != main)
    return owners[0] if owners else None


def _quoted_list(words: Sequence[str], zh: bool) -> str:
    return ("“" + "”或“".join(words) + "”") if zh else " or ".join(f'"{w}"' for w in words)


def time_slips(
    rules: Sequence[Rule], answer: Normalized, ctx: Context, main: str | None, greeting_due: bool = True
) -> list[Slip]:
    """Greetings and farewells of another time of day, outside the hours they are still fine. The
    fix says the greeting of the hour where a greeting is asked for, and drops the words elsewhere
    (晚上好，您慢走 at 10:00 -> 您慢走)."""
    owner = _owner(rules, main, "time_of_day")
    if owner is None:
        return []
    order, rule = owner
    cite = rule_citation(rule)
    current = {ctx.phrase(w) for w in ctx.band.words}
    due = [ctx.band.greetings[0], "您好"]
    slips = []
    for band in ctx.rulebook.settings.time_greetings:
        if band.key == ctx.band.key or fine_at(band, ctx.at):
            continue
        exceptions = [ctx.phrase(w) for w in band.unless_in]
        hours = f"{band.fine_from or band.start}–{band.fine_until or band.end}"
        for word in band.words:
            phrase = ctx.phrase(word)
            if phrase in current:
                continue
            farewell = word in band.farewells
            if farewell:
                replacement = ctx.band.farewells[0] if ctx.band.farewells else ""
                zh = f"“{word}”是{band.name.zh}道别的话（{hours}），现在是 {ctx.clock}，不宜这样说。"
                en = f'"{word}" is said when parting in the {band.name.en.lower()} ({hours}); ' \
                     f"at {ctx.clock} it does not fit."  # fmt: skip
            else:
                replacement = due[0] if greeting_due else ""
                zh = f"“{word}”是{band.name.zh}的问候（{hours}），现在是 {ctx.clock}，" \
                     f"应说{_quoted_list(due, True)}。"  # fmt: skip
                en = f'"{word}" is the greeting for the {band.name.en.lower()} ({hours}); ' \
                     f"at {ctx.clock} say {_quoted_list(due, False)}."  # fmt: skip
            for start, end in _occurrences(answer, phrase, exceptions):
                slips.append(
                    Slip(start, end, rule, "wrong_time", answer.text[start:end], _said(cite, zh, en),
                         replacement, _rank(rule, main, order, start, end))
                )  # fmt: skip
    return slips


def festival_slips(rules: Sequence[Rule], answer: Normalized, ctx: Context, main: str | None) -> list[Slip]:
    """Festival wishes out of their season, and wishes that do not fit today's festival."""
    owner = _owner(rules, main, "festival_season")
    if owner is None:
        return []
    order, rule = owner
    cite = rule_citation(rule)
    festivals = ctx.rulebook.settings.festivals
    fine = {ctx.phrase(w) for w in ctx.festival_wishes}
    day = ctx.at.date()
    today = [f for f in ctx.festivals]
    replacement = today[0].greetings[0] if today else ""
    instead_zh = f"今天是{'、'.join(f.name.zh for f in today)}，应说“{replacement}”。" if today else ""
    instead_en = f' Today is {", ".join(f.name.en for f in today)}: say "{replacement}".' if today else ""
    slips = []
    seen: set[str] = set()
    for festival in festivals:
        for wish in (*festival.greetings, *festival.unfitting):
            phrase = ctx.phrase(wish)
            if phrase in fine or phrase in seen:
                continue
            seen.add(phrase)
            unfit = [f for f in ctx.in_season if wish in f.unfitting]
            if unfit:
                note = unfit[0].note
                zh = f"“{wish}”不适合{unfit[0].name.zh}" + (f"：{note.zh}" if note else "") + "。"
                en = f'"{wish}" does not fit {unfit[0].name.en}' + (f": {note.en}" if note else "") + "."
            else:
                names = [f for f in festivals if wish in f.greetings] or [festival]
                of, when = "、".join(f.name.zh for f in names), f"{day.month}月{day.day}日"
                zh = f"“{wish}”是{of}的贺语，今天（{when}）不是这个节日，也不在节前节后。"
                en = f'"{wish}" is the wish for {", ".join(f.name.en for f in names)}, and today ' \
                     f"({day:%d %b}) is not that festival or near it."  # fmt: skip
            message = _said(cite, zh + instead_zh, en + instead_en)
            for start, end in _occurrences(answer, phrase, ()):
                if not replacement:  # 祝您中秋快乐 goes as a whole
                    start -= next(
                        (len(w) for w in _WISH_LEADS if answer.text.startswith(w, start - len(w))), 0
                    )
                slips.append(
                    Slip(start, end, rule, "wrong_time", answer.text[start:end], message, replacement,
                         _rank(rule, main, order, start, end))
                )  # fmt: skip
    return slips


def site_slips(rules: Sequence[Rule], answer: Normalized, ctx: Context, main: str | None) -> list[Slip]:
    """A centre's name that is not the speaker's own, where a rule asks for {site} and the own name
    is not said: 说错中心名称, not a missing name."""
    if not ctx.site or any(find_all(answer.text, ctx.phrase(n)) for n in ctx.site_names):
        return []
    slips = []
    for order, rule in enumerate(rules):
        for element in speech_of(rule).elements:
            if not any(SITE in v for v in element.variants):
                continue
            cite = element.cite or rule_citation(rule)
            for start, end in _other_centres(answer, ctx):
                found = answer.text[start:end]
                message = _said(
                    cite,
                    f"说错中心名称：“{found}”不是本中心，应报本中心名称“{ctx.site}”。",
                    f'Wrong centre name: "{found}" is not your centre; say "{ctx.site}".',
                )
                slips.append(
                    Slip(start, end, rule, "forbidden", found, message, ctx.site,
                         _rank(rule, main, order, start, end))
                )  # fmt: skip
    return slips


def _other_centres(answer: Normalized, ctx: Context) -> list[tuple[int, int]]:
    lead_ins = sorted({*ctx.greetings(), *_LEAD_INS}, key=len, reverse=True)
    spans = []
    for suffix in ctx.rulebook.settings.site_suffixes:
        for start, end in find_all(answer.text, ctx.phrase(suffix)):
            if answer.is_quoted(start, end):
                continue
            name = answer.clause_start(start)
            stripped = True
            while stripped:
                stripped = False
                for word in lead_ins:
                    if answer.text.startswith(word, name) and name + len(word) <= start:
                        name += len(word)
                        stripped = True
            if start - name >= 2:
                spans.append((name, end))
    return spans


def without_overlaps(slips: list[Slip]) -> list[Slip]:
    """Where slips overlap, the longest wins, then the more severe rule, then the main rule."""
    kept: list[Slip] = []
    for slip in sorted(slips, key=lambda s: s.rank):
        if all(slip.end <= k.start or k.end <= slip.start for k in kept):
            kept.append(slip)
    return sorted(kept, key=lambda s: (s.start, s.rank))


def corrected_sentence(text: str, answer: Normalized, slips: Sequence[Slip], ctx: Context) -> str:
    """The speaker's sentence with each slip replaced, punctuation kept. A replacement greeting where
    the sentence greets anyway (唉，早上好 -> 您好，早上好) is dropped with the punctuation after it.
    Right to left, so that the rest of the sentence is already corrected when it is looked at."""
    greetings = ctx.greetings()
    spans = [answer.span(s.start, s.end) for s in slips]
    for index in reversed(range(len(slips))):  # sorted, no overlaps
        start, end = spans[index]
        limit = answer.origin[slips[index].end] if slips[index].end < len(answer.text) else len(text)
        while end < limit and not is_separator(text[end]):
            end += 1  # a particle the comparison ignored belongs to the slip: 你谁啊 -> 请问贵姓
        words = slips[index].replacement
        said = ctx.phrase(words)
        others = ctx.phrase(text[:start]) + "|" + ctx.phrase(text[end:])
        if said and any(said.startswith(g) for g in greetings) and any(g in others for g in greetings):
            words = ""
        if not words:
            start, end = _drop_span(text, start, end, spans[index - 1][1] if index else 0)
        elif is_separator(words[-1]):
            while end < len(text) and is_separator(text[end]):
                end += 1  # 请问贵姓？ keeps its own question mark, not the speaker's as well
        text = text[:start] + words + text[end:]
    return text


def _drop_span(text: str, start: int, end: int, floor: int) -> tuple[int, int]:
    after = end
    while after < len(text) and is_separator(text[after]):
        after += 1
    if after < len(text):
        return start, after  # 哎，您好 -> 您好
    before = start
    while before > floor and is_separator(text[before - 1]):
        before -= 1
    return before, end  # 早上好，中秋快乐！ -> 早上好！
