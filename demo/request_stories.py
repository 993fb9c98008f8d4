"""Desk requests in the demo (repairs, inquiries, complaints): each day's calls and walk-ins, taken in by
whoever is on duty and played step by step through DeskService as demo.request_plan planned them."""

from __future__ import annotations

import random
from datetime import date

from demo import plan, request_plan
from demo.centre import Centre
from desk.requests.intake import IntakeForm


class RequestStories:
    def __init__(self, centre: Centre) -> None:
        self.c = centre

    def plan_day(self, index: int, day: date) -> None:
        c = self.c
        rng = c.rng(f"requests:{index}")
        rate = c.volume.requests_base + c.volume.requests_per_staff * len(c.staff)
        if c.weekend(day):
            rate *= 0.8
        count = max(1, round(rng.gauss(rate, rate * 0.3)))
        for _ in range(count):
            received = plan.at_local(day, request_plan.request_hour(rng), c.tz)
            home = rng.choice(c.households)
            story = request_plan.plan_request(rng, received, home, c.departments, c.tz)
            c.timeline.at(received, self._intake, story, random.Random(rng.random()))

    def _intake(self, story: request_plan.RequestStory, rng: random.Random) -> None:
        c = self.c
        home = story.household
        contact, phone = home.owner, home.phone
        if home.family and rng.random() < 0.3:
            contact, phone = home.family, home.family_phone
        form = IntakeForm(
            site_id=c.site_id, kind=story.kind, unit=home.unit, contact_name=contact, contact_phone=phone,
            channel=story.channel, category=story.category, urgency=story.urgency, content=story.content,
            answered_on_spot=story.answered_on_spot, department=story.department,
        )  # fmt: skip
        request_id = c.svc.desk.intake(c.desk_actor(c.clock(), rng), form)
        for step in story.steps:
            c.timeline.at(step.at, self._request_step, request_id, step, rng)

    def _request_step(self, request_id: int, step: request_plan.Step, rng: random.Random) -> None:
        c = self.c
        actor = c.by(step.by, c.clock(), rng)
        if step.action == "callback":
            assert step.satisfaction is not None
            c.svc.desk.record_callback(actor, request_id, result=step.note, satisfaction=step.satisfaction)
        else:
            c.svc.desk.act(actor, request_id, step.action, note=step.note, department=step.department)
