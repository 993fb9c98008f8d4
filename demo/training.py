"""The demo's quiz activity through QuizService: certification attempts (some failed and retaken after
the wait, a round granted by the manager when three are used up), spaced practice and phone drills.

If the quiz service or its content is not usable, this part is skipped and says why (`skipped`); the
rest of the demo loads as usual.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from demo import plan, texts
from demo.centre import Centre
from demo.people import MANAGER, DemoPerson


def wrong_answer(question: Any, rng: random.Random) -> Any:
    """An answer that is wrong for the question, in the form the quiz keeps."""
    keys = [o.key for o in question.options]
    right = list(question.correct)
    if question.kind == "single":
        return rng.choice([k for k in keys if k not in right])
    if question.kind == "multiple":
        others = [k for k in keys if k not in right]
        if len(right) > 1 and (not others or rng.random() < 0.5):
            return right[:-1]
        return [*right, rng.choice(others)]
    if question.kind == "true_false":
        return not question.answer
    if question.kind == "ordering":
        order = list(right)
        order[0], order[1] = order[1], order[0]
        return order
    return rng.choice(texts.BAD_LINES)


class Training:
    def __init__(self, centre: Centre) -> None:
        self.c = centre
        self.skipped: str | None = None
        self.blueprint: Any = None
        self.content: Any = None
        try:
            from quizzes.grading import right_answer
            from quizzes.scoring import critical_rule_ids
            from rules.judge import model_answers

            state = centre.svc.quizzes.content_state(centre.rulebook)
        except (ImportError, AttributeError) as exc:
            self.skipped = f"the quiz service is not usable: {exc}"
            return
        if state.content is None:
            self.skipped = f"the quiz content has {len(state.errors)} error(s)"
            return
        if not state.content.certifications:
            self.skipped = "the quiz content has no certification blueprint"
            return
        self.content = state.content
        self.blueprint = state.content.certifications[0]
        self.right_answer = right_answer
        self.model_answers = model_answers
        self.critical = critical_rule_ids(centre.rulebook)
        self.attempts: dict[str, int] = {}
        rng = centre.rng("training")
        last = centre.days - 1
        # Staff renew their yearly certificate on a day spread over the period; trainees join one after
        # another (the first at the start, the others later) and take it after a few days of reading, so
        # the pass rate has attempts in recent weeks too.
        trainees = [p for p in centre.people if p.role == "trainee"]
        self.first_attempt = {p.username: rng.randint(0, last) for p in centre.people if p.role == "staff"}
        for n, person in enumerate(trainees):
            joined = int(last * 0.75 * n / len(trainees))
            self.first_attempt[person.username] = min(last, joined + rng.randint(1, 5))
        self.offsets = {p.username: rng.randrange(7) for p in centre.people}

    @property
    def quizzes(self) -> Any:
        return self.c.svc.quizzes

    def plan_day(self, index: int, day: date) -> None:
        if self.skipped:
            return
        c = self.c
        rng = c.rng(f"training:{index}")
        for person in c.people:
            if person.role == "manager":
                continue
            if self.first_attempt.get(person.username) == index:
                when = plan.at_local(day, rng.uniform(14, 17), c.tz)
                c.timeline.at(when, self._start, person, random.Random(rng.random()))
            every = (
                c.volume.practice_every_days_trainee
                if person.role == "trainee"
                else c.volume.practice_every_days_staff
            )
            if (index + self.offsets[person.username]) % every == 0:
                when = plan.at_local(day, rng.uniform(16, 21), c.tz)
                count = rng.randint(*c.volume.practice_questions)
                c.timeline.at(when, self._practice, person, count, random.Random(rng.random()))
            if (
                person.role == "trainee"
                and (index + self.offsets[person.username]) % c.volume.drill_every_days == 3
            ):
                when = plan.at_local(day, rng.uniform(10, 12), c.tz)
                c.timeline.at(when, self._drill, person, random.Random(rng.random()))

    # --- certification -------------------------------------------------------------------------

    def _pass_chance(self, person: DemoPerson, attempt: int) -> float:
        if person.role == "staff":
            return 0.85 if attempt == 1 else 0.95
        return {1: 0.3, 2: 0.6}.get(attempt, 0.85)

    def _start(self, person: DemoPerson, rng: random.Random) -> None:
        c = self.c
        actor = c.actors[person.username]
        self.attempts[person.username] = self.attempts.get(person.username, 0) + 1
        number = self.attempts[person.username]
        attempt_id = self.quizzes.start(
            actor, c.rulebook, self.blueprint.id, site_id=c.site_id, seed=rng.randrange(2**31)
        )
        view = self.quizzes.attempt(actor, c.rulebook, attempt_id)
        questions = [q.question for q in view.questions]
        critical = [bool(set(q.rules) & self.critical) for q in questions]
        will_pass = rng.random() < self._pass_chance(person, number)
        wrong = plan.quiz_wrong_positions(rng, critical, will_pass, person.skill)
        t = c.clock()
        for shown in view.questions:
            t += timedelta(seconds=rng.uniform(30, 80))
            c.timeline.at(t, self._answer, person, attempt_id, shown.position, shown.question,
                          shown.position in wrong, rng)  # fmt: skip
        c.timeline.at(t + timedelta(seconds=rng.uniform(20, 90)), self._submit, person, attempt_id, rng)

    def _answer(
        self,
        person: DemoPerson,
        attempt_id: int,
        position: int,
        question: Any,
        wrong: bool,
        rng: random.Random,
    ) -> None:
        c = self.c
        raw = wrong_answer(question, rng) if wrong else self._right(question, rng)
        self.quizzes.save_answer(c.actors[person.username], c.rulebook, attempt_id, position, raw)

    def _right(self, question: Any, rng: random.Random) -> Any:
        if not question.judged:
            return self.right_answer(question)
        at = question.at or self.c.clock().astimezone(ZoneInfo(self.c.tz)).replace(tzinfo=None)
        found = self.model_answers(self.c.rulebook, question.scenario, at=at, site=self.c.site_name, limit=3)
        return rng.choice(found).text if found else rng.choice(texts.BAD_LINES)

    def _submit(self, person: DemoPerson, attempt_id: int, rng: random.Random) -> None:
        c = self.c
        summary = self.quizzes.submit(c.actors[person.username], c.rulebook, attempt_id)
        if summary.passed:
            return
        number = self.attempts[person.username]
        limit = self.blueprint.max_attempts or 99
        wait = timedelta(hours=max(self.blueprint.wait_hours, 1))
        retake = c.clock() + wait + timedelta(hours=rng.uniform(2, 72))
        if number % limit == 0:
            # The round is used up: the manager grants another one first.
            grant = plan.office_hours(c.clock() + timedelta(hours=rng.uniform(12, 30)), c.tz)
            c.timeline.at(grant, self._grant, person)
            retake = max(retake, grant + timedelta(hours=rng.uniform(2, 48)))
        c.timeline.at(retake, self._start, person, rng)

    def _grant(self, person: DemoPerson) -> None:
        c = self.c
        self.quizzes.grant_round(
            c.actors[MANAGER],
            c.user_ids[person.username],
            self.blueprint.id,
            "三次未通过，已安排一对一辅导后重考",
        )

    # --- spaced practice and the phone drill ---------------------------------------------------

    def _practice(self, person: DemoPerson, left: int, rng: random.Random) -> None:
        c = self.c
        actor = c.actors[person.username]
        item = self.quizzes.practice_next(actor, c.rulebook)
        if item is None:
            return
        question = item.question
        raw = self.right_answer(question) if rng.random() < person.skill else wrong_answer(question, rng)
        self.quizzes.practice_answer(actor, c.rulebook, question.id, raw)
        if left > 1:
            c.timeline.at(
                c.clock() + timedelta(seconds=rng.uniform(20, 60)), self._practice, person, left - 1, rng
            )

    def _drill(self, person: DemoPerson, rng: random.Random) -> None:
        c = self.c
        drill = self.quizzes.start_drill(c.actors[person.username], c.rulebook)
        rings = rng.choices((1, 2, 3, 4), weights=(30, 40, 20, 10))[0]
        seconds = (rings - 1) * self.content.drill.ring_seconds + rng.uniform(0.5, 3)
        c.timeline.at(c.clock() + timedelta(seconds=seconds), self._pick_up, person, drill.id, rng)

    def _pick_up(self, person: DemoPerson, drill_id: int, rng: random.Random) -> None:
        c = self.c
        view = self.quizzes.pick_up(c.actors[person.username], c.rulebook, drill_id)
        if view.status != "picked_up":
            return
        local = self._local(view.picked_up_at or c.clock())
        good = self.model_answers(c.rulebook, "phone.answer", at=local, site=c.site_name, limit=3)
        line = rng.choice(good).text if good and rng.random() < 0.85 else rng.choice(texts.BAD_LINES)
        c.timeline.at(c.clock() + timedelta(seconds=rng.uniform(3, 8)), self._say, person, drill_id, line)

    def _say(self, person: DemoPerson, drill_id: int, line: str) -> None:
        c = self.c
        self.quizzes.answer_drill(c.actors[person.username], c.rulebook, drill_id, line)

    def _local(self, moment: datetime) -> datetime:
        return moment.astimezone(ZoneInfo(self.c.tz)).replace(tzinfo=None)
