"""A slip as plain values: what it says, in the reader's language, before any PDF exists."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Slip:
    title: str  # 派工单
    site: str  # the service centre, printed above the title
    number: str  # the number the slip is filed and read out by
    fields: tuple[tuple[str, str], ...]  # short facts, two to a line
    texts: tuple[tuple[str, str], ...] = ()  # long texts (content, notes), one to a line
    table: tuple[tuple[str, ...], ...] = ()  # a header row and its rows (the shift sheet's counts)
    signatures: tuple[str, ...] = ()  # who signs, with the date
    footer: str = ""  # printed when and by whom
