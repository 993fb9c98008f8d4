"""The shipped rulebook grown to any number of rules (copies under new ids), to time what grows
with the rules: building the quiz questions must stay linear."""

from __future__ import annotations

from rules.loader import default_rulebook
from rules.model import Rule, Rulebook


def grown_rulebook(size: int) -> Rulebook:
    book = default_rulebook()
    rules: list[Rule] = []
    copy = 0
    while len(rules) < size:
        for rule in book.rules:
            rules.append(rule if copy == 0 else rule.model_copy(update={"id": f"{rule.id}{copy}"}))
        copy += 1
    return Rulebook(book.categories, tuple(rules[:size]), book.settings, f"{book.content_hash}x{size}")
