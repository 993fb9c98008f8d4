"""Print buttons for the registers' slips: the key loan slip, the cash handover sheet, the shift handover
sheet. Each PDF is built when its button is pressed (a callable `data=`), from the record as it is then."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from accounts.sites import SiteView
from desk.registers.cash import HandoverRow
from desk.registers.keys import KeyRow
from desk.slips.cash_handover import cash_handover_slip
from desk.slips.key_loan import key_loan_slip
from desk.slips.render import slip_pdf
from desk.slips.shift_handover import shift_handover_slip
from desk.slips.slip import Slip
from ui import context
from ui.context import tr


def _button(label_key: str, build: Callable[[], Slip], file_name: str, key: str) -> None:
    st.download_button(
        tr(label_key), data=lambda: slip_pdf(build()), file_name=file_name, mime="application/pdf",
        icon=":material/print:", on_click="ignore", key=key,
    )  # fmt: skip


def _where(site: SiteView) -> dict[str, object]:
    """Captured while the page runs: the download itself runs outside the page's session."""
    return dict(
        site=site.name, zone=site.timezone, printed_at=context.services().clock(),
        printed_by=context.actor().display_name, lang=context.lang(),
    )  # fmt: skip


def print_key_loans(lent: Sequence[KeyRow], site: SiteView) -> None:
    if not lent:
        return
    by_id = {r.id: r for r in lent}
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    chosen = left.selectbox(
        tr("slips.pick_key"), list(by_id), format_func=lambda i: f"{by_id[i].room} · {by_id[i].borrower}",
        key="slip_key",
    )  # fmt: skip
    row, where = by_id[chosen], _where(site)
    with right:
        _button("slips.print_key_loan", lambda: key_loan_slip(row, **where), f"JY{row.loan_id or 0:06d}.pdf",
                "print_key_loan")  # fmt: skip


def print_cash_handovers(rows: Sequence[HandoverRow], site: SiteView) -> None:
    if not rows:
        return
    by_id = {h.id: h for h in rows}
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    chosen = left.selectbox(
        tr("slips.pick_cash"), list(by_id),
        format_func=lambda i: f"JJ{i:06d} · {by_id[i].from_name} → {by_id[i].to_name}", key="slip_cash",
    )  # fmt: skip
    row, where = by_id[chosen], _where(site)
    with right:
        _button(
            "slips.print_cash", lambda: cash_handover_slip(row, **where), f"JJ{row.id:06d}.pdf", "print_cash"
        )


def print_shift_handover(site: SiteView) -> None:
    actor, handover, where = context.actor(), context.services().handover, _where(site)

    def build() -> Slip:
        carried = handover.carried_over(actor, site.id)
        return shift_handover_slip(carried, handover.notes(actor, site.id), **where)

    _button("slips.print_shift", build, "handover.pdf", "print_shift")
