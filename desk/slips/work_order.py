"""The 派工单 (work order slip, duty 1.1): what the department needs at the door, and the lines the worker,
the owner and the desk sign. The phone is masked, as on every screen of the department."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from desk.requests.work_orders import WorkOrderRow
from desk.slips.slip import Slip
from i18n import t


def local(moment: datetime | None, zone: str) -> str:
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M") if moment else ""


def work_order_slip(
    row: WorkOrderRow,
    *,
    site: str,
    zone: str,
    department: str,
    category: str,
    printed_at: datetime,
    printed_by: str,
    lang: str,
) -> Slip:
    def label(key: str) -> str:
        return t(f"slips.work_order.{key}", lang)

    return Slip(
        title=label("title"),
        site=site,
        # An ideographic space, not "·": the CID font has no middle dot.
        number=f"{label('number')} {row.number}\u3000{label('request')} {row.request_number}",
        fields=(
            (label("request"), row.request_number),
            (label("department"), department),
            (label("unit"), row.unit),
            (label("owner"), f"{row.contact_name} {row.phone}"),
            (label("category"), category),
            (label("urgency"), t(f"desk.urgency.{row.urgency}", lang)),
            (label("dispatched_at"), local(row.dispatched_at, zone)),
            (label("due_at"), local(row.due_at, zone)),
            (label("dispatched_by"), row.dispatched_by or ""),
            (label("stage"), t(f"orders.stage.{row.stage}", lang)),
        ),
        texts=(
            (label("content"), row.content),
            (
                label("result"),
                "\n".join(n.note for n in row.notes if n.kind == "finish" and n.note) or "\n\n",
            ),
        ),
        signatures=(label("sign_worker"), label("sign_owner"), label("sign_desk"), label("sign_callback")),
        footer=t("slips.printed", lang, at=local(printed_at, zone), name=printed_by),
    )
