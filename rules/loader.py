"""Read content/*.yaml into a validated, frozen Rulebook, or report every problem at once."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from rules import checks
from rules.checks import Finding, Loc
from rules.errors import ContentError, RulebookInvalid, make_error
from rules.greeting_calendar import known_holiday_names
from rules.model import CATEGORIES, CategoryFile, Rule, Rulebook, Settings
from rules.yaml_source import ParsedYaml, Position, parse_yaml

__all__ = ["RulebookInvalid", "content_hash", "default_content_dir", "default_rulebook", "load_rulebook"]

SETTINGS_FILE = "settings.yaml"
HASH_LENGTH = 12
M = TypeVar("M", bound=BaseModel)


def default_content_dir() -> Path:
    """The shipped content, found next to this package whatever the working directory."""
    return Path(__file__).resolve().parent / "content"


@lru_cache(maxsize=1)
def default_rulebook() -> Rulebook:
    return load_rulebook(default_content_dir())


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


@dataclass
class _Source:
    path: Path
    parsed: ParsedYaml | None

    def locate(self, loc: Loc, anchor: str = "value") -> tuple[Position, Loc]:
        """The deepest node along the path, so a missing field points at the mapping lacking it."""
        if self.parsed is None:
            return Position(1, 1), ()
        data, path = self.parsed.data, ()
        for segment in loc:
            in_mapping = isinstance(data, dict) and segment in data
            in_list = isinstance(data, list) and type(segment) is int and 0 <= segment < len(data)
            if not (in_mapping or in_list):
                break
            data = data[segment]
            path = (*path, segment)
        if anchor == "key" and path in self.parsed.keys:
            return self.parsed.keys[path], path
        return self.parsed.values.get(path, Position(1, 1)), path

    def where(self, loc: Loc) -> str:
        position, _ = self.locate(loc)
        return f"{self.path}:{position.line}:{position.column}"

    def error(
        self,
        loc: Loc,
        code: str,
        params: Mapping[str, Any],
        *,
        anchor: str = "value",
        field_loc: Loc | None = None,
        fallback: str | None = None,
    ) -> ContentError:
        position, path = self.locate(loc, anchor)
        rule_id, field = self._describe(path if field_loc is None else field_loc)
        return make_error(
            self.path, position.line, position.column, code, dict(params),
            rule_id=rule_id, field=field, fallback=fallback,
        )  # fmt: skip

    def _describe(self, path: Loc) -> tuple[str | None, str | None]:
        rule_id = None
        data = self.parsed.data if self.parsed else None
        if len(path) >= 2 and path[0] == "rules" and isinstance(data, dict):
            rules = data.get("rules")
            index = path[1]
            if isinstance(rules, list) and type(index) is int and 0 <= index < len(rules):
                rule = rules[index]
                candidate = rule.get("id") if isinstance(rule, dict) else None
                if isinstance(candidate, str):
                    rule_id, path = candidate, path[2:]
        return rule_id, _dotted(path)


def _dotted(path: Loc) -> str | None:
    text = ""
    for segment in path:
        text += f"[{segment}]" if type(segment) is int else f".{segment}" if text else str(segment)
    return text or None


def _validate(model: type[M], source: _Source) -> tuple[M | None, list[ContentError]]:
    assert source.parsed is not None
    try:
        return model.model_validate(source.parsed.data), []
    except ValidationError as exc:
        errors = []
        raw = exc.errors(include_url=False)
        failed = [tuple(e["loc"]) for e in raw]
        for err in raw:
            loc = tuple(err["loc"])
            code = err["type"]
            # pydantic counts a tuple's failed items as absent and adds a spurious too_short.
            if code == "too_short" and any(f[: len(loc)] == loc and f != loc for f in failed):
                continue
            params = dict(err.get("ctx") or {})
            if code in ("missing", "extra_forbidden") and loc:
                params["name"] = loc[-1]
            anchor = "key" if code == "extra_forbidden" else "value"
            _, path = source.locate(loc, anchor)
            # A missing field is reported at its mapping, but named in the field path.
            field_loc = (*path, loc[-1]) if code == "missing" and loc else path
            errors.append(
                source.error(loc, code, params, anchor=anchor, field_loc=field_loc,
                             fallback=err["msg"])
            )  # fmt: skip
        return None, errors


def _finding_error(source: _Source, finding: Finding) -> ContentError:
    return source.error(finding.loc, finding.code, finding.params)


def _read(path: Path) -> tuple[_Source, list[ContentError]]:
    source = _Source(path, None)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return source, [make_error(path, 1, 1, "not_utf8")]
    parsed, problems = parse_yaml(text)
    source.parsed = parsed
    errors = [make_error(path, p.position.line, p.position.column, p.code, dict(p.params)) for p in problems]
    return source, errors


def load_rulebook(content_dir: Path) -> Rulebook:
    """Validate every file and cross-reference; raise RulebookInvalid with all errors found."""
    files = content_files(content_dir)
    sources: dict[Path, _Source] = {}
    errors: list[ContentError] = []
    for path in files:
        sources[path], found = _read(path)
        errors += found
    settings_path = content_dir / SETTINGS_FILE
    settings_source = sources.pop(settings_path, None)
    if settings_source is None:
        errors.append(make_error(settings_path, 1, 1, "missing_settings"))
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


def _load_settings(source: _Source | None) -> tuple[Settings | None, list[ContentError]]:
    if source is None or source.parsed is None:
        return None, []
    settings, errors = _validate(Settings, source)
    if settings is not None:
        errors += [_finding_error(source, f) for f in checks.check_settings(settings)]
    holidays = checks.check_holidays(source.parsed.data, known_holiday_names())
    return settings, errors + [_finding_error(source, f) for f in holidays]


def _load_category_files(
    sources: dict[Path, _Source],
) -> tuple[dict[Path, CategoryFile], list[ContentError]]:
    documents: dict[Path, CategoryFile] = {}
    errors: list[ContentError] = []
    for path, source in sources.items():
        if source.parsed is None:
            continue
        document, found = _validate(CategoryFile, source)
        errors += found
        if document is not None:
            documents[path] = document
            errors += [_finding_error(source, f) for f in checks.check_category_file(document)]
    return documents, errors


def _cross_file_errors(sources: dict[Path, _Source], settings_source: _Source | None) -> list[ContentError]:
    raw = {p: s.parsed.data for p, s in sources.items() if s.parsed is not None}
    duplicates = checks.check_rule_ids(raw, lambda p, loc: sources[p].where(loc))
    errors = [_finding_error(sources[p], f) for p, f in duplicates]
    # With an unreadable file its rule ids are unknown, and every reference to them would be noise.
    if len(raw) < len(sources) or settings_source is None or settings_source.parsed is None:
        return errors
    everything = {**sources, settings_source.path: settings_source}
    references = checks.check_references(raw, settings_source.path, settings_source.parsed.data)
    return errors + [_finding_error(everything[p], f) for p, f in references]


def _assemble(documents: dict[Path, CategoryFile], settings: Settings, digest: str) -> Rulebook:
    order = {c.id: i for i, c in enumerate(CATEGORIES)}
    rules = [
        Rule.model_validate({**spec.__dict__, "category": document.category})
        for _, document in sorted(documents.items(), key=lambda item: item[0].name)
        for spec in document.rules
    ]
    rules.sort(key=lambda r: order[r.category])  # stable: keeps file order within a category
    return Rulebook(categories=CATEGORIES, rules=tuple(rules), settings=settings, content_hash=digest)
