"""A critical rule assigned from evidence suspends the certificate on that rule; a short re-test on the
rule's own questions lifts it. A wrong re-test leaves it suspended; nothing is deleted."""

import pytest
from sqlalchemy import select

from quizzes.assignment_tables import CertificateRetest, CertificateSuspension
from rules.loader import default_rulebook
from tests.integration.helpers import certify, manager_and_staff, phone_audit, right


@pytest.fixture
def centre(services):
    return manager_and_staff(services)


def mystery_call(services, manager, staff, site_id):
    phone_audit(services, manager, staff, site_id, "喂，找谁？")


def wrong(question):
    if question.kind == "true_false":
        return not question.answer
    if question.kind == "single":
        return next(o.key for o in question.options if o.key not in question.correct)
    return list(reversed(question.correct)) if question.kind == "ordering" else [question.options[0].key]


def test_a_certified_person_who_says_wei_is_suspended_on_that_critical_rule_until_a_retest(centre, clock):
    services, manager, staff, site_id = centre
    rulebook = default_rulebook()
    certify(services, staff.user_id, site_id)
    mystery_call(services, manager, staff, site_id)
    assert [s.rule_id for s in services.retests.suspended(staff)] == [
        "address.no_wei_or_ai"
    ]  # the critical one

    suspension = services.retests.suspended(staff)[0]
    retest = services.retests.start(staff, rulebook, suspension.id)
    assert 1 <= len(retest.questions) <= 3
    assert all("address.no_wei_or_ai" in q.rules for q in retest.questions)
    result = services.retests.submit(staff, rulebook, retest.id, {q.id: right(q) for q in retest.questions})
    assert result.passed and services.retests.suspended(staff) == []
    with services.sessions() as session:
        row = session.scalars(select(CertificateSuspension)).one()
        assert row.lifted_at == clock() and row.lifted_by == retest.id  # kept, with how it was lifted


def test_a_failed_retest_leaves_the_rule_suspended_and_another_may_be_taken(centre):
    services, manager, staff, site_id = centre
    rulebook = default_rulebook()
    certify(services, staff.user_id, site_id)
    mystery_call(services, manager, staff, site_id)
    suspension = services.retests.suspended(staff)[0]
    first = services.retests.start(staff, rulebook, suspension.id)
    answers = {q.id: wrong(q) for q in first.questions}
    assert not services.retests.submit(staff, rulebook, first.id, answers).passed
    assert len(services.retests.suspended(staff)) == 1
    services.retests.start(staff, rulebook, suspension.id)
    with services.sessions() as session:
        assert session.query(CertificateRetest).count() == 2


def test_without_a_certificate_nothing_is_suspended(centre):
    services, manager, staff, site_id = centre
    mystery_call(services, manager, staff, site_id)
    assert services.retests.suspended(staff) == []
