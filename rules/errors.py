"""The rulebook's own error: its content files hold errors (each a `content.errors.ContentError`)."""

from __future__ import annotations

from content.errors import ContentError


class RulebookInvalid(Exception):
    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} error(s) in rulebook content")
