"""Read content/*.yaml into a validated, frozen Rulebook, or report every problem at once."""

from __future__ import annotations

import hashlib
from pathlib import Path

from content.errors import ContentError, make_error
from content.source import Source, finding_error, read_folder, validate_model
from content.watched import Watched
from rules import checks
from rules.errors import RulebookInvalid
from rules.greeting_calendar import known_holiday_names
from rules.model import CATEGORIES, CategoryFile, Rule, Rulebook, Settings

__all__ = ["RulebookInvalid", "content_hash", "default_content_dir", "default_rulebook", "load_rulebook"]

SETTINGS_FILE = "settings.yaml"
HASH_LENGTH = 12


def default_content_dir() -> Path:
    """The shipped content, found next to this package whatever the working directory."""
    return Path(__file__).resolve().parent / "content"


# The shipped rulebook, parsed again only after one of its files changes (every process sees an edit).
default_rulebook = Watched(lambda: load_rulebook(default_content_dir()), lambda: (default_content_dir(),))


def content_files(content_dir: Path) -> list[Path]:
    return sorted(
        (p for p in content_dir.glob("*.yaml") if p.is_file() and not p.name.startswith(".")),
        key=lambda p: p.name,
    )


def content_hash(files: list[Path]) -> str:
    """sha256 over the files in name order; each file framed by its name and length so that
    moving bytes between files or renaming one also changes the hash."""
    digest = hashlib.sha256()
    for path in sorted(files, key=lambda p: p.name):
        data = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()[:HASH_LENGTH]


def load_rulebook(content_dir: Path) -> Rulebook:
    """Validate every file and cross-reference; raise RulebookInvalid with all errors found."""
    files = content_files(content_dir)
    settings_source, sources, errors = read_folder(files, content_dir / SETTINGS_FILE, "missing_settings")
    if not sources:
        errors.append(make_error(content_dir, 1, 1, "no_rule_files"))

    settings, found = _load_settings(settings_source)
    errors += found
    documents, found = _load_category_files(sources)
    errors += found
    errors += _cross_file_errors(sources, settings_source)

    if errors or settings is None:
        errors.sort(key=lambda e: (str(e.path), e.line, e.column, e.code))
        raise RulebookInvalid(errors)
    return _assemble(documents, settings, content_hash(files))


def _load_settings(source: Source | None) -> tuple[Settings | None, list[ContentError]]:
    if source is None or source.parsed is None:
        return None, []
    settings, errors = validate_model(Settings, source)
    if settings is not None:
        errors += [finding_error(source, f) for f in checks.check_settings(settings)]
    holidays = checks.check_holidays(source.parsed.data, known_holiday_names())
    return settings, errors + [finding_error(source, f) for f in holidays]


def _load_category_files(
    sources: dict[Path, Source],
) -> tuple[dict[Path, CategoryFile], list[ContentError]]:
    documents: dict[Path, CategoryFile] = {}
    errors: list[ContentError] = []
    for path, source in sources.items():
        if source.parsed is None:
            continue
        document, found = validate_model(CategoryFile, source)
        errors += found
        if document is not None:
            documents[path] = document
            errors += [finding_error(source, f) for f in checks.check_category_file(document)]
    return documents, errors


def _cross_file_errors(sources: dict[Path, Source], settings_source: Source | None) -> list[ContentError]:
    raw = {p: s.parsed.data for p, s in sources.items() if s.parsed is not None}
    duplicates = checks.check_rule_ids(raw, lambda p, loc: sources[p].where(loc))
    errors = [finding_error(sources[p], f) for p, f in duplicates]
    # With an unreadable file its rule ids are unknown, and every reference to them would be noise.
    if len(raw) < len(sources) or settings_source is None or settings_source.parsed is None:
        return errors
    everything = {**sources, settings_source.path: settings_source}
    references = checks.check_references(raw, settings_source.path, settings_source.parsed.data)
    return errors + [finding_error(everything[p], f) for p, f in references]


def _assemble(documents: dict[Path, CategoryFile], settings: Settings, digest: str) -> Rulebook:
    order = {c.id: i for i, c in enumerate(CATEGORIES)}
    rules = [
        Rule.model_validate({**spec.__dict__, "category": document.category})
        for _, document in sorted(documents.items(), key=lambda item: item[0].name)
        for spec in document.rules
    ]
    rules.sort(key=lambda r: order[r.category])  # stable: keeps file order within a category
    return Rulebook(categories=CATEGORIES, rules=tuple(rules), settings=settings, content_hash=digest)
