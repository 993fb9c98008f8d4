"""Cells that are safe to hand to a spreadsheet: text that Excel would run as a formula is quoted."""

from __future__ import annotations

from typing import Any

# A cell starting with one of these is taken for a formula (CSV injection); a tab or CR likewise.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A string a spreadsheet could run as a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
