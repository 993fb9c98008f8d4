"""What a staff member wrote, reduced to the words the judge compares: pure string handling.

- Full-width and half-width forms are unified (NFKC) and Latin letters case-folded.
- Spaces, punctuation and symbols are dropped: `您好，阳光花园` and `您好 阳光花园!` compare equal.
- A clause-final particle (呢 吧 啊 呀 哦 吗 ...) is dropped, so `需要传达什么吗` and `需要传达什么呢`
  compare equal. Phrases from the rulebook go through the same function, so both sides agree.
- Quotation marks around the whole answer are dropped (trainees often quote their answer); words
  inside quotation marks within it (“你们公司”, 《...》) are someone else's words: they are kept for
  matching, and marked so that the judge does not count them as the speaker's slips.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Sentence-final particles that carry tone, not content. 的 is not one of them (帮到您的).
PARTICLES = frozenset("呢吧啊呀哦吗嘛啦哈喔哟噢嘞咯哇呐呗")

_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "〈": "〉", '"': '"', "'": "'"}
_OPENERS = frozenset(_PAIRS)
_CLOSERS = frozenset(_PAIRS.values())


@dataclass(frozen=True)
class Normalized:
    """`text`: the compared characters; `quoted[i]` tells whether text[i] stood inside quotation marks."""

    text: str
    quoted: tuple[bool, ...]

    def is_quoted(self, start: int, end: int) -> bool:
        return any(self.quoted[start:end])


def _is_separator(char: str) -> bool:
    return char.isspace() or unicodedata.category(char)[0] in "PSZC"


def _strip_outer_quotes(text: str) -> str:
    """`“您好，……？”` -> `您好，……？`, when one pair of quotation marks encloses everything."""
    stripped = text.strip()
    while stripped and _is_separator(stripped[-1]) and stripped[-1] not in _CLOSERS:
        stripped = stripped[:-1]  # a full stop after the closing quote: “……”。
    if len(stripped) < 2 or stripped[0] not in _OPENERS or stripped[-1] != _PAIRS[stripped[0]]:
        return text
    inner = stripped[1:-1]
    opener, closer = stripped[0], stripped[-1]
    depth = 0
    for char in inner:  # the outer pair must be one pair: not “a”和“b”
        if opener == closer:
            if char == opener:
                return text
            continue
        depth += (char == opener) - (char == closer)
        if depth < 0:
            return text
    return inner


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


def normalize(text: str) -> Normalized:
    text = _strip_outer_quotes(unicodedata.normalize("NFKC", text).casefold())
    depths = _quote_depths(text)
    chars: list[str] = []
    quoted: list[bool] = []
    clause_start = 0
    for char, depth in zip(text, depths, strict=True):
        if not _is_separator(char):
            chars.append(char)
            quoted.append(depth > 0)
            continue
        while len(chars) > clause_start and chars[-1] in PARTICLES:
            chars.pop()
            quoted.pop()
        clause_start = len(chars)
    while len(chars) > clause_start and chars[-1] in PARTICLES:
        chars.pop()
        quoted.pop()
    return Normalized("".join(chars), tuple(quoted))


@lru_cache(maxsize=65536)
def normalize_phrase(phrase: str) -> str:
    """A rulebook phrase in the same form as a normalised answer (pure, so kept: the judge asks for
    the same rulebook phrases on every answer)."""
    return normalize(phrase).text


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
