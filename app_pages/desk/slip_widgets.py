"""Print buttons for the registers' slips: the key loan slip, the cash handover sheet, the shift handover
sheet. Each PDF is built when its button is pressed (a callable `data=`), from the record as it is then."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

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

R = TypeVar("R")


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


def _pick_and_print(
    rows: Sequence[R], site: SiteView, picker: tuple[str, str], describe: Callable[[R], str],
    button: tuple[str, str], slip: Callable[..., Slip], file_name: Callable[[R], str],
) -> None:  # fmt: skip
    """A picker of one of `rows` and beside it the button printing its slip; nothing when there are none.
    `picker` and `button`: (label key, widget key)."""
    if not rows:
        return
    by_id = {r.id: r for r in rows}  # type: ignore[attr-defined]
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    chosen = left.selectbox(
        tr(picker[0]), list(by_id), format_func=lambda i: describe(by_id[i]), key=picker[1]
    )
    row, where = by_id[chosen], _where(site)
    with right:
        _button(button[0], lambda: slip(row, **where), file_name(row), button[1])


def print_key_loans(lent: Sequence[KeyRow], site: SiteView) -> None:
    _pick_and_print(
        lent, site, ("slips.pick_key", "slip_key"), lambda r: f"{r.room} · {r.borrower}",
        ("slips.print_key_loan", "print_key_loan"), key_loan_slip, lambda r: f"JY{r.loan_id or 0:06d}.pdf",
    )  # fmt: skip


def print_cash_handovers(rows: Sequence[HandoverRow], site: SiteView) -> None:
    _pick_and_print(
        rows, site, ("slips.pick_cash", "slip_cash"), lambda h: f"JJ{h.id:06d} · {h.from_name} → {h.to_name}",
        ("slips.print_cash", "print_cash"), cash_handover_slip, lambda h: f"JJ{h.id:06d}.pdf",
    )  # fmt: skip


def print_shift_handover(site: SiteView) -> None:
    actor, handover, where = context.actor(), context.services().handover, _where(site)

    def build() -> Slip:
        carried = handover.carried_over(actor, site.id)
        return shift_handover_slip(carried, handover.notes(actor, site.id), **where)

    _button("slips.print_shift", build, "handover.pdf", "print_shift")
