"""Special (paid) services in the demo: requested at the desk, scheduled with a worker, finished, paid
and called back (a few cancelled), each through SpecialServices."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from demo import plan, texts
from demo.centre import Centre
from desk.renovation.forms import SpecialForm


class SpecialStories:
    def __init__(self, centre: Centre) -> None:
        self.c = centre

    def plan_day(self, index: int, day: date) -> None:
        c = self.c
        rng = c.rng(f"special:{index}")
        if index != 0 and rng.random() > 1 / c.volume.special_every_days:
            return
        service_type = rng.choice(sorted(texts.SPECIAL_DESCRIPTIONS))
        home = rng.choice(c.households)
        form = SpecialForm(
            site_id=c.site_id, unit=home.unit, contact_name=home.owner, contact_phone=home.phone,
            service_type=service_type, description=texts.SPECIAL_DESCRIPTIONS[service_type],
            quoted_price=texts.SPECIAL_PRICES.get(service_type),
        )  # fmt: skip
        c.timeline.at(plan.at_local(day, rng.uniform(9, 18), c.tz), self._request, form, rng)

    def _request(self, form: SpecialForm, rng: random.Random) -> None:
        c = self.c
        service = c.svc.special_services
        record = service.request(c.desk_actor(c.clock(), rng), form)
        if rng.random() < 0.08:
            when = c.clock() + timedelta(hours=rng.uniform(1, 20))
            c.timeline.at(when, self._step, record, "cancel", rng)
            return
        local = c.clock().astimezone(ZoneInfo(c.tz)).date() + timedelta(days=rng.randint(1, 3))
        at = plan.at_local(local, rng.choice((9, 10, 14, 15)), c.tz)
        c.timeline.at(c.clock() + timedelta(minutes=20), self._schedule, record, at, rng)
        c.timeline.at(at + timedelta(hours=rng.uniform(1, 3)), self._step, record, "finish", rng)
        price = form.quoted_price or service.content.service(form.service_type).price  # type: ignore[union-attr]
        paid = at + timedelta(hours=rng.uniform(3, 8))
        c.timeline.at(paid, self._pay, record, str(price or "100.00"), rng)
        c.timeline.at(paid + timedelta(hours=rng.uniform(20, 48)), self._step, record, "callback", rng)

    def _schedule(self, record: int, at: datetime, rng: random.Random) -> None:
        c = self.c
        local = at.astimezone(ZoneInfo(c.tz))
        c.svc.special_services.schedule(
            c.desk_actor(c.clock(), rng), record, day=local.date(), at=local.time(),
            assignee=rng.choice(texts.SPECIAL_ASSIGNEES),
        )  # fmt: skip

    def _pay(self, record: int, amount: str, rng: random.Random) -> None:
        c = self.c
        method = plan.weighted(rng, texts.RECEIPT_METHOD_WEIGHTS)
        c.svc.special_services.pay(
            c.desk_actor(c.clock(), rng), record, amount=amount, method=method, receipt_no=f"TY{record:05d}"
        )

    def _step(self, record: int, action: str, rng: random.Random) -> None:
        c = self.c
        service = c.svc.special_services
        actor = c.desk_actor(c.clock(), rng)
        if action == "finish":
            service.finish(actor, record, note="已按约定完成，业主验收")
        elif action == "cancel":
            service.cancel(actor, record, "业主临时有事，取消预约")
        else:
            rating = 5 if rng.random() < 0.7 else 4
            result = rng.choice(texts.CALLBACK_GOOD)
            service.record_callback(actor, record, satisfaction=rating, result=result)
