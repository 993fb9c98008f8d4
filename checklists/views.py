"""Plain, frozen results the shift-check service hands to pages (never ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from checklists.scoring import Item
from checklists.settings import ShiftSettings
from checklists.shifts import Kind, SlotStatus, Timing
from content.errors import ContentError


@dataclass(frozen=True)
class SettingsState:
    settings: ShiftSettings | None
    errors: tuple[ContentError, ...]


@dataclass(frozen=True)
class AnswerView:
    position: int
    rule_id: str
    severity: str
    weight: int
    question_zh: str
    question_en: str
    answer: str
    note: str | None

    def question(self, lang: str) -> str:
        return self.question_en if lang == "en" else self.question_zh


@dataclass(frozen=True)
class ActionView:
    id: int
    user_id: int
    user_name: str
    site_id: int
    check_id: int
    rule_id: str
    question_zh: str
    question_en: str
    failure_note: str | None
    state: str
    due_at: datetime
    created_at: datetime
    last_note: str | None
    shift_date: date
    shift_id: str
    kind: str
    source: str
    overdue: bool
    moves: tuple[str, ...]  # what the person asking may do next

    def question(self, lang: str) -> str:
        return self.question_en if lang == "en" else self.question_zh


@dataclass(frozen=True)
class CheckView:
    id: int
    user_id: int
    user_name: str
    site_id: int
    source: str  # self / spot
    inspector_name: str | None
    shift_date: date
    shift_id: str
    kind: str
    rulebook_version: str
    pass_mark: int
    submitted_at: datetime
    late: bool
    score: float | None
    passed: bool
    critical_failed: bool
    failed_count: int
    amended_at: datetime | None
    answers: tuple[AnswerView, ...]
    actions: tuple[ActionView, ...]  # the corrective actions this check opened


@dataclass(frozen=True)
class Slot:
    """A check the person can do now."""

    shift_id: str
    shift_date: date
    kind: Kind
    opens_at: datetime
    due_at: datetime
    closes_at: datetime
    timing: Timing
    rostered: bool
    done: CheckView | None


@dataclass(frozen=True)
class Today:
    site_id: int
    timezone: str
    local_date: date
    rulebook_version: str
    slots: tuple[Slot, ...]  # the checks of the person's rostered shifts open now, the most likely first
    items: dict[Kind, tuple[Item, ...]]
    off_roster: tuple[Slot, ...] = ()  # the other checks open now: offered only on request, owe nothing


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    role: str
    gender: str


@dataclass(frozen=True)
class RosterEntryView:
    id: int
    user_id: int
    user_name: str
    shift_date: date
    shift_id: str


@dataclass(frozen=True)
class RosterTemplateView:
    user_id: int
    user_name: str
    slots: tuple[tuple[int, str], ...]  # (weekday, 0 = Monday; shift id)


@dataclass(frozen=True)
class TemplateClash:
    """A template's shift not put on: the person already has `other_shift_id` on `other_date` then."""

    user_name: str
    shift_date: date
    shift_id: str
    other_date: date
    other_shift_id: str


@dataclass(frozen=True)
class TemplatesApplied:
    added: int
    kept: int
    clashes: tuple[TemplateClash, ...]


@dataclass(frozen=True)
class RosterWeek:
    site_id: int
    dates: tuple[date, ...]
    people: tuple[Person, ...]
    entries: tuple[RosterEntryView, ...]


@dataclass(frozen=True)
class BoardRow:
    user_id: int
    user_name: str
    shift_id: str
    kind: str
    rostered: bool
    status: SlotStatus
    check_id: int | None
    score: float | None
    passed: bool | None
    failed_count: int | None
    submitted_at: datetime | None


@dataclass(frozen=True)
class FailedItem:
    check_id: int
    user_name: str
    shift_id: str
    kind: str
    severity: str
    question_zh: str
    question_en: str
    note: str | None

    def question(self, lang: str) -> str:
        return self.question_en if lang == "en" else self.question_zh


@dataclass(frozen=True)
class Compliance:
    """One person over a period: checks due (shifts worked x 2, windows closed), done, late, missed."""

    user_id: int
    user_name: str
    due: int
    done: int
    late: int
    missed: int
    average_score: float | None

    @property
    def completion(self) -> float | None:
        return 100 * self.done / self.due if self.due else None


@dataclass(frozen=True)
class Gap:
    """Self-check against spot check for the same shift and kind: who rates themselves kindly."""

    user_id: int
    user_name: str
    pairs: int
    self_average: float | None
    spot_average: float | None
    gap: float | None  # self minus spot, points
    kind_answers: int  # items the person passed and the manager failed


@dataclass(frozen=True)
class Board:
    site_id: int
    day: date
    rows: tuple[BoardRow, ...]
    failed: tuple[FailedItem, ...]
    since: date
    until: date
    compliance: tuple[Compliance, ...]
    gaps: tuple[Gap, ...]

    def tally(self, kind: str) -> dict[SlotStatus, int]:
        """How many of the day's checks of one kind stand at each status."""
        counts = dict.fromkeys(SlotStatus, 0)
        for row in self.rows:
            if row.kind == kind:
                counts[row.status] += 1
        return counts
