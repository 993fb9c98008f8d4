"""Move-ins and renovations in the demo: a new owner's move-in checklist, and renovation applications
approved (or sent back), with worker passes, the works, the inspection and the deposit refund, each
through RenovationService."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from demo import plan, texts
from demo.centre import Centre
from desk.renovation.forms import MoveInForm, PassForm, RenovationForm


class MoveIns:
    def __init__(self, centre: Centre) -> None:
        self.c = centre

    def plan_day(self, index: int, day: date) -> None:
        c = self.c
        rng = c.rng(f"movein:{index}")
        if index != 1 and rng.random() > 1 / c.volume.move_in_every_days:
            return
        home = self._new_unit(rng)
        c.households.append(home)
        c.timeline.at(plan.at_local(day, rng.uniform(9, 17), c.tz), self._move_in, home, rng)

    def _new_unit(self, rng: random.Random) -> plan.Household:
        taken = {h.unit for h in self.c.households}
        code = plan.unit_codes(rng, 1, taken)[0]
        home = plan.Household(code, plan.person_name(rng), plan.phone_number(rng))
        return home

    def _move_in(self, home: plan.Household, rng: random.Random) -> None:
        c = self.c
        actor = c.desk_actor(c.clock(), rng)
        service = c.svc.move_ins
        record = service.start_move_in(actor, MoveInForm(c.site_id, home.unit, home.owner, home.phone))
        content = service.content.movein
        items = [e.id for e in content.items]
        documents = [e.id for e in content.documents]
        if rng.random() < 0.8:
            service.tick_move_in(actor, record, items, documents)
        else:
            service.tick_move_in(actor, record, items[: len(items) // 2], documents[:2])


class Renovations:
    def __init__(self, centre: Centre) -> None:
        self.c = centre

    def plan_day(self, index: int, day: date) -> None:
        c = self.c
        rng = c.rng(f"renovation:{index}")
        if index != 0 and rng.random() > 1 / c.volume.renovation_every_days:
            return
        home = rng.choice(c.households)
        start = day + timedelta(days=rng.randint(2, 5))
        works = RenovationForm(
            site_id=c.site_id, unit=home.unit, owner_name=home.owner,
            company=rng.choice(texts.RENOVATION_COMPANIES), person_in_charge=plan.person_name(rng, "male"),
            person_phone=plan.phone_number(rng), scope=rng.choice(texts.RENOVATION_SCOPES),
            planned_start=start, planned_end=start + timedelta(days=rng.randint(20, 45)),
            deposit=rng.choice(("2000.00", "3000.00", "5000.00")),
        )  # fmt: skip
        rejected = index > 0 and rng.random() < 0.1  # the first one goes ahead, so passes show
        c.timeline.at(plan.at_local(day, rng.uniform(9, 17), c.tz), self._apply, works, rejected, rng)

    def _apply(self, works: RenovationForm, rejected: bool, rng: random.Random) -> None:
        c = self.c
        timeline = c.timeline
        renovation = c.svc.renovation.apply(c.desk_actor(c.clock(), rng), works)
        approve = plan.office_hours(c.clock() + timedelta(hours=rng.uniform(3, 20)), c.tz)
        if rejected:
            timeline.at(
                approve,
                self._step,
                renovation,
                "reject",
                "manager",
                "施工方案未附图纸，请补充后重新申请",
                rng,
            )
            return
        timeline.at(approve, self._step, renovation, "approve", "manager", "", rng)
        assert works.planned_start is not None and works.planned_end is not None
        for n in range(rng.choice((1, 2, 3))):
            when = approve + timedelta(hours=1 + n)
            timeline.at(when, self._issue_pass, renovation, works, n, rng)
        begin = plan.at_local(works.planned_start, 8.5, c.tz)
        timeline.at(begin, self._step, renovation, "start", "desk", "", rng)
        finish = plan.at_local(works.planned_end, 10, c.tz)
        timeline.at(finish, self._step, renovation, "request_inspection", "desk", "", rng)
        inspect = finish + timedelta(hours=rng.uniform(4, 30))
        if rng.random() < 0.2:
            timeline.at(inspect, self._step, renovation, "fail", "desk", "卫生间闭水试验渗漏，需整改", rng)
            inspect += timedelta(days=rng.uniform(2, 4))
            timeline.at(inspect, self._step, renovation, "reinspect", "desk", "", rng)
            inspect += timedelta(hours=2)
        timeline.at(inspect, self._step, renovation, "accept", "desk", "", rng)
        refund = inspect + timedelta(days=rng.uniform(1, 5))
        timeline.at(refund, self._refund, renovation, works.deposit, rng)

    def _step(self, renovation: int, action: str, who: str, note: str, rng: random.Random) -> None:
        c = self.c
        c.svc.renovation.act(c.by(who, c.clock(), rng), renovation, action, note=note)

    def _issue_pass(self, renovation: int, works: RenovationForm, n: int, rng: random.Random) -> None:
        c = self.c
        assert works.planned_start is not None and works.planned_end is not None
        form = PassForm(
            renovation_id=renovation, worker_name=plan.person_name(rng, "male"),
            id_number=plan.id_number(rng), photo_ref=texts.WORKER_PHOTO.format(n=renovation * 10 + n),
            valid_from=works.planned_start, valid_to=works.planned_end,
        )  # fmt: skip
        c.svc.worker_passes.issue_pass(c.desk_actor(c.clock(), rng), form)

    def _refund(self, renovation: int, deposit: Any, rng: random.Random) -> None:
        c = self.c
        kept = rng.random() < 0.2
        amount = f"{float(deposit) - 500:.2f}" if kept else str(deposit)
        c.svc.renovation.refund_deposit(
            c.desk_actor(c.clock(), rng), renovation, amount=amount,
            note="扣除公共区域墙面损坏修复费500元" if kept else "", receipt_no=f"TK{renovation:05d}",
        )  # fmt: skip
