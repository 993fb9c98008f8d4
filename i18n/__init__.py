"""UI strings: every label comes from the catalogues in i18n/<lang>/*.yaml through `t(key, lang, **params)`.

Each feature keeps its own file (core.yaml, rules.yaml, desk.yaml ...); a key defined twice is an error.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
CATALOGUE_DIR = Path(__file__).resolve().parent


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, full + "."))
        else:
            flat[full] = str(value)
    return flat


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The flattened catalogue of one language (all its files), read once per process."""
    return load_catalogue(CATALOGUE_DIR / lang)


def load_catalogue(directory: Path) -> dict[str, str]:
    merged: dict[str, str] = {}
    where: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        with path.open(encoding="utf-8") as fh:
            flat = _flatten(yaml.safe_load(fh) or {})
        for key in flat.keys() & merged.keys():
            raise ValueError(f"{path.name}: key {key!r} is already defined in {where[key]}")
        merged.update(flat)
        where.update(dict.fromkeys(flat, path.name))
    return merged


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """The text for `key`; a missing key shows as the key itself (a test keeps that from shipping)."""
    text = catalogue(lang if lang in LANGUAGES else DEFAULT_LANGUAGE).get(key, key)
    return text.format(**params) if params else text


# Error parameters whose values are codes with their own labels (a status, an action, a list of them).
_CODED_PARAMS = {
    "status": "desk.status",
    "action": "desk.action",
    "allowed": "desk.action",
    "mail_status": "desk.mail_status",
    "handover_status": "desk.handover_status",
}


def message(
    key: str, lang: str = DEFAULT_LANGUAGE, *, escape: Callable[[str], str] | None = None, **params: Any
) -> str:
    """Like `t`, but coded parameters (status, action, allowed) are shown by their labels.

    `escape` is applied to every text parameter (after the codes are turned into labels): a page that
    shows the message as markdown passes one, so a value the user typed is shown as typed."""
    shown = dict(params)
    for name, prefix in _CODED_PARAMS.items():
        value = shown.get(name)
        if isinstance(value, str) and value:
            sep = "、" if lang == "zh" else ", "
            shown[name] = sep.join(t(f"{prefix}.{code}", lang) for code in value.split(","))
    if escape is not None:
        shown = {k: escape(v) if isinstance(v, str) else v for k, v in shown.items()}
    return t(key, lang, **shown)
