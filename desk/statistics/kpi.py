"""Monthly statistics (月统计): the rates of REFERENCE section 4 from counts the database made.

A record belongs to the month in which it was received (in its site's time zone); voided records
count nowhere. A rate is None where nothing was due, never a misleading 0 or 100 %.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

RATE_NAMES = (
    "complaint_timely_rate",
    "complaint_valid_rate",
    "valid_complaint_handled_rate",
    "repair_timely_rate",
    "callback_rate",
    "satisfaction_rate",
    "first_contact_resolution_rate",
)


@dataclass(frozen=True)
class MonthCounts:
    repair: int = 0
    inquiry: int = 0
    complaint: int = 0
    complaint_due: int = 0  # handled, or past the due time unhandled
    complaint_timely: int = 0  # handled by the due time
    complaint_valid: int = 0
    valid_handled: int = 0  # finished (the reply given), whether or not the callback is done
    repair_due: int = 0
    repair_timely: int = 0
    callbacks_created: int = 0  # one per finished repair or replied complaint
    callbacks_done: int = 0
    ratings_given: int = 0
    ratings_satisfied: int = 0  # 4 or 5 of 5
    first_contact: int = 0

    @property
    def total(self) -> int:
        return self.repair + self.inquiry + self.complaint

    def __add__(self, other: MonthCounts) -> MonthCounts:
        return MonthCounts(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def rates(c: MonthCounts) -> dict[str, float | None]:
    return {
        "complaint_timely_rate": _ratio(c.complaint_timely, c.complaint_due),
        "complaint_valid_rate": _ratio(c.complaint_valid, c.complaint),
        "valid_complaint_handled_rate": _ratio(c.valid_handled, c.complaint_valid),
        "repair_timely_rate": _ratio(c.repair_timely, c.repair_due),
        "callback_rate": _ratio(c.callbacks_done, c.callbacks_created),
        "satisfaction_rate": _ratio(c.ratings_satisfied, c.ratings_given),
        "first_contact_resolution_rate": _ratio(c.first_contact, c.total),
    }


def meets_target(value: float | None, target: float | None) -> bool | None:
    if value is None or target is None:
        return None
    return value >= target


SATISFIED_AT_LEAST = 4
