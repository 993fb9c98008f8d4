"""Read a phone system's call-record CSV into calls, or say which rows are wrong. Pure: text in.

Three layouts are recognised from the first row:
- Asterisk `Master.csv` (no header; 16 to 18 columns, `disposition` the 15th);
- FreeSWITCH `cdr_csv` with its default template (no header; 15 columns, the hangup cause the 10th);
- any CSV with a header naming start, answer, end, extension (or agent) and disposition.
Naive times are the centre's local time (the phone system's clock); they are kept in UTC. Every row is
checked like any import's (core.imports): no NUL byte, no text longer than its column, no time before 2000
or later than now.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from checklists.calls.rings import ring_seconds
from core.errors import ValidationFailed
from core.imports import ImportRefused, RowProblem, moment_in_range, refuse_nul, shown, text_cell
from core.sheets import csv_rows

ASTERISK, FREESWITCH, HEADER = "asterisk", "freeswitch", "csv"
ANSWERED, NO_ANSWER, BUSY, FAILED = "answered", "no_answer", "busy", "failed"

ASTERISK_COLUMNS = (
    "accountcode", "src", "dst", "dcontext", "clid", "channel", "dstchannel", "lastapp", "lastdata",
    "start", "answer", "end", "duration", "billsec", "disposition", "amaflags", "uniqueid", "userfield",
)  # fmt: skip
FREESWITCH_COLUMNS = (
    "caller_id_name", "caller_id_number", "destination_number", "context", "start_stamp", "answer_stamp",
    "end_stamp", "duration", "billsec", "hangup_cause", "uuid", "bleg_uuid", "accountcode", "read_codec",
    "write_codec",
)  # fmt: skip
ASTERISK_DISPOSITIONS = {
    "ANSWERED": ANSWERED, "NO ANSWER": NO_ANSWER, "BUSY": BUSY, "FAILED": FAILED, "CONGESTION": FAILED,
}  # fmt: skip
# FreeSWITCH has no disposition: a call with talk time was answered; the hangup cause says why not.
FREESWITCH_MISSED = {
    "NO_ANSWER": NO_ANSWER, "NO_USER_RESPONSE": NO_ANSWER, "ORIGINATOR_CANCEL": NO_ANSWER,
    "ALLOTTED_TIMEOUT": NO_ANSWER, "USER_BUSY": BUSY, "CALL_REJECTED": BUSY,
}  # fmt: skip
# Header names (lower case) of a generic CSV, English and Chinese, -> field.
HEADER_NAMES = {
    "start": "start", "开始时间": "start", "呼入时间": "start",
    "answer": "answer", "接听时间": "answer",
    "end": "end", "结束时间": "end", "挂机时间": "end",
    "extension": "extension", "agent": "extension", "分机": "extension", "分机号": "extension",
    "坐席": "extension",
    "disposition": "disposition", "status": "disposition", "状态": "disposition", "结果": "disposition",
    "duration": "duration", "时长": "duration", "billsec": "billsec", "通话时长": "billsec",
    "id": "id", "uniqueid": "id", "uuid": "id", "编号": "id",
}  # fmt: skip
GENERIC_DISPOSITIONS = {
    "answered": ANSWERED, "已接": ANSWERED, "已接听": ANSWERED, "接听": ANSWERED,
    "no answer": NO_ANSWER, "no_answer": NO_ANSWER, "noanswer": NO_ANSWER, "missed": NO_ANSWER,
    "未接": NO_ANSWER, "未接听": NO_ANSWER, "busy": BUSY, "忙": BUSY, "占线": BUSY,
    "failed": FAILED, "失败": FAILED, "congestion": FAILED,
}  # fmt: skip
# A device channel such as SIP/8001-0000002a, PJSIP/8001-..., Local/8001@from-queue-...;1 -> 8001.
_DEVICE = re.compile(r"^[A-Za-z0-9_]+/([^-@/;]+)")


@dataclass(frozen=True)
class CallRecord:
    row: int
    key: str  # natural key: the phone system's unique id, else a digest of the call's own fields
    extension: str
    started_at: datetime  # UTC
    answered: bool
    disposition: str  # answered / no_answer / busy / failed
    ring_seconds: float | None  # answered calls only
    talk_seconds: int


# What the phone_calls columns hold.
KEY_MAX, EXTENSION_MAX = 80, 40


def _bad(field: str | None, key: str, **params: Any) -> ValidationFailed:
    return ValidationFailed(f"checks.calls.error.{key}", field=field, **params)


def detect_format(first: Sequence[str]) -> str | None:
    cells = [c.strip() for c in first]
    names = {HEADER_NAMES.get(c.lower()) for c in cells}
    if {"start", "extension"} <= names:
        return HEADER
    if 16 <= len(cells) <= 18 and cells[14].upper() in ASTERISK_DISPOSITIONS:
        return ASTERISK
    if len(cells) == len(FREESWITCH_COLUMNS):
        return FREESWITCH
    return None


def parse_calls(
    text: str, timezone: str, now: datetime
) -> tuple[str | None, list[CallRecord], list[RowProblem]]:
    """(layout, calls, problems); times after `now` are refused. Rows repeating a call already read
    (same key) are dropped. Row numbers are the file's rows (a blank line counts, as in a spreadsheet)."""
    zone = ZoneInfo(timezone)
    try:
        records = csv_rows(text.lstrip("\ufeff"))
    except ImportRefused as refused:
        return None, [], refused.problems
    rows = [(n, cells) for n, cells in enumerate(records, start=1) if any(c.strip() for c in cells)]
    if not rows:
        return None, [], [RowProblem(1, None, _bad(None, "empty_file"))]
    layout = detect_format(rows[0][1])
    if layout is None:
        return None, [], [RowProblem(rows[0][0], None, _bad(None, "unknown_layout", count=len(rows[0][1])))]
    columns: dict[str, int] = {}
    if layout == HEADER:
        columns = {HEADER_NAMES[c.strip().lower()]: i for i, c in enumerate(rows[0][1])
                   if c.strip().lower() in HEADER_NAMES}  # fmt: skip
        rows = rows[1:]
    names = _column_names(layout, columns)
    calls: list[CallRecord] = []
    problems: list[RowProblem] = []
    seen: set[str] = set()
    for line, cells in rows:
        try:
            refuse_nul({names.get(i, str(i + 1)): c for i, c in enumerate(cells)})
            if layout == ASTERISK:
                call = _asterisk(line, cells, zone, now)
            elif layout == FREESWITCH:
                call = _freeswitch(line, cells, zone, now)
            else:
                call = _generic(line, cells, columns, zone, now)
        except ValidationFailed as bad:
            problems.append(RowProblem(line, bad.field, bad))
            continue
        if call.key not in seen:
            seen.add(call.key)
            calls.append(call)
    return layout, calls, problems


def _column_names(layout: str, columns: dict[str, int]) -> dict[int, str]:
    """Each column's field name, by position, for the layout read."""
    if layout == ASTERISK:
        return dict(enumerate(ASTERISK_COLUMNS))
    if layout == FREESWITCH:
        return dict(enumerate(FREESWITCH_COLUMNS))
    return {i: name for name, i in columns.items()}


def _asterisk(line: int, cells: list[str], zone: ZoneInfo, now: datetime) -> CallRecord:
    if not 16 <= len(cells) <= 18:
        raise _bad(None, "column_count", count=len(cells), expected="16-18")
    v = dict(zip(ASTERISK_COLUMNS, (c.strip() for c in cells), strict=False))
    disposition = ASTERISK_DISPOSITIONS.get(v["disposition"].upper())
    if disposition is None:
        raise _bad("disposition", "disposition_unknown", value=shown(v["disposition"]))
    device = _DEVICE.match(v["dstchannel"])
    extension = device.group(1) if device else v["dst"]
    key = (
        f"ast:{v['uniqueid']}"
        if v.get("uniqueid")
        else _digest("ast", v["start"], v["src"], v["dst"], v["channel"], v["dstchannel"])
    )
    return _call(line, key, extension, disposition, v["start"], v["answer"], v["end"],
                 v["duration"], v["billsec"], zone, now)  # fmt: skip


def _freeswitch(line: int, cells: list[str], zone: ZoneInfo, now: datetime) -> CallRecord:
    if len(cells) != len(FREESWITCH_COLUMNS):
        raise _bad(None, "column_count", count=len(cells), expected=str(len(FREESWITCH_COLUMNS)))
    v = dict(zip(FREESWITCH_COLUMNS, (c.strip() for c in cells), strict=True))
    billsec = _number("billsec", v["billsec"])
    if v["answer_stamp"] and billsec:
        disposition = ANSWERED
    else:
        disposition = FREESWITCH_MISSED.get(v["hangup_cause"].upper(), FAILED)
        if v["hangup_cause"].upper() == "NORMAL_CLEARING":
            disposition = NO_ANSWER  # cleared before anyone picked up
    key = f"fs:{v['uuid']}" if v["uuid"] else _digest("fs", v["start_stamp"], v["destination_number"])
    return _call(line, key, v["destination_number"], disposition, v["start_stamp"], v["answer_stamp"],
                 v["end_stamp"], v["duration"], v["billsec"], zone, now)  # fmt: skip


def _generic(
    line: int, cells: list[str], columns: dict[str, int], zone: ZoneInfo, now: datetime
) -> CallRecord:
    def get(name: str) -> str:
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    raw = get("disposition")
    if raw:
        disposition = GENERIC_DISPOSITIONS.get(raw.lower())
        if disposition is None:
            raise _bad("disposition", "disposition_unknown", value=shown(raw))
    else:
        disposition = ANSWERED if get("answer") else NO_ANSWER
    key = f"csv:{get('id')}" if get("id") else _digest("csv", get("start"), get("extension"), get("end"))
    return _call(line, key, get("extension"), disposition, get("start"), get("answer"), get("end"),
                 get("duration"), get("billsec"), zone, now)  # fmt: skip


def _call(
    line: int, key: str, extension: str, disposition: str, start_s: str, answer_s: str, end_s: str,
    duration_s: str, billsec_s: str, zone: ZoneInfo, now: datetime,
) -> CallRecord:  # fmt: skip
    extension = text_cell(extension, "extension", EXTENSION_MAX)
    if not extension:
        raise _bad("extension", "extension_required")
    text_cell(key, "id", KEY_MAX)
    start = _time("start", start_s, zone, now)
    if start is None:
        raise _bad("start", "time_required")
    end = _time("end", end_s, zone, now)
    if end is not None and end < start:
        raise _bad("end", "end_before_start")
    duration, billsec = _number("duration", duration_s), _number("billsec", billsec_s)
    if duration is not None and billsec is not None and billsec > duration:
        raise _bad("billsec", "billsec_over_duration", billsec=billsec_s, duration=duration_s)
    answered = disposition == ANSWERED
    answer = _time("answer", answer_s, zone, now) if answered else None
    ring = ring_seconds(start, answer, duration, billsec) if answered else None
    if ring is not None and ring < 0:
        raise _bad("answer", "answer_before_start")
    talk = 0
    if answered and billsec is not None:
        talk = int(billsec)
    elif answer is not None and end is not None:
        talk = int((end - answer).total_seconds())
    return CallRecord(line, key, extension, start.astimezone(UTC), answered, disposition, ring, talk)


def _time(field: str, text: str, zone: ZoneInfo, now: datetime) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("/", "-"))
    except ValueError:
        raise _bad(field, "time_invalid", value=shown(text)) from None
    return moment_in_range(value.replace(tzinfo=zone) if value.tzinfo is None else value, field, now)


def _number(field: str, text: str) -> float | None:
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise _bad(field, "number_invalid", value=shown(text)) from None
    if value < 0 or value != value or value == float("inf"):
        raise _bad(field, "number_invalid", value=shown(text))
    return value


def _digest(*parts: str) -> str:
    return f"{parts[0]}#" + hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()
