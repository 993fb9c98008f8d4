"""The shift handover sheet (交接班): what the next shift inherits, counted at printing, and the notes
written for it; the outgoing and incoming staff sign."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from datetime import datetime

from desk.registers.handover import CarriedOver, NoteRow
from desk.slips.slip import Slip
from desk.slips.work_order import local
from i18n import t


def shift_handover_slip(
    carried: CarriedOver,
    notes: Sequence[NoteRow],
    *,
    site: str,
    zone: str,
    printed_at: datetime,
    printed_by: str,
    lang: str,
) -> Slip:
    def label(key: str) -> str:
        return t(f"slips.shift.{key}", lang)

    counts = [
        (t(f"desk.handover.items.{f.name}", lang), str(getattr(carried, f.name))) for f in fields(carried)
    ]
    return Slip(
        title=label("title"),
        site=site,
        number=f"{label('at')} {local(printed_at, zone)}",
        fields=(),
        table=((label("item"), label("count")), *counts),
        texts=tuple((f"{n.author} {local(n.created_at, zone)}", n.body) for n in notes if n.read_at is None)
        or ((label("notes"), label("no_notes")),),
        signatures=(label("sign_out"), label("sign_in")),
        footer=t("slips.printed", lang, at=local(printed_at, zone), name=printed_by),
    )
