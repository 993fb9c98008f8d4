"""The effect of training, per rule for a centre: a rule is trained in the month its assigned practice
was first passed (a right answer after the assignment, or a passed re-test); valid complaints and audit
slips on it are counted per month for the three months before and after, the training month in neither."""

from datetime import UTC, datetime

import pytest

from core.errors import PermissionDenied
from quizzes.tables import RuleReview
from rules.loader import default_rulebook
from tests.integration.helpers import certify, desk_form, manager_and_staff, right

WEI = "address.no_wei_or_ai"  # 招呼业主不用"喂""唉"; service_attitude complaints name it


@pytest.fixture
def centre(services):
    return manager_and_staff(services)


def at(clock, *when):
    clock.now = datetime(*when, tzinfo=UTC)
    return clock.now


def mystery_call(services, manager, staff, site_id, clock, *when, said="喂，找谁？"):
    observed = at(clock, *when)
    services.audits.record(
        manager, default_rulebook(), site_id=site_id, user_id=staff.user_id, channel="phone",
        observed_at=observed, rings=1, said=said, default_scenario="phone.answer",
    )  # fmt: skip


def complaint(services, manager, staff, site_id, clock, *when, judge="judge_valid"):
    at(clock, *when)
    rid = services.desk.intake(
        staff, desk_form(site_id, kind="complaint", category="service_attitude", content="前台说“喂”")
    )
    services.desk.act(manager, rid, judge, note="核实")
    return rid


def right_answer_on(services, staff, rule_id, clock, *when):
    with services.sessions.begin() as session:
        session.add(
            RuleReview(
                user_id=staff.user_id, rule_id=rule_id, correct=True, source="practice", at=at(clock, *when)
            )
        )


def effect_of(services, manager, site_id, rule_id):
    effects = services.training_effects.of_site(manager, site_id)
    return next(e for e in effects.rules if e.rule_id == rule_id)


def test_complaints_and_slips_are_counted_in_the_months_before_and_after_the_training_month(centre, clock):
    services, manager, staff, site_id = centre
    mystery_call(services, manager, staff, site_id, clock, 2026, 7, 10, 2)  # July: a slip, and practice
    complaint(services, manager, staff, site_id, clock, 2026, 8, 5, 2)  # August: valid
    complaint(services, manager, staff, site_id, clock, 2026, 8, 6, 2, judge="judge_invalid")
    mystery_call(services, manager, staff, site_id, clock, 2026, 9, 3, 2)  # September, then trained
    right_answer_on(services, staff, WEI, clock, 2026, 9, 4, 2)
    complaint(services, manager, staff, site_id, clock, 2026, 10, 20, 2)  # October: valid, after
    voided = complaint(services, manager, staff, site_id, clock, 2026, 10, 21, 2)
    services.desk.act(manager, voided, "void", note="重复登记")
    at(clock, 2026, 11, 26, 1)

    effect = effect_of(services, manager, site_id, WEI)
    assert effect.trained == "2026-09"
    months = {m.period: (m.offset, m.complaints, m.slips) for m in effect.months}
    assert list(months) == ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]  # none to come
    assert months["2026-07"] == (-2, 0, 1) and months["2026-08"] == (-1, 1, 0)
    assert months["2026-09"] == (0, 0, 1)  # the month of the training counts in neither
    assert months["2026-10"] == (1, 1, 0)  # the invalid and the voided complaints are not counted
    assert (effect.complaints_before, effect.slips_before) == (1, 1)
    assert (effect.complaints_after, effect.slips_after, effect.months_after) == (1, 0, 2)


def test_a_right_answer_before_the_assignment_trains_nothing_and_the_first_pass_after_it_does(centre, clock):
    services, manager, staff, site_id = centre
    right_answer_on(services, staff, WEI, clock, 2026, 6, 1, 2)  # long before any evidence
    mystery_call(services, manager, staff, site_id, clock, 2026, 7, 10, 2)
    assert services.training_effects.of_site(manager, site_id).rules == ()  # assigned, not yet passed
    right_answer_on(services, staff, WEI, clock, 2026, 8, 2, 2)
    right_answer_on(services, staff, WEI, clock, 2026, 10, 2, 2)  # a later pass changes nothing
    assert effect_of(services, manager, site_id, WEI).trained == "2026-08"


def test_a_passed_retest_on_the_rule_is_its_training(centre, clock):
    services, manager, staff, site_id = centre
    certify(services, staff.user_id, site_id)
    mystery_call(services, manager, staff, site_id, clock, 2026, 10, 31, 17)  # 01:00 on 1 November there
    rulebook = default_rulebook()
    [suspension] = services.retests.suspended(staff)
    retest = services.retests.start(staff, rulebook, suspension.id)
    assert not any("{site}" in q.prompt.zh or any("{site}" in o.text.zh for o in q.options)
                   for q in retest.questions)  # fmt: skip  # the questions name the centre
    services.retests.submit(staff, rulebook, retest.id, {q.id: right(q) for q in retest.questions})
    effect = effect_of(services, manager, site_id, WEI)
    assert effect.trained == "2026-11"  # the centre's own month, in Shanghai
    assert [m.offset for m in effect.months] == [-3, -2, -1, 0]
    assert effect.months[-1].slips == 1 and effect.slips_before == 0


def test_only_managers_of_the_centre_read_the_effect_of_training(centre):
    services, _, staff, site_id = centre
    with pytest.raises(PermissionDenied):
        services.training_effects.of_site(staff, site_id)


def test_audits_are_summed_per_person_and_rule_for_the_chosen_days_of_the_centre(centre, clock):
    services, manager, staff, site_id = centre
    mystery_call(services, manager, staff, site_id, clock, 2026, 11, 20, 2)
    mystery_call(services, manager, staff, site_id, clock, 2026, 11, 24, 15, 55,  # 23:55 on the 24th there
                 said="您好，阳光花园服务中心，有什么可以帮到您的？")  # fmt: skip
    mystery_call(services, manager, staff, site_id, clock, 2026, 11, 24, 16, 5)  # 00:05 on the 25th there
    first, last = datetime(2026, 11, 20).date(), datetime(2026, 11, 24).date()
    figures = services.audits.figures(manager, {site_id}, first, last)
    [person] = figures.people
    assert (person.name, person.audits, person.phone, person.passed) == ("Xiaoli", 2, 2, 1)
    assert person.slips == sum(r.slips for r in figures.rules) >= 2
    rules = {r.rule_id: r for r in figures.rules}
    assert (rules[WEI].slips, rules[WEI].people) == (1, 1)
    assert services.audits.figures(manager, {site_id}, first, last, user_id=manager.user_id).people == ()
    with pytest.raises(PermissionDenied):
        services.audits.figures(staff, {site_id}, first, last)
