"""Masking of identifying numbers for those who do not need them in full."""

from __future__ import annotations


def mask_middle(value: str, keep_start: int = 3, keep_end: int = 4) -> str:
    """'110101199003071234' -> '110***********1234'; short values are masked whole."""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]
