"""The cash handover sheet (duty 1.7): takings out of hours handed from one colleague to the next, the
amount expected, the amount counted and the difference, signed by both."""

from __future__ import annotations

from datetime import datetime

from desk.money import format_amount
from desk.registers.cash import HandoverRow
from desk.slips.slip import Slip
from desk.slips.work_order import local
from i18n import t


def cash_handover_slip(
    row: HandoverRow, *, site: str, zone: str, printed_at: datetime, printed_by: str, lang: str
) -> Slip:
    def label(key: str) -> str:
        return t(f"slips.cash.{key}", lang)

    return Slip(
        title=label("title"),
        site=site,
        number=f"{label('number')} JJ{row.id:06d}",
        fields=(
            (label("from"), row.from_name),
            (label("to"), row.to_name),
            (label("created_at"), local(row.created_at, zone)),
            (label("status"), t(f"desk.handover_status.{row.status}", lang)),
            (label("expected_cash"), format_amount(row.expected_cash)),
            (label("counted_cash"), format_amount(row.counted_cash)),
            (label("difference"), format_amount(row.difference)),
            (label("other_total"), format_amount(row.other_total)),
        ),
        texts=((label("note"), row.note or ""), (label("resolution"), row.resolution or "")),
        signatures=(label("sign_from"), label("sign_to")),
        footer=t("slips.printed", lang, at=local(printed_at, zone), name=printed_by),
    )
