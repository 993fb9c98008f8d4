"""Renovations, worker passes, special services and move-ins: the pure rules.

State machines as tables of allowed and refused transitions; PRC ID numbers; pass validity with fixed
clocks; the move-in checklist; the form rules."""

import ast
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from core.errors import ValidationFailed
from core.roles import Permission, Role, can
from desk.renovation import movein
from desk.renovation import workflow as renovation_workflow
from desk.renovation.content_loader import default_registers_content
from desk.renovation.forms import RenovationForm, SpecialForm, clean_refund, clean_renovation, clean_special
from desk.renovation.id_card import check_char, clean_id_number, mask_id_number
from desk.renovation.movein import EntryKind, Tick
from desk.renovation.passes import (
    PassState,
    Period,
    clean_validity,
    clean_works_period,
    local_today,
    pass_state,
)
from desk.renovation.views import PassRow, passes_csv, record_number
from desk.special import workflow as special_workflow

R, RA = renovation_workflow.Status, renovation_workflow.Action
S, SA = special_workflow.Status, special_workflow.Action
TODAY = date(2026, 11, 26)

# --- renovation -----------------------------------------------------------------------------------

RENOVATION_ALLOWED = [
    (R.APPLIED, RA.APPROVE, R.APPROVED),
    (R.APPLIED, RA.REJECT, R.REJECTED),
    (R.APPROVED, RA.START, R.IN_PROGRESS),
    (R.IN_PROGRESS, RA.REQUEST_INSPECTION, R.INSPECTION),
    (R.INSPECTION, RA.ACCEPT, R.ACCEPTED),
    (R.INSPECTION, RA.FAIL, R.FAILED),
    (R.FAILED, RA.REINSPECT, R.INSPECTION),
    (R.ACCEPTED, RA.REFUND, R.REFUNDED),
    (R.APPLIED, RA.VOID, R.VOIDED),
    (R.IN_PROGRESS, RA.VOID, R.VOIDED),
    (R.ACCEPTED, RA.VOID, R.VOIDED),
]

RENOVATION_REFUSED = [
    (R.APPLIED, RA.START),  # not approved yet
    (R.APPLIED, RA.ACCEPT),
    (R.APPROVED, RA.ACCEPT),  # nobody asked for an inspection
    (R.IN_PROGRESS, RA.REFUND),  # the deposit comes back after acceptance only
    (R.FAILED, RA.ACCEPT),  # a failed inspection is inspected again, not waved through
    (R.FAILED, RA.REFUND),
    (R.INSPECTION, RA.APPROVE),
    (R.REJECTED, RA.APPROVE),  # final
    (R.REFUNDED, RA.VOID),  # a finished record stays as it is
    (R.VOIDED, RA.START),
]


def test_approval_and_rejection_are_for_managers_and_rejection_needs_a_reason():
    assert frozenset({RA.APPROVE, RA.REJECT}) == renovation_workflow.MANAGER_ONLY
    assert {RA.REJECT, RA.FAIL, RA.VOID} <= renovation_workflow.NEEDS_REASON


@pytest.mark.parametrize(
    ("status", "allowed"),
    [(R.APPLIED, False), (R.APPROVED, True), (R.IN_PROGRESS, True), (R.INSPECTION, True), (R.FAILED, True),
     (R.ACCEPTED, False), (R.REJECTED, False), (R.VOIDED, False)],
)  # fmt: skip
def test_worker_passes_are_issued_only_while_the_works_are_approved_and_not_yet_accepted(status, allowed):
    assert renovation_workflow.passes_allowed(status) is allowed


# --- special services -----------------------------------------------------------------------------

SPECIAL_ALLOWED = [
    (S.REQUESTED, SA.SCHEDULE, S.SCHEDULED),
    (S.SCHEDULED, SA.SCHEDULE, S.SCHEDULED),  # rescheduled
    (S.SCHEDULED, SA.FINISH, S.DONE),
    (S.DONE, SA.PAY, S.PAID),
    (S.PAID, SA.CALLBACK, S.CLOSED),
    (S.REQUESTED, SA.CANCEL, S.CANCELLED),
    (S.SCHEDULED, SA.CANCEL, S.CANCELLED),
    (S.DONE, SA.VOID, S.VOIDED),
    (S.PAID, SA.VOID, S.VOIDED),
]

SPECIAL_REFUSED = [
    (S.REQUESTED, SA.FINISH),  # nobody was sent
    (S.REQUESTED, SA.PAY),
    (S.SCHEDULED, SA.PAY),  # paid for work done
    (S.DONE, SA.CALLBACK),  # the callback follows payment
    (S.DONE, SA.CANCEL),  # done work is not cancelled; void it if logged in error
    (S.PAID, SA.SCHEDULE),
    (S.CLOSED, SA.VOID),
    (S.CANCELLED, SA.SCHEDULE),
]


MACHINES = {"renovation": renovation_workflow, "special": special_workflow}
ALLOWED = [("renovation", *step) for step in RENOVATION_ALLOWED] + [("special", *s) for s in SPECIAL_ALLOWED]
REFUSED = [("renovation", *step) for step in RENOVATION_REFUSED] + [("special", *s) for s in SPECIAL_REFUSED]


@pytest.mark.parametrize(("machine", "status", "action", "target"), ALLOWED)
def test_allowed_renovation_and_special_service_steps(machine, status, action, target):
    assert MACHINES[machine].next_status(status, action) is target


@pytest.mark.parametrize(("machine", "status", "action"), REFUSED)
def test_refused_renovation_or_special_service_step_names_the_allowed_ones(machine, status, action):
    workflow = MACHINES[machine]
    with pytest.raises(ValidationFailed) as err:
        workflow.next_status(status, action)
    assert err.value.key == f"{machine}.error.illegal_transition"
    assert err.value.params["steps"] == ",".join(a.value for a in workflow.allowed_actions(status))
    assert err.value.params["machine"] == machine


def test_final_special_service_states_allow_nothing():
    for status in special_workflow.FINAL:
        assert special_workflow.allowed_actions(status) == ()


@pytest.mark.parametrize("rating", [0, 6, "5", 4.5, True, None])
def test_satisfaction_is_a_whole_number_from_1_to_5(rating):
    with pytest.raises(ValidationFailed) as err:
        special_workflow.clean_satisfaction(rating)
    assert err.value.field == "satisfaction"


# --- PRC ID numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("11010519491231002X", "11010519491231002X"),
        ("11010519491231002x", "11010519491231002X"),  # lower-case x
        ("110105 19491231 002X", "11010519491231002X"),  # spaces as read off the card
        ("１１０１０１１９９００３０７４４７７", "110101199003074477"),  # full-width digits
    ],
)
def test_a_valid_id_number_is_accepted_and_normalised(raw, clean):
    assert clean_id_number(raw, TODAY) == clean


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("", "id_card.error.required"),
        ("11010519491231002", "id_card.error.format"),  # 17 characters
        ("1101051949123100X2", "id_card.error.format"),  # X only at the end
        ("110105194912310", "id_card.error.format"),  # the old 15-digit cards are no longer valid
        ("99010519491231002X", "id_card.error.region"),
        ("110105194902300021", "id_card.error.birth_date"),  # 30 February
        ("110105203001010011", "id_card.error.birth_date"),  # born in the future
        ("110105194912310021", "id_card.error.check_digit"),
        ("440524188001010014", "id_card.error.birth_date"),  # before 1900: not a living worker
    ],
)
def test_a_wrong_id_number_is_refused_with_the_reason(raw, key):
    with pytest.raises(ValidationFailed) as err:
        clean_id_number(raw, TODAY)
    assert (err.value.key, err.value.field) == (key, "id_number")


def test_the_check_character_follows_gb_11643():
    assert check_char("11010519491231002") == "X"
    assert check_char("44052418800101001") == "4"


def test_an_id_number_is_masked_to_its_first_and_last_four():
    assert mask_id_number("11010519491231002X") == "1101**********002X"


# --- worker passes --------------------------------------------------------------------------------

WORKS = Period(date(2026, 11, 1), date(2026, 12, 31))


@pytest.mark.parametrize(
    ("today", "revoked", "works_open", "state"),
    [
        (date(2026, 11, 30), False, True, PassState.NOT_YET_VALID),
        (date(2026, 12, 1), False, True, PassState.VALID),  # the first day counts
        (date(2026, 12, 15), False, True, PassState.VALID),  # the last day counts
        (date(2026, 12, 16), False, True, PassState.EXPIRED),  # expired by itself, no job needed
        (date(2026, 12, 5), True, True, PassState.REVOKED),
        (date(2026, 12, 5), False, False, PassState.WORKS_CLOSED),  # the renovation is over
    ],
)
def test_a_pass_is_valid_from_its_first_to_its_last_day(today, revoked, works_open, state):
    assert pass_state(date(2026, 12, 1), date(2026, 12, 15), revoked, today, works_open) is state


def test_a_pass_expires_at_the_sites_midnight_not_at_utc_midnight():
    # 16:30 UTC on 15 December is already 00:30 on 16 December in Shanghai.
    now = datetime(2026, 12, 15, 16, 30, tzinfo=UTC)
    today = local_today(now, "Asia/Shanghai")
    assert today == date(2026, 12, 16)
    assert pass_state(date(2026, 12, 1), date(2026, 12, 15), False, today) is PassState.EXPIRED
    assert local_today(now, "UTC") == date(2026, 12, 15)


@pytest.mark.parametrize(
    ("start", "end", "key", "field"),
    [
        (None, date(2026, 12, 1), "passes.error.date_required", "valid_from"),
        (date(2026, 12, 5), date(2026, 12, 1), "passes.error.dates_order", "valid_to"),
        (date(2026, 10, 30), date(2026, 11, 5), "passes.error.outside_works", "valid_from"),
        (date(2026, 12, 20), date(2027, 1, 5), "passes.error.outside_works", "valid_to"),
        (date(2026, 11, 1), date(2026, 11, 20), "passes.error.already_over", "valid_to"),
    ],
)
def test_pass_dates_must_lie_within_the_renovation_and_not_be_over(start, end, key, field):
    with pytest.raises(ValidationFailed) as err:
        clean_validity(start, end, WORKS, TODAY)
    assert (err.value.key, err.value.field) == (key, field)


def test_a_renovation_longer_than_a_year_is_a_typing_mistake():
    with pytest.raises(ValidationFailed) as err:
        clean_works_period(date(2026, 1, 1), date(2027, 6, 1))
    assert err.value.field == "planned_end"


def test_the_guards_csv_lists_masked_numbers_and_opens_in_excel():
    row = PassRow(
        id=1, number=record_number("worker_pass", 1), site_id=1, renovation_id=2,
        renovation_number="ZS000002", unit="3-2-1201", company="美家装饰", worker_name="张三",
        id_number="1101**********002X",
        photo_ref="P-007", valid_from=date(2026, 12, 1), valid_to=date(2026, 12, 15), state="valid",
        revoke_reason=None,
    )  # fmt: skip
    text = passes_csv(
        [row], ["编号", "姓名", "身份证号", "照片", "房号", "公司", "起", "止", "状态"], {"valid": "有效"}
    )
    assert text.startswith("\ufeff编号,")
    assert "CR000001,张三,1101**********002X,P-007,3-2-1201,美家装饰,2026-12-01,2026-12-15,有效" in text


# --- move-in checklist ----------------------------------------------------------------------------

CHECKLIST = (
    Tick(EntryKind.ITEM, "keys", True, False),
    Tick(EntryKind.ITEM, "intercom", False, False),
    Tick(EntryKind.DOCUMENT, "guarantee", True, False),
)


def test_a_move_in_is_complete_when_every_required_item_and_document_is_ticked():
    half = movein.apply_ticks(CHECKLIST, {(EntryKind.ITEM, "keys"), (EntryKind.ITEM, "intercom")})
    assert not movein.progress(half).complete
    done = movein.apply_ticks(CHECKLIST, {(EntryKind.ITEM, "keys"), (EntryKind.DOCUMENT, "guarantee")})
    assert movein.progress(done) == movein.Progress(required=2, required_done=2, done=2, total=3)
    assert movein.progress(done).complete


def test_an_item_not_on_the_records_checklist_is_refused():
    with pytest.raises(ValidationFailed) as err:
        movein.apply_ticks(CHECKLIST, {(EntryKind.ITEM, "pool_key")})
    assert err.value.params["value"] == "pool_key"


def test_only_an_open_move_in_takes_ticks():
    assert movein.can_change(movein.Status.OPEN)
    assert not movein.can_change(movein.Status.COMPLETED)
    assert not movein.can_change(movein.Status.VOIDED)


# --- forms ----------------------------------------------------------------------------------------


def renovation_form(**changes) -> RenovationForm:
    values = dict(
        site_id=1, unit="3-2-1201", owner_name="李先生", company="美家装饰", person_in_charge="王工",
        person_phone="13912345678", scope="厨卫改造、铺地板", planned_start=date(2026, 12, 1),
        planned_end=date(2026, 12, 31), deposit="2,000.00",
    )  # fmt: skip
    values.update(changes)
    return RenovationForm(**values)


def test_a_renovation_deposit_is_kept_as_exact_yuan():
    assert clean_renovation(renovation_form()).deposit == Decimal("2000.00")
    assert clean_renovation(renovation_form(deposit="0")).deposit == Decimal("0.00")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"company": " "}, "company"),
        ({"person_in_charge": ""}, "person_in_charge"),
        ({"person_phone": "12345"}, "person_phone"),
        ({"scope": ""}, "scope"),
        ({"deposit": "2000.001"}, "deposit"),
        ({"deposit": "-5"}, "deposit"),
        ({"planned_start": None}, "planned_start"),
        ({"planned_end": date(2026, 11, 1)}, "planned_end"),
        ({"unit": ""}, "unit"),
    ],
)
def test_a_renovation_application_names_the_field_it_is_missing(changes, field):
    with pytest.raises(ValidationFailed) as err:
        clean_renovation(renovation_form(**changes))
    assert err.value.field == field


def test_a_deposit_refund_of_less_than_the_deposit_needs_the_reason_for_what_is_kept():
    assert clean_refund("2000", Decimal("2000.00"), "", "") == (Decimal("2000.00"), "", "")
    with pytest.raises(ValidationFailed) as err:
        clean_refund("1500", Decimal("2000.00"), "", "")
    assert (err.value.key, err.value.params["kept"]) == ("renovation.error.deduction_reason", "500.00")
    assert clean_refund("1500", Decimal("2000.00"), "损坏公共墙面", "R-1")[0] == Decimal("1500.00")
    with pytest.raises(ValidationFailed) as err:
        clean_refund("2000.01", Decimal("2000.00"), "", "")
    assert err.value.key == "renovation.error.refund_exceeds"


def test_money_never_travels_as_float():
    with pytest.raises(TypeError):
        clean_refund(1500.0, Decimal("2000.00"), "", "")  # type: ignore[arg-type]


def special_form(**changes) -> SpecialForm:
    values = dict(
        site_id=1, unit="3-2-1201", contact_name="李先生", contact_phone="13812345678",
        service_type="housekeeping_hourly", description="周六上午打扫 3 小时",
    )  # fmt: skip
    values.update(changes)
    return SpecialForm(**values)


def test_a_special_service_takes_the_default_price_unless_one_is_quoted():
    content = default_registers_content()
    assert clean_special(special_form(), content).quoted_price == Decimal("50.00")
    assert clean_special(special_form(quoted_price="150"), content).quoted_price == Decimal("150.00")
    assert clean_special(special_form(service_type="moving_help"), content).quoted_price is None


def test_an_unknown_service_type_is_refused():
    with pytest.raises(ValidationFailed) as err:
        clean_special(special_form(service_type="massage"), default_registers_content())
    assert err.value.field == "service_type"


# --- roles and the pure core ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "approve", "full_id", "desk"),
    [(Role.TRAINEE, False, False, False), (Role.STAFF, False, False, True), (Role.MANAGER, True, True, True)],
)
def test_managers_approve_renovations_and_see_id_numbers_staff_keep_the_books(role, approve, full_id, desk):
    assert can(role, Permission.APPROVE_RENOVATIONS) is approve
    assert can(role, Permission.SEE_FULL_ID_NUMBER) is full_id
    assert can(role, Permission.USE_DESK) is desk


PURE = ["renovation/id_card", "renovation/movein", "renovation/passes", "renovation/workflow",
        "special/workflow", "renovation/content", "renovation/forms", "renovation/views"]  # fmt: skip


@pytest.mark.parametrize("module", PURE)
def test_the_registers_decisions_import_neither_streamlit_nor_sqlalchemy_nor_yaml(module):
    tree = ast.parse(
        (Path(__file__).resolve().parents[3] / "desk" / f"{module}.py").read_text(encoding="utf-8")
    )
    roots = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    roots |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert not roots & {"streamlit", "sqlalchemy", "yaml"}
