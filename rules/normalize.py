"""What a staff member wrote, reduced to the words the judge compares: pure string handling.

- Full-width and half-width forms are unified (NFKC) and Latin letters case-folded.
- Spaces, punctuation and symbols are dropped: `您好，阳光花园` and `您好 阳光花园!` compare equal.
- A clause-final particle (呢 吧 啊 呀 哦 吗 ...) is dropped, so `需要传达什么吗` and `需要传达什么呢`
  compare equal. Phrases from the rulebook go through the same function, so both sides agree.
- Quotation marks around the whole answer are dropped (trainees often quote their answer); words
  inside quotation marks within it (“你们公司”, 《...》) are someone else's words: they are kept for
  matching, and marked so that the judge does not count them as the speaker's slips.
- Speech-to-text noise (the rulebook's settings): filler sounds (嗯, 呃) are dropped wherever they
  stand, and misheard words are read as meant (中兴 -> 中心), same length for same length.
- Each compared character remembers where it stood in the answer (`origin`), so that the judge can
  correct the speaker's own sentence, punctuation and all.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# Sentence-final particles that carry tone, not content. 的 is not one of them (帮到您的).
PARTICLES = frozenset("呢吧啊呀哦吗嘛啦哈喔哟噢嘞咯哇呐呗")

_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "〈": "〉", '"': '"', "'": "'"}
_OPENERS = frozenset(_PAIRS)
_CLOSERS = frozenset(_PAIRS.values())


@dataclass(frozen=True)
class Normalized:
    """`text`: the compared characters; `quoted[i]` tells whether text[i] stood inside quotation
    marks, `origin[i]` its index in the answer as written; `clauses`: where each clause starts."""

    text: str
    quoted: tuple[bool, ...]
    origin: tuple[int, ...] = ()
    clauses: tuple[int, ...] = ()

    def is_quoted(self, start: int, end: int) -> bool:
        return any(self.quoted[start:end])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Where text[start:end] stands in the answer as written."""
        return self.origin[start], self.origin[end - 1] + 1

    def clause_start(self, position: int) -> int:
        return max((c for c in self.clauses if c <= position), default=0)


def is_separator(char: str) -> bool:
    return char.isspace() or unicodedata.category(char)[0] in "PSZC"


def _outer_quotes(text: str) -> tuple[int, int] | None:
    """The positions of one pair of quotation marks enclosing everything (`“您好，……？”。`)."""
    first = 0
    while first < len(text) and text[first].isspace():
        first += 1
    last = len(text) - 1
    while last > first and is_separator(text[last]) and text[last] not in _CLOSERS:
        last -= 1  # a full stop after the closing quote: “……”。
    if last - first < 1 or text[first] not in _OPENERS or text[last] != _PAIRS[text[first]]:
        return None
    opener, closer = text[first], text[last]
    depth = 0
    for char in text[first + 1 : last]:  # the outer pair must be one pair: not “a”和“b”
        if opener == closer:
            if char == opener:
                return None
            continue
        depth += (char == opener) - (char == closer)
        if depth < 0:
            return None
    return first, last


def _quote_depths(text: str) -> list[int]:
    """How many matched pairs of quotation marks enclose each character (an unmatched mark counts
    as plain punctuation, so a stray “ cannot hide the rest of the answer)."""
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for i, char in enumerate(text):
        if stack and char == _PAIRS[text[stack[-1]]]:
            pairs.append((stack.pop(), i))
        elif char in _OPENERS:
            stack.append(i)
    change = [0] * (len(text) + 1)
    for start, end in pairs:
        change[start + 1] += 1
        change[end] -= 1
    depths, depth = [], 0
    for delta in change[:-1]:
        depth += delta
        depths.append(depth)
    return depths


def normalize(text: str, fillers: Iterable[str] = (), misheard: Iterable[tuple[str, str]] = ()) -> Normalized:
    # Character by character, so that each compared character knows where it stood.
    folded = [(c, i) for i, raw in enumerate(text) for c in unicodedata.normalize("NFKC", raw).casefold()]
    outer = _outer_quotes("".join(c for c, _ in folded))
    if outer is not None:
        folded = folded[outer[0] + 1 : outer[1]]
    depths = _quote_depths("".join(c for c, _ in folded))
    drop = frozenset(fillers)
    chars: list[str] = []
    quoted: list[bool] = []
    origin: list[int] = []
    clauses: list[int] = [0]

    def end_clause() -> None:
        while len(chars) > clauses[-1] and chars[-1] in PARTICLES:
            chars.pop()
            quoted.pop()
            origin.pop()

    for (char, index), depth in zip(folded, depths, strict=True):
        if char in drop:
            continue
        if not is_separator(char):
            chars.append(char)
            quoted.append(depth > 0)
            origin.append(index)
            continue
        end_clause()
        if len(chars) > clauses[-1]:
            clauses.append(len(chars))
    end_clause()
    compared = "".join(chars)
    for heard, meant in misheard:
        if len(heard) == len(meant):  # settings validation refuses other pairs
            compared = compared.replace(heard, meant)
    return Normalized(compared, tuple(quoted), tuple(origin), tuple(dict.fromkeys(clauses)))


def normalize_phrase(
    phrase: str, fillers: Iterable[str] = (), misheard: Iterable[tuple[str, str]] = ()
) -> str:
    """A rulebook phrase in the same form as a normalised answer."""
    return normalize(phrase, fillers, misheard).text


def find_all(text: str, phrase: str) -> list[tuple[int, int]]:
    """Every (start, end) of `phrase` in `text`, overlapping ones included."""
    if not phrase:
        return []
    found = []
    start = text.find(phrase)
    while start != -1:
        found.append((start, start + len(phrase)))
        start = text.find(phrase, start + 1)
    return found
