"""From evidence to practice: an audit with slips, a valid complaint naming a person, or a month of calls
below target assigns the rules to that person; they are due now; each evidence assigns a rule once."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from core.errors import PermissionDenied
from quizzes.assignment_tables import PracticeAssignment
from quizzes.tables import RuleMemory, RuleReview
from rules.loader import default_rulebook
from store.tables import HistoryRow
from tests.integration.helpers import (
    MORNING,
    add_user,
    desk_form,
    manager_and_staff,
    phone_audit,
)

SERVICE_ATTITUDE_RULES = {"address.no_wei_or_ai", "phone.answer", "greeting.greet_first"}  # some of them


@pytest.fixture
def centre(services):
    return manager_and_staff(services)


def audit(services, manager, staff, site_id, said, rings=1):
    return phone_audit(services, manager, staff, site_id, said, rings=rings)


def assigned(services, user_id):
    with services.sessions() as session:
        rows = session.scalars(select(PracticeAssignment).where(PracticeAssignment.user_id == user_id))
        return sorted((r.source, r.rule_id) for r in rows)


def test_an_audit_with_slips_assigns_each_failed_rule_due_now(centre, clock):
    services, manager, staff, site_id = centre
    recorded = audit(services, manager, staff, site_id, "喂，找谁？")
    rules = {item.rule_id for item in recorded.items}
    assert {r for _, r in assigned(services, staff.user_id)} == rules
    with services.sessions() as session:
        for rule in rules:
            assert session.get(RuleMemory, (staff.user_id, rule)).due_at <= clock()
        assert session.scalars(select(HistoryRow).where(HistoryRow.entity == "practice_assignment")).all()
    item = services.quizzes.practice_next(staff, default_rulebook())
    assert item.status == "due" and item.rule_id in rules


def test_an_audit_without_slips_assigns_nothing(centre):
    services, manager, staff, site_id = centre
    audit(services, manager, staff, site_id, "您好，阳光花园服务中心，有什么可以帮到您的？")
    assert assigned(services, staff.user_id) == []


def test_a_rule_already_learnt_is_brought_forward_to_now(centre, clock):
    services, manager, staff, site_id = centre
    with services.sessions.begin() as session:
        session.add(
            RuleMemory(
                user_id=staff.user_id,
                rule_id="phone.three_rings",
                state=2,
                step=None,
                stability=30.0,
                difficulty=5.0,
                due_at=datetime(2027, 1, 1, tzinfo=UTC),
                last_review_at=MORNING,
                reviews=3,
                failures=0,
                lapses=0,
            )
        )
    audit(services, manager, staff, site_id, "", rings=5)
    with services.sessions() as session:
        memory = session.get(RuleMemory, (staff.user_id, "phone.three_rings"))
        assert memory.due_at == clock() and memory.reviews == 3  # the memory is kept, only due sooner


def complaint(services, staff, site_id):
    return services.desk.intake(
        staff,
        desk_form(site_id, kind="complaint", category="service_attitude", content="前台接电话时说“喂，找谁”"),
    )


def test_a_valid_complaint_naming_a_person_assigns_its_categorys_rules(centre):
    services, manager, staff, site_id = centre
    rid = complaint(services, staff, site_id)
    services.complaint_staff.name_staff(manager, rid, staff.user_id)
    assert assigned(services, staff.user_id) == []  # not yet judged
    services.desk.act(manager, rid, "judge_valid", note="录音核实属实")
    rules = {r for source, r in assigned(services, staff.user_id) if source == "complaint"}
    assert rules >= SERVICE_ATTITUDE_RULES
    reason = services.assignments.mine(staff)[0].reason
    assert set(reason) == {"category", "received_at"}  # nothing of the owner: no name, phone, unit, text


def test_naming_the_person_after_the_complaint_was_judged_valid_assigns_too(centre):
    services, manager, staff, site_id = centre
    rid = complaint(services, staff, site_id)
    services.desk.act(manager, rid, "judge_valid", note="属实")
    services.complaint_staff.name_staff(manager, rid, staff.user_id)
    count = len(assigned(services, staff.user_id))
    services.complaint_staff.name_staff(manager, rid, None)
    services.complaint_staff.name_staff(manager, rid, staff.user_id)
    assert count > 0 and len(assigned(services, staff.user_id)) == count  # once per complaint
    with services.sessions() as session:
        changes = session.scalars(
            select(HistoryRow).where(HistoryRow.entity == "request", HistoryRow.action == "name_staff")
        ).all()
        assert len(changes) == 3


def test_an_invalid_complaint_assigns_nothing_and_only_managers_name_staff(centre):
    services, manager, staff, site_id = centre
    rid = complaint(services, staff, site_id)
    with pytest.raises(PermissionDenied):
        services.complaint_staff.name_staff(staff, rid, staff.user_id)
    services.complaint_staff.name_staff(manager, rid, staff.user_id)
    services.desk.act(manager, rid, "judge_invalid", note="监控显示无此事")
    assert assigned(services, staff.user_id) == []
    assert services.desk.detail(manager, rid).staff_id == staff.user_id


HEADER = "start,answer,end,extension,disposition,id"


def test_a_month_below_the_three_ring_target_assigns_the_rule_once(centre):
    services, manager, staff, site_id = centre
    other = add_user(services, manager, "xiaozhang", "staff")
    services.calls.set_extension(
        manager, site_id, "8001", staff.user_id, since=datetime(2026, 10, 1, tzinfo=UTC)
    )
    services.calls.set_extension(
        manager, site_id, "8002", other.user_id, since=datetime(2026, 10, 1, tzinfo=UTC)
    )
    rows = [
        "2026-11-03 09:15:00,2026-11-03 09:15:20,,8001,answered,a",  # 20 s: late
        "2026-11-03 09:20:00,2026-11-03 09:20:05,,8001,answered,b",
        "2026-11-03 09:30:00,2026-11-03 09:30:05,,8002,answered,c",  # all within: at target
        "2026-11-03 09:40:00,,,8003,no answer,d",
    ]
    services.calls.import_text(site_id, "\n".join([HEADER, *rows]) + "\n", "nov.csv")
    month = services.calls.month_unchecked("2026-11", [site_id])
    rule = services.calls.settings().rule_id
    assert services.assignments.from_call_month(month, site_id, rule) == [staff.user_id]
    assert services.assignments.from_call_month(month, site_id, rule) == []  # the same month again
    assert assigned(services, staff.user_id) == [("calls", "phone.three_rings")]
    assert assigned(services, other.user_id) == []
    mine = services.assignments.mine(staff)[0]
    assert (mine.reason["month"], mine.reason["rate"]) == ("2026-11", 0.5)


def test_the_person_sees_practice_done_and_a_manager_sees_whether_the_evidence_recurred(centre, clock):
    services, manager, staff, site_id = centre
    audit(services, manager, staff, site_id, "", rings=6)
    first = services.assignments.mine(staff)[0]
    assert (first.rule_id, first.passed, first.recurred) == ("phone.three_rings", False, False)
    with services.sessions.begin() as session:  # a right answer on the rule in practice, an hour later
        session.add(
            RuleReview(
                user_id=staff.user_id,
                rule_id="phone.three_rings",
                correct=True,
                source="practice",
                at=datetime(2026, 11, 26, 10, 0, tzinfo=UTC),
            )
        )
    done = services.assignments.mine(staff)[0]
    assert (done.practised, done.passed) == (1, True)
    clock.advance(days=3)
    audit(services, manager, staff, site_id, "", rings=5)
    views = services.assignments.of_site(manager, site_id)
    assert [v.recurred for v in views] == [False, True]  # newest first; the older one recurred
    with pytest.raises(PermissionDenied):
        services.assignments.of_site(staff, site_id)
