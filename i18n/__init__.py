"""UI strings: every label comes from zh.yaml / en.yaml through `t(key, lang, **params)`."""

from __future__ import annotations

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
    """The flattened catalogue of one language, read once per process."""
    path = CATALOGUE_DIR / f"{lang}.yaml"
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    return _flatten(data)


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """The text for `key`; a missing key shows as the key itself (a test keeps that from shipping)."""
    text = catalogue(lang if lang in LANGUAGES else DEFAULT_LANGUAGE).get(key, key)
    return text.format(**params) if params else text
