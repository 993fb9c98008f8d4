"""The rulebook's own error: its content files hold errors (each a `content.errors.ContentError`)."""

from __future__ import annotations

from content.errors import ContentInvalid


class RulebookInvalid(ContentInvalid):
    what = "rulebook content"
