"""Owner records opened for editing on a real database: the phone stays masked until a recorded reveal,
and an edit never needs, nor saves, the masked number."""

import pytest

from core.errors import PermissionDenied, ValidationFailed
from store.history import for_record
from tests.integration.helpers import add_user, first_manager


@pytest.fixture
def owner(services):
    manager = first_manager(services)
    staff = add_user(services, manager, "xiaoli", "staff", gender="female")
    site = min(manager.site_ids)
    rid = services.owner_records.add(
        staff, site, unit="3-2-1201", name="李先生", relation="owner", phone="13812345678"
    )
    return services, manager, staff, rid


def phone_of(services, manager, rid) -> str:
    return services.phone_reveal.resident_phone(manager, rid)


def actions(services, rid) -> list[str]:
    with services.sessions() as session:
        return [h.action for h in for_record(session, "resident", rid)]


def test_a_record_opened_for_editing_shows_the_phone_masked(owner):
    services, _, staff, rid = owner
    assert services.owner_records.resident(staff, rid).phone == "138****5678"


def test_the_full_phone_is_shown_only_on_a_reveal_that_leaves_a_history_row(owner):
    services, _, staff, rid = owner
    assert services.phone_reveal.resident_phone(staff, rid) == "13812345678"
    with services.sessions() as session:
        [seen] = [h for h in for_record(session, "resident", rid) if h.action == "reveal_phone"]
    assert seen.actor_id == staff.user_id


def test_a_trainee_cannot_reveal_an_owners_phone(owner):
    services, manager, _, rid = owner
    trainee = add_user(services, manager, "newbie", "trainee")
    with pytest.raises(PermissionDenied):
        services.phone_reveal.resident_phone(trainee, rid)


def test_an_edit_with_the_phone_left_empty_keeps_the_number(owner):
    services, manager, staff, rid = owner
    services.owner_records.update(staff, rid, name="李建国", relation="owner", phone="", note="门禁卡已换")
    assert phone_of(services, manager, rid) == "13812345678"
    with services.sessions() as session:
        [update] = [h for h in for_record(session, "resident", rid) if h.action == "update"]
    assert update.changes == {"name": ["李先生", "李建国"], "note": [None, "门禁卡已换"]}


def test_a_new_number_typed_in_the_edit_replaces_the_old_one(owner):
    services, manager, staff, rid = owner
    services.owner_records.update(staff, rid, name="李先生", relation="owner", phone="137-0000-0000")
    assert phone_of(services, manager, rid) == "13700000000"
    assert services.owner_records.resident(staff, rid).phone == "137****0000"


def test_the_masked_number_sent_back_is_never_saved(owner):
    services, manager, staff, rid = owner
    services.owner_records.update(staff, rid, name="李先生", relation="owner", phone="138****5678")
    assert phone_of(services, manager, rid) == "13812345678"
    assert "update" not in actions(services, rid)  # nothing changed, so no change was recorded
    with pytest.raises(ValidationFailed) as refused:
        services.owner_records.update(staff, rid, name="李先生", relation="owner", phone="139****0000")
    assert refused.value.key == "desk.error.phone_masked"
    assert phone_of(services, manager, rid) == "13812345678"


def test_removing_the_phone_is_deliberate_and_recorded(owner):
    services, manager, staff, rid = owner
    services.owner_records.update(staff, rid, name="李先生", relation="owner", clear_phone=True)
    assert phone_of(services, manager, rid) == ""
    with services.sessions() as session:
        [update] = [h for h in for_record(session, "resident", rid) if h.action == "update"]
    assert update.changes == {"phone": ["13812345678", ""]}
