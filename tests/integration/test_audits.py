"""Mystery calls and observations: graded by the script judge at the moment they happened, every
finding a failed item with its rule, kept as judged; the person sees their own."""

from datetime import UTC, datetime

import pytest

from core.errors import PermissionDenied, ValidationFailed
from rules.loader import default_rulebook
from tests.integration.helpers import MORNING, manager_and_staff, phone_audit


@pytest.fixture
def centre(services):
    return manager_and_staff(services)


def record(services, manager, staff, site_id, said, **changes):
    return phone_audit(services, manager, staff, site_id, said, **({"rings": 2} | changes))


def test_a_mystery_call_answered_wei_zhao_shui_fails_with_its_rules(centre):
    services, manager, staff, site_id = centre
    audit = record(services, manager, staff, site_id, "喂，找谁？")
    assert not audit.passed
    rules = {item.rule_id for item in audit.items}
    assert {"address.no_wei_or_ai", "phone.answer"} <= rules
    assert all(item.line == 1 for item in audit.items)


def test_a_call_answered_by_the_script_passes(centre):
    services, manager, staff, site_id = centre
    audit = record(services, manager, staff, site_id, "您好，阳光花园服务中心，有什么可以帮到您的？")
    assert audit.passed and audit.items == () and audit.score == 100


def test_a_phone_picked_up_after_the_third_ring_is_a_failed_item_of_the_three_ring_rule(centre):
    services, manager, staff, site_id = centre
    audit = record(services, manager, staff, site_id, "", rings=4)
    assert [(i.rule_id, i.line) for i in audit.items] == [("phone.three_rings", None)]
    assert record(services, manager, staff, site_id, "", rings=3).passed


def test_a_line_may_name_its_own_scenario(centre):
    services, manager, staff, site_id = centre
    audit = record(services, manager, staff, site_id, "早上好，李先生\n送别客人：您慢走，再见",
                   channel="face", rings=None, default_scenario="greet")  # fmt: skip
    assert [(line["scenario_id"], line["ok"]) for line in audit.lines] == [
        ("greet", True),
        ("farewell", True),
    ]


def test_the_greeting_is_judged_for_the_time_of_the_audit_not_of_recording(centre, clock):
    services, manager, staff, site_id = centre
    clock.advance(hours=10)  # recorded in the evening
    audit = record(services, manager, staff, site_id, "早上好", channel="face", rings=None,
                   default_scenario="greet")  # fmt: skip
    assert audit.passed


def test_only_managers_audit_and_never_themselves_nor_in_the_future(centre, clock):
    services, manager, staff, site_id = centre
    with pytest.raises(PermissionDenied):
        services.audits.record(staff, default_rulebook(), site_id=site_id, user_id=manager.user_id,
                               channel="phone", observed_at=MORNING, rings=1, said="您好",
                               default_scenario="phone.answer")  # fmt: skip
    with pytest.raises(ValidationFailed, match="not_yourself"):
        record(services, manager, manager, site_id, "您好")
    with pytest.raises(ValidationFailed, match="in_future"):
        record(services, manager, staff, site_id, "您好", observed_at=datetime(2026, 11, 27, tzinfo=UTC))


def test_the_person_sees_their_audits_and_the_manager_those_of_the_site(centre):
    services, manager, staff, site_id = centre
    record(services, manager, staff, site_id, "喂，找谁？")
    mine = services.audits.my_audits(staff)
    assert len(mine) == 1 and mine[0].auditor == "王主管"
    assert [a.person for a in services.audits.site_audits(manager, site_id)] == ["Xiaoli"]
