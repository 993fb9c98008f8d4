"""One YAML content file: its parsed data, where each node stands, and errors that point there.

Shared by every content loader (rules, desk settings ...), so all of them report `path:line:column`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from content.errors import ContentError, ContentInvalid, Finding, Loc, make_error
from content.yaml_source import ParsedYaml, Position, parse_yaml

M = TypeVar("M", bound=BaseModel)


@dataclass
class Source:
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


def validate_model(model: type[M], source: Source) -> tuple[M | None, list[ContentError]]:
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


def finding_error(source: Source, finding: Finding) -> ContentError:
    return source.error(finding.loc, finding.code, finding.params)


def read_source(path: Path) -> tuple[Source, list[ContentError]]:
    source = Source(path, None)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return source, [make_error(path, 1, 1, "not_utf8")]
    parsed, problems = parse_yaml(text)
    source.parsed = parsed
    errors = [make_error(path, p.position.line, p.position.column, p.code, dict(p.params)) for p in problems]
    return source, errors


def read_models(
    content_dir: Path, files: Mapping[str, tuple[str, type[BaseModel]]]
) -> tuple[dict[str, BaseModel], dict[str, Source], list[ContentError]]:
    """Several named content files, each validated against its model: (models, sources, errors).

    A missing file is an error at its line 1; a file that does not parse has no model.
    """
    errors: list[ContentError] = []
    sources: dict[str, Source] = {}
    models: dict[str, BaseModel] = {}
    for key, (name, model) in files.items():
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
    return models, sources, errors


def duplicate_ids(ids: list[str], source: Source, key: str, code: str = "duplicate_id") -> list[ContentError]:
    """An id used twice in the list under `key`, reported at the second use."""
    seen: set[str] = set()
    errors = []
    for i, item_id in enumerate(ids):
        if item_id in seen:
            errors.append(source.error((key, i, "id"), code, {"value": item_id}))
        seen.add(item_id)
    return errors


def load_file(
    path: Path,
    model: type[M],
    invalid: type[ContentInvalid],
    checks: Callable[[M, Source], list[ContentError]] = lambda value, source: [],
) -> M:
    """One content file validated against its model and then by `checks`; every problem found is
    raised at once as `invalid`, in file order (a missing or unparsable file is the only problem)."""
    if not path.is_file():
        raise invalid([make_error(path, 1, 1, "missing_file", fallback=f"{path} is missing")])
    source, errors = read_source(path)
    if errors or source.parsed is None:
        raise invalid(errors)
    value, errors = validate_model(model, source)
    if value is not None:
        errors += checks(value, source)
    if errors or value is None:
        raise invalid(sorted(errors, key=lambda e: (e.line, e.column)))
    return value


def read_folder(
    files: Iterable[Path], main: Path, missing: str
) -> tuple[Source | None, dict[Path, Source], list[ContentError]]:
    """Every file read, `main` (the folder's one required file) apart: (main's source, the others',
    errors); a missing `main` is the error `missing` at its line 1."""
    sources: dict[Path, Source] = {}
    errors: list[ContentError] = []
    for path in files:
        sources[path], found = read_source(path)
        errors += found
    main_source = sources.pop(main, None)
    if main_source is None:
        errors.append(make_error(main, 1, 1, missing))
    return main_source, sources, errors
