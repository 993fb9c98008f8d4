"""Opening the demo centre before its first day: whether the database may take it, the accounts (a new
site, or the one a first manager set up), the owners on record and the keys kept at the desk."""

from __future__ import annotations

from sqlalchemy import func, select

from accounts.tables import User
from core.errors import DomainError
from demo import plan, texts
from demo.centre import Centre
from demo.people import DEMO_PASSWORD, MANAGER, USER_PREFIX
from services import Services


class DemoRefused(DomainError):
    """The database already holds demo users, or real data the demo must not mix with."""


def refusal(services: Services) -> DemoRefused | None:
    """Why the demo may not load here: it loads into a fresh database or one with only a first manager."""
    with services.sessions() as session:
        demo = session.scalar(select(func.count()).where(User.username.like(f"{USER_PREFIX}%")))
        users = session.execute(select(User.role)).scalars().all()
    if demo:
        return DemoRefused("demo.error.already_loaded", count=demo)
    if len(users) > 1 or (users and users[0] != "manager"):
        return DemoRefused("demo.error.not_fresh", count=len(users))
    return None


def open_accounts(c: Centre) -> None:
    """The manager (first manager of a new site, or added next to an existing first manager) and then
    every other demo person at that site."""
    accounts = c.svc.accounts
    with c.svc.sessions() as session:
        first = session.scalar(select(User.id).order_by(User.id))
    manager_person = c.people[0]
    if first is None:
        actor = accounts.setup_first_manager(
            site_name=c.site_name, timezone=c.tz, username=MANAGER,
            display_name=manager_person.display_name, gender=manager_person.gender,
            password=DEMO_PASSWORD, password_confirm=DEMO_PASSWORD,
        )  # fmt: skip
    else:
        opener = accounts.actor_for_user(first)
        if opener is None:
            raise DemoRefused("demo.error.not_fresh", count=1)
        sites = c.svc.sites.my_sites(opener)
        c.site_name, c.tz = sites[0].name, sites[0].timezone
        view = accounts.create_user(
            opener, username=MANAGER, display_name=manager_person.display_name,
            gender=manager_person.gender, role="manager", site_ids=[sites[0].id], password=DEMO_PASSWORD,
        )  # fmt: skip
        actor = accounts.actor_for_user(view.id)
        assert actor is not None
    c.site_id = min(actor.site_ids)
    c.actors[MANAGER] = actor
    c.user_ids[MANAGER] = actor.user_id
    for person in c.people[1:]:
        view = accounts.create_user(
            actor, username=person.username, display_name=person.display_name, gender=person.gender,
            role=person.role, site_ids=[c.site_id], password=DEMO_PASSWORD,
        )  # fmt: skip
        found = accounts.actor_for_user(view.id)
        assert found is not None
        c.actors[person.username] = found
        c.user_ids[person.username] = view.id


def open_households(c: Centre) -> None:
    """The households with their owners (and a family member or tenant) on record, the public keys and
    a few owners' spare keys at the desk."""
    rng = c.rng("households")
    count = c.volume.households_base + c.volume.households_per_staff * len(c.staff)
    c.households = plan.households(rng, count)
    clerk = c.actors[c.staff[0].username]
    records = c.svc.owner_records
    for home in c.households:
        records.add(clerk, c.site_id, unit=home.unit, name=home.owner, relation="owner", phone=home.phone)
        if home.family:
            records.add(
                clerk, c.site_id, unit=home.unit, name=home.family, relation=home.relation,
                phone=home.family_phone, note="租期一年" if home.relation == "tenant" else "",
            )  # fmt: skip
    for room, purpose in texts.KEYS:
        c.keys.append(c.svc.keys.add_key(clerk, c.site_id, room=room, purpose=purpose, copies=2))
    for home in rng.sample(c.households, 4):
        spare = c.svc.keys.add_key(
            clerk, c.site_id, room=home.unit, purpose=texts.UNIT_KEY_PURPOSE, unit=home.unit
        )
        c.keys.append(spare)
    c.key_free_at = dict.fromkeys(c.keys, c.clock())
