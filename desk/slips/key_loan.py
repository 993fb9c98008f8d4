"""The key loan slip (duty 1.5): which key went to whom, until when; the borrower signs for it on the
way out and the desk countersigns when it comes back. ID number and phone stay masked on paper."""

from __future__ import annotations

from datetime import datetime

from desk.registers.keys import KeyRow
from desk.slips.slip import Slip
from desk.slips.work_order import local
from i18n import t


def key_loan_slip(
    row: KeyRow, *, site: str, zone: str, printed_at: datetime, printed_by: str, lang: str
) -> Slip:
    def label(key: str) -> str:
        return t(f"slips.key_loan.{key}", lang)

    return Slip(
        title=label("title"),
        site=site,
        number=f"{label('number')} JY{row.loan_id or 0:06d}",
        fields=(
            (label("room"), row.room),
            (label("copies"), str(row.copies)),
            (label("borrower"), row.borrower or ""),
            (label("phone"), row.borrower_phone or ""),
            (label("id_number"), row.borrower_id_number or ""),
            (label("lent_at"), local(row.lent_at, zone)),
            (label("expected_return_at"), local(row.expected_return_at, zone)),
            (label("returned_at"), ""),
        ),
        texts=((label("purpose"), row.purpose),),
        signatures=(
            label("sign_borrower"),
            label("sign_lender"),
            label("sign_return"),
            label("sign_checked"),
        ),
        footer=t("slips.printed", lang, at=local(printed_at, zone), name=printed_by),
    )
