"""Content files parsed once and again after an edit; broken content is reported, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass

from content.errors import ContentError
from content.watched import Watched
from rules.errors import RulebookInvalid
from rules.loader import default_content_dir, load_rulebook
from rules.model import Rulebook


@dataclass(frozen=True)
class RulebookState:
    rulebook: Rulebook | None
    errors: tuple[ContentError, ...]


def _load() -> RulebookState:
    try:
        return RulebookState(load_rulebook(default_content_dir()), ())
    except RulebookInvalid as exc:
        return RulebookState(None, tuple(exc.errors))


# Kept until a rules file changes (a broken rulebook too: the files must change to mend it); each page
# run costs a listing of the directory, so an edit shows at the next run in every app process.
rulebook_state = Watched(_load, lambda: (default_content_dir(),))
