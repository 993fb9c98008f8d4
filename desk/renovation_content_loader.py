"""Read desk/content/movein.yaml and special_services.yaml, or report every problem as file:line:column."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from desk.renovation_content import MoveInFile, RegistersContent, SpecialServicesFile
from rules.errors import MESSAGES, ContentError, make_error
from rules.source import Source, read_source, validate_model

FILES = {
    "movein": ("movein.yaml", MoveInFile),
    "special": ("special_services.yaml", SpecialServicesFile),
}

MESSAGES.update(
    {
        "missing_file": {"en": "{name} is missing", "zh": "缺少文件 {name}"},
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


class RegistersContentInvalid(Exception):
    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} error(s) in the move-in / special-service content")


def default_content_dir() -> Path:
    return Path(__file__).resolve().parent / "content"


@lru_cache(maxsize=1)
def default_registers_content() -> RegistersContent:
    return load_registers_content(default_content_dir())


def load_registers_content(content_dir: Path) -> RegistersContent:
    errors: list[ContentError] = []
    sources: dict[str, Source] = {}
    models: dict[str, object] = {}
    for key, (name, model) in FILES.items():
        path = content_dir / name
        if not path.is_file():
            errors.append(make_error(path, 1, 1, "missing_file", {"name": name}))
            continue
        source, found = read_source(path)
        errors += found
        if source.parsed is None:
            continue
        sources[key] = source
        value, found = validate_model(model, source)
        errors += found
        if value is not None:
            models[key] = value
    movein, special = models.get("movein"), models.get("special")
    if isinstance(movein, MoveInFile):
        errors += _duplicates([e.id for e in movein.items], sources["movein"], "items")
        errors += _duplicates([e.id for e in movein.documents], sources["movein"], "documents")
    if isinstance(special, SpecialServicesFile):
        errors += _duplicates([s.id for s in special.services], sources["special"], "services")
    if errors:
        errors.sort(key=lambda e: (str(e.path), e.line, e.column))
        raise RegistersContentInvalid(errors)
    assert isinstance(movein, MoveInFile) and isinstance(special, SpecialServicesFile)
    return RegistersContent(movein, special.services)


def _duplicates(ids: list[str], source: Source, key: str) -> list[ContentError]:
    seen: set[str] = set()
    errors = []
    for i, item_id in enumerate(ids):
        if item_id in seen:
            errors.append(source.error((key, i, "id"), "duplicate_value", {"value": item_id}))
        seen.add(item_id)
    return errors
