"""Read desk/content/movein.yaml and special_services.yaml, or report every problem as file:line:column."""

from __future__ import annotations

from pathlib import Path

from content.errors import MESSAGES, ContentInvalid
from content.source import duplicate_ids, read_models
from content.watched import Watched
from desk.renovation.content import MoveInFile, RegistersContent, SpecialServicesFile

FILES = {
    "movein": ("movein.yaml", MoveInFile),
    "special": ("special_services.yaml", SpecialServicesFile),
}

MESSAGES.update(
    {
        "price_not_text": {
            "en": 'write the price in quotes, e.g. "{value}"',
            "zh": '价格请加引号书写，例如 "{value}"',
        },
        "decimal_max_places": {
            "en": "at most {decimal_places} decimal places",
            "zh": "最多 {decimal_places} 位小数",
        },
        "decimal_parsing": {"en": "expected a number", "zh": "应为数字"},
    }
)


class RegistersContentInvalid(ContentInvalid):
    what = "the move-in / special-service content"


def default_content_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "content"


# Parsed again only after one of its files changes (every process sees an edit at its next use).
default_registers_content = Watched(
    lambda: load_registers_content(default_content_dir()), lambda: (default_content_dir(),)
)


def load_registers_content(content_dir: Path) -> RegistersContent:
    models, sources, errors = read_models(content_dir, FILES)
    movein, special = models.get("movein"), models.get("special")
    if isinstance(movein, MoveInFile):
        errors += duplicate_ids([e.id for e in movein.items], sources["movein"], "items", "duplicate_value")
        errors += duplicate_ids(
            [e.id for e in movein.documents], sources["movein"], "documents", "duplicate_value"
        )
    if isinstance(special, SpecialServicesFile):
        errors += duplicate_ids(
            [s.id for s in special.services], sources["special"], "services", "duplicate_value"
        )
    if errors:
        errors.sort(key=lambda e: (str(e.path), e.line, e.column))
        raise RegistersContentInvalid(errors)
    assert isinstance(movein, MoveInFile) and isinstance(special, SpecialServicesFile)
    return RegistersContent(movein, special.services)
