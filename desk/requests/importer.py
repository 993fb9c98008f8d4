"""Historic desk logs (CSV or Excel) into requests: parse and check every row first, then write all.

Imported rows keep the states and times they had: history is not re-run through the workflow
(no reopening, no new callback tasks beyond the one an unanswered finished request still owes).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from core.errors import ValidationFailed
from core.imports import (
    RowProblem,
    cell_text,
    in_order,
    moment_in_range,
    rating,
    refuse_nul,
    shown,
    text_cell,
)
from desk.content_model import DeskContent
from desk.phone import clean_phone
from desk.requests.intake import MAX_CONTENT
from desk.requests.sla import Urgency, due_at, finished_in_time, respond_due_at
from desk.requests.workflow import Kind, Status

# Header names accepted for each column, Chinese or English.
HEADERS: dict[str, tuple[str, ...]] = {
    "kind": ("kind", "类型", "类别类型"),
    "received_at": ("received_at", "登记时间", "受理时间", "时间"),
    "unit": ("unit", "房号", "单元"),
    "owner": ("owner", "业主", "联系人"),
    "phone": ("phone", "电话", "联系电话"),
    "channel": ("channel", "来源", "渠道"),
    "category": ("category", "类别", "分类"),
    "content": ("content", "内容", "事项"),
    "urgency": ("urgency", "紧急程度", "紧急"),
    "department": ("department", "部门", "处理部门"),
    "completed_at": ("completed_at", "完成时间", "完工时间"),
    "valid": ("valid", "有效性", "是否有效"),
    "callback_at": ("callback_at", "回访时间"),
    "satisfaction": ("satisfaction", "满意度"),
}
REQUIRED = ("kind", "received_at", "unit", "category", "content")
# What each text column holds (the tables' lengths; the content as the intake form takes it).
LIMITS = {"unit": 40, "owner": 50, "phone": 20, "content": MAX_CONTENT}
KINDS = {"报修": Kind.REPAIR, "咨询": Kind.INQUIRY, "投诉": Kind.COMPLAINT, **{k.value: k for k in Kind}}
URGENCIES = {
    "紧急": Urgency.URGENT,
    "一般": Urgency.NORMAL,
    "普通": Urgency.NORMAL,
    **{u.value: u for u in Urgency},
}
VALIDITY = {"有效": "valid", "无效": "invalid", "valid": "valid", "invalid": "invalid"}
CHANNELS = {"电话": "phone", "来访": "walk_in", "上门": "walk_in", "其他": "other",
            "phone": "phone", "walk_in": "walk_in", "walk-in": "walk_in", "other": "other"}  # fmt: skip
TIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%dT%H:%M",
)


@dataclass(frozen=True)
class ImportRow:
    row: int
    kind: Kind
    received_at: datetime
    unit: str
    owner: str
    phone: str
    channel: str
    category: str
    content: str
    urgency: Urgency
    department: str | None
    completed_at: datetime | None
    validity: str | None
    callback_at: datetime | None
    satisfaction: int | None


@dataclass(frozen=True)
class Placement:
    """Where an imported row stands today, and the deadlines it had."""

    status: Status
    respond_due_at: datetime | None
    due_at: datetime
    warn_at: datetime
    finished_in_time: bool | None
    first_contact: bool
    callback_status: str | None  # None: no callback task; "due" or "done"


def map_headers(header: list[object]) -> dict[str, int]:
    """Column positions by field; unknown headers are refused so a typo never drops data silently."""
    positions: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = cell_text(raw).lower()
        if not name:
            continue
        field = next((f for f, names in HEADERS.items() if name in names), None)
        if field is None:
            raise ValidationFailed("desk.import.unknown_column", field=None, column=shown(raw))
        positions[field] = index
    missing = [f for f in REQUIRED if f not in positions]
    if missing:
        raise ValidationFailed("desk.import.missing_columns", field=None, columns=", ".join(missing))
    return positions


def parse_rows(
    records: list[list[object]], content: DeskContent, timezone: str, now: datetime
) -> tuple[list[ImportRow], list[RowProblem]]:
    """Every data row checked (times against `now`); the first record is the header row."""
    if not any(records):
        raise ValidationFailed("desk.import.empty_file", field=None)
    positions = map_headers(records[0])
    rows: list[ImportRow] = []
    errors: list[RowProblem] = []
    for number, record in enumerate(records[1:], start=2):
        cells = {f: (record[i] if i < len(record) else None) for f, i in positions.items()}
        if all(cell_text(v) == "" for v in cells.values()):
            continue  # blank line in the sheet
        try:
            rows.append(_parse_row(number, cells, content, ZoneInfo(timezone), now))
        except ValidationFailed as exc:
            errors.append(RowProblem(number, exc.field, exc))
    return rows, errors


def _parse_row(
    number: int, cells: dict[str, object], content: DeskContent, tz: ZoneInfo, now: datetime
) -> ImportRow:
    refuse_nul(cells)
    kind = _lookup(KINDS, cells.get("kind"), "kind")
    urgency = (
        _lookup(URGENCIES, cells.get("urgency"), "urgency")
        if cell_text(cells.get("urgency"))
        else Urgency.NORMAL
    )
    received = _moment(cells.get("received_at"), tz, "received_at", now, required=True)
    assert received is not None
    unit = text_cell(unicodedata.normalize("NFKC", cell_text(cells.get("unit"))), "unit", LIMITS["unit"])
    if not unit:
        raise ValidationFailed("desk.error.unit_required", field="unit")
    category = _named(content.categories, cells.get("category"), "category")
    if kind not in category.kinds:
        raise ValidationFailed(
            "desk.error.category_invalid", field="category", value=shown(cells.get("category"))
        )
    text = text_cell(cells.get("content"), "content", LIMITS["content"])
    if not text:
        raise ValidationFailed("desk.error.content_required", field="content")
    department = (
        _named(content.departments, cells.get("department"), "department").id
        if cell_text(cells.get("department"))
        else None
    )
    completed = _moment(cells.get("completed_at"), tz, "completed_at", now)
    callback = _moment(cells.get("callback_at"), tz, "callback_at", now)
    in_order(received, completed, "completed_at", "desk.import.before_received")
    if callback is not None and completed is None:
        raise ValidationFailed("desk.import.callback_before_completion", field="callback_at")
    in_order(completed, callback, "callback_at", "desk.import.callback_before_completion")
    validity = None
    if cell_text(cells.get("valid")):
        if kind is not Kind.COMPLAINT:
            raise ValidationFailed("desk.import.validity_complaints_only", field="valid")
        validity = _lookup(VALIDITY, cells.get("valid"), "valid")
    satisfaction = rating(cells.get("satisfaction"), "satisfaction")
    if satisfaction is not None and callback is None:
        raise ValidationFailed("desk.import.rating_without_callback", field="satisfaction")
    channel = (
        _lookup(CHANNELS, cells.get("channel"), "channel") if cell_text(cells.get("channel")) else "other"
    )
    phone = text_cell(cells.get("phone"), "contact_phone", LIMITS["phone"])
    return ImportRow(
        row=number, kind=kind, received_at=received, unit=unit,
        owner=text_cell(cells.get("owner"), "owner", LIMITS["owner"]),
        phone=clean_phone(phone, field="contact_phone", required=False), channel=channel,
        category=category.id, content=text, urgency=urgency, department=department, completed_at=completed,
        validity=validity, callback_at=callback, satisfaction=satisfaction,
    )  # fmt: skip


def place(row: ImportRow, content: DeskContent) -> Placement:
    """The state a historic row stands in, from what the file says happened."""
    limit = content.limit(row.kind, row.urgency)
    due = due_at(row.received_at, limit)
    in_time = finished_in_time(due, row.completed_at) if row.completed_at else None
    callback_status: str | None = None
    if row.kind is Kind.INQUIRY:
        status = (
            Status.ANSWERED if row.completed_at else (Status.FORWARDED if row.department else Status.RECORDED)
        )
    elif row.completed_at is not None:
        status = Status.CLOSED if row.callback_at else Status.CALLBACK_DUE
        callback_status = "done" if row.callback_at else "due"
    elif row.kind is Kind.REPAIR:
        status = Status.DISPATCHED if row.department else Status.REGISTERED
    else:
        status = Status.HANDLING if row.validity == "valid" else Status.RECEIVED
    return Placement(
        status=status,
        respond_due_at=respond_due_at(row.received_at, limit),
        due_at=due,
        warn_at=due - timedelta(minutes=limit.warn_minutes),
        finished_in_time=in_time,
        # Answered the moment it was received: solved at first contact.
        first_contact=row.kind is Kind.INQUIRY and row.completed_at == row.received_at,
        callback_status=callback_status,
    )


def _lookup(table: dict, value: object, field: str):  # type: ignore[no-untyped-def]
    key = cell_text(value)
    found = table.get(key) or table.get(key.lower())
    if found is None:
        raise ValidationFailed("desk.error.choice_invalid", field=field, value=shown(key))
    return found


def _named(items, value: object, field: str):  # type: ignore[no-untyped-def]
    """A category or department given by its id, Chinese or English name."""
    key = cell_text(value)
    for item in items:
        if key.lower() in (item.id, item.zh.lower(), item.en.lower()):
            return item
    raise ValidationFailed("desk.error.choice_invalid", field=field, value=shown(key))


def _moment(
    value: object, tz: ZoneInfo, field: str, now: datetime, required: bool = False
) -> datetime | None:
    """A time from the sheet that has happened; times without a zone are the site's local time."""
    if isinstance(value, datetime):
        moment = value
    else:
        text = cell_text(value)
        if not text:
            if required:
                raise ValidationFailed("desk.import.time_required", field=field)
            return None
        moment = None
        for fmt in TIME_FORMATS:
            try:
                moment = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        if moment is None:
            raise ValidationFailed("desk.import.time_invalid", field=field, value=shown(text))
    return moment_in_range(moment if moment.tzinfo else moment.replace(tzinfo=tz), field, now)
