"""The desk's registers in the demo: mail and parcels, key loans, fees taken off hours with their cash
handovers at the end of the shift, and the shift handover notes, each through its register's service."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from core.roles import Actor
from demo import plan, texts
from demo.centre import Centre
from demo.people import MANAGER, DemoPerson


class MailStories:
    def __init__(self, centre: Centre) -> None:
        self.c = centre

    def plan_day(self, index: int, day: date) -> None:
        c = self.c
        rng = c.rng(f"mail:{index}")
        rate = c.volume.mail_base + c.volume.mail_per_staff * len(c.staff)
        for _ in range(max(0, round(rng.gauss(rate, rate * 0.4)))):
            received = plan.at_local(day, rng.uniform(9, 18), c.tz)
            home = rng.choice(c.households)
            kind = plan.weighted(rng, texts.MAIL_KIND_WEIGHTS)
            c.timeline.at(
                received,
                self._mail_received,
                home,
                kind,
                rng.choice(texts.MAIL[kind]),
                random.Random(rng.random()),
            )

    def _mail_received(self, home: plan.Household, kind: str, description: str, rng: random.Random) -> None:
        c = self.c
        mail = c.svc.mail
        item = mail.receive(c.desk_actor(c.clock(), rng), c.site_id, unit=home.unit, kind=kind,
                            description=description)  # fmt: skip
        t = c.clock()
        if kind not in ("newspaper", "magazine") or rng.random() < 0.5:
            t += plan.minutes(rng, 5, 60)
            c.timeline.at(t, self._mail_step, item, "notify", "", "", rng)
        roll = rng.random()
        if roll < 0.04:
            return  # still waiting: the list highlights it after a few days
        if roll < 0.09:
            at = t + timedelta(days=rng.uniform(7, 10))
            c.timeline.at(at, self._mail_step, item, "return", "", rng.choice(texts.MAIL_RETURN_REASONS), rng)
            return
        signer = home.family if home.family and rng.random() < 0.3 else home.owner
        at = t + timedelta(hours=rng.uniform(1, 96))
        c.timeline.at(at, self._mail_step, item, "collect", signer, "", rng)

    def _mail_step(self, item: int, action: str, name: str, reason: str, rng: random.Random) -> None:
        c = self.c
        c.svc.mail.step(c.desk_actor(c.clock(), rng), item, action, name=name, reason=reason)


class KeyStories:
    """Keys lent to maintenance firms, other departments and owners' families, most back within hours."""

    def __init__(self, centre: Centre) -> None:
        self.c = centre

    def plan_day(self, index: int, day: date) -> None:
        c = self.c
        rng = c.rng(f"keys:{index}")
        for _ in range(max(0, round(rng.gauss(c.volume.key_loans_per_day, 1)))):
            lent = plan.at_local(day, rng.uniform(8, 19), c.tz)
            free = [k for k in c.keys if c.key_free_at[k] < lent]
            if not free:
                continue
            key = rng.choice(free)
            hours = rng.uniform(1, 3.8) if rng.random() < 0.9 else rng.uniform(4.5, 9)
            back: datetime | None = lent + timedelta(hours=hours)
            if index >= c.days - 2 and rng.random() < 0.3:
                back = None  # still out at the end of the period
            c.key_free_at[key] = back or datetime.max.replace(tzinfo=UTC)
            borrower = f"{rng.choice(texts.KEY_BORROWERS)} {plan.person_name(rng)}"
            details = (borrower, plan.id_number(rng), plan.phone_number(rng), rng.choice(texts.KEY_REASONS))
            c.timeline.at(lent, self._lend, key, details, back, random.Random(rng.random()))

    def _lend(
        self, key: int, details: tuple[str, str, str, str], back: datetime | None, rng: random.Random
    ) -> None:
        c = self.c
        borrower, identity, phone, reason = details
        c.svc.keys.lend(
            c.desk_actor(c.clock(), rng), key, borrower=borrower, id_number=identity, phone=phone,
            reason=reason,
        )  # fmt: skip
        if back is not None:
            c.timeline.at(back, self._return_key, key, rng)

    def _return_key(self, key: int, rng: random.Random) -> None:
        c = self.c
        c.svc.keys.return_key(c.desk_actor(c.clock(), rng), key)


class CashStories:
    """Fees taken at lunch time, after hours and at weekends; handed over at the end of the shift (one
    in 25 handovers counted short, so a discrepancy is disputed and resolved by the manager)."""

    def __init__(self, centre: Centre) -> None:
        self.c = centre
        self.receipt_seq = 0
        self.handovers = 0
        self._handover_planned: set[tuple[int, datetime]] = set()

    def plan_day(self, index: int, day: date) -> None:
        c = self.c
        rng = c.rng(f"cash:{index}")
        holiday = c.weekend(day)
        count = rng.choice((1, 2, 3)) if holiday else rng.choice((0, 0, 1, 2))
        for _ in range(count):
            hour = (
                rng.uniform(9, 20)
                if holiday
                else rng.choice((rng.uniform(12.05, 13.4), rng.uniform(17.6, 21)))
            )
            taken = plan.at_local(day, hour, c.tz)
            item, low, high = rng.choice(texts.RECEIPT_ITEMS)
            amount = f"{rng.uniform(float(low), float(high)):.2f}" if low != high else low
            self.receipt_seq += 1
            receipt = f"SJ{day:%Y%m%d}{self.receipt_seq:04d}"
            method = plan.weighted(rng, texts.RECEIPT_METHOD_WEIGHTS)
            home = rng.choice(c.households)
            c.timeline.at(taken, self._take, home, item, amount, method, receipt, rng.random())

    def _take(
        self, home: plan.Household, item: str, amount: str, method: str, receipt: str, pick: float
    ) -> None:
        c = self.c
        people = c.on_duty(c.clock())
        taker = people[int(pick * len(people))] if people else None
        actor = c.actors[taker.username if taker else MANAGER]
        c.svc.cash.take(actor, c.site_id, payer=home.owner, unit=home.unit, item=item, amount=amount,
                        method=method, receipt_no=receipt)  # fmt: skip
        # Handed over at the end of the taker's shift (the manager hands over at 18:00).
        shift_end = self._shift_end(taker, c.clock())
        if (actor.user_id, shift_end) not in self._handover_planned:
            self._handover_planned.add((actor.user_id, shift_end))
            c.timeline.at(shift_end - timedelta(minutes=5), self._hand_over, actor)

    def _shift_end(self, person: DemoPerson | None, moment: datetime) -> datetime:
        c = self.c
        local = moment.astimezone(ZoneInfo(c.tz)).date()
        if person is not None:
            for day in (local - timedelta(days=1), local):
                for shift_id, people in c.crew((day - c.first_day).days).items():
                    occ = c.occurrence(day, shift_id)
                    if person in people and occ.starts_at <= moment < occ.ends_at:
                        return occ.ends_at
        evening = plan.at_local(local, 18, c.tz)
        return evening if evening > moment else plan.at_local(local, 21.5, c.tz)

    def _hand_over(self, giver: Actor) -> None:
        c = self.c
        cash = c.svc.cash
        if not cash.open_takings(giver, c.site_id).receipts:
            return
        later = c.clock() + timedelta(minutes=10)
        takers = [p for p in c.on_duty(later) if c.actors[p.username].user_id != giver.user_id]
        receiver = c.actors[takers[0].username] if takers else c.actors[MANAGER]
        if receiver.user_id == giver.user_id:
            receiver = c.actors[c.staff[0].username]
        if receiver.user_id == giver.user_id:
            return
        expected = cash.open_takings(giver, c.site_id).cash
        self.handovers += 1
        short = self.handovers % 25 == 7 and expected >= 50
        counted = expected - 50 if short else expected
        handover = cash.hand_over(giver, c.site_id, to_user=receiver.user_id, counted_cash=str(counted))
        c.timeline.at(c.clock() + timedelta(minutes=15), self._accept, receiver, handover, short)

    def _accept(self, receiver: Actor, handover: int, short: bool) -> None:
        c = self.c
        status = c.svc.cash.accept(receiver, handover, dispute=texts.DISPUTE_NOTE if short else "")
        if status == "discrepancy":
            when = plan.office_hours(c.clock() + timedelta(hours=14), c.tz)
            c.timeline.at(when, self._resolve, handover)

    def _resolve(self, handover: int) -> None:
        c = self.c
        c.svc.cash.resolve(c.actors[MANAGER], handover, texts.RESOLUTION)


class HandoverNotes:
    """A note at the end of most shifts, read by someone of the next one."""

    def __init__(self, centre: Centre) -> None:
        self.c = centre

    def plan_day(self, index: int, day: date) -> None:
        c = self.c
        rng = c.rng(f"notes:{index}")
        crews = c.crew(index)
        for shift_id, people in crews.items():
            if not people or rng.random() > 0.6:
                continue
            occ = c.occurrence(day, shift_id)
            author = rng.choice(people)
            c.timeline.at(
                occ.ends_at - plan.minutes(rng, 5, 20),
                self._write_note,
                author,
                rng.choice(texts.HANDOVER_NOTES),
                rng.random(),
            )

    def _write_note(self, author: DemoPerson, body: str, pick: float) -> None:
        c = self.c
        note = c.svc.handover.write_note(c.actors[author.username], c.site_id, body)
        later = c.clock() + timedelta(minutes=40)
        readers = [p for p in c.on_duty(later) if p != author]
        if readers and pick < 0.9:
            reader = readers[int(pick * len(readers)) % len(readers)]
            c.timeline.at(later, c.svc.handover.mark_read, c.actors[reader.username], note)
