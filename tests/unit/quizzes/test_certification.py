"""Certificates: expiry, renewal, recertification when a critical rule's wording changes, attempt rounds."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quizzes.certification import (
    CertificateFacts,
    PastAttempt,
    add_months,
    changed_critical_rules,
    critical_wordings,
    deadline,
    may_start,
    status,
)
from rules.loader import default_content_dir, load_rulebook

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (datetime(2026, 11, 26, 9, 0), 12, datetime(2027, 11, 26, 9, 0)),
        (datetime(2027, 1, 31), 1, datetime(2027, 2, 28)),
        (datetime(2028, 1, 31), 1, datetime(2028, 2, 29)),
        (datetime(2026, 12, 15), 3, datetime(2027, 3, 15)),
    ],
)
def test_a_certificate_expires_the_same_day_months_later_or_at_the_months_end(start, months, end):
    assert add_months(start, months) == end


def cert(issued=T0, months=12, recertify=False) -> CertificateFacts:
    return CertificateFacts(issued, add_months(issued, months), recertify)


def test_a_certificate_is_valid_then_due_for_renewal_then_expired():
    facts = cert()
    assert status(facts, T0 + timedelta(days=300), 30) == "valid"
    assert status(facts, facts.expires_at - timedelta(days=29), 30) == "due"
    assert status(facts, facts.expires_at, 30) == "expired"
    assert status(None, T0, 30) == "none"


def test_a_certificate_marked_for_recertification_is_due_at_once():
    assert status(cert(recertify=True), T0 + timedelta(days=1), 30) == "due"


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(default_content_dir(), tmp_path / "rules"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_changing_a_critical_rules_wording_asks_for_recertification(rules_copy, rulebook):
    stored = critical_wordings(rulebook)
    edit(
        rules_copy / "before_shift.yaml", "办公室人员一律不可酒后当班。", "办公室人员一律不可酒后或宿醉当班。"
    )
    changed = load_rulebook(rules_copy)
    assert changed_critical_rules(stored, changed) == ("before_shift.no_alcohol",)


def test_changing_another_rule_or_a_translation_does_not(rules_copy, rulebook):
    stored = critical_wordings(rulebook)
    edit(rules_copy / "dress.yaml", "上班时应着统一制服。", "上班时须着统一制服。")
    edit(rules_copy / "phone.yaml", "In the office, pick up a ringing phone by the third ring.",
         "In the office, answer a ringing phone by the third ring.")  # fmt: skip
    assert changed_critical_rules(stored, load_rulebook(rules_copy)) == ()


def test_a_rule_that_becomes_critical_asks_for_recertification(rules_copy, rulebook):
    stored = critical_wordings(rulebook)
    edit(rules_copy / "greeting.yaml", "    severity: major\n", "    severity: critical\n")
    assert changed_critical_rules(stored, load_rulebook(rules_copy)) == ("greeting.greet_first",)


def finished(at: datetime, passed: bool = False) -> PastAttempt:
    return PastAttempt(at, at + timedelta(minutes=30), passed)


def test_the_first_attempt_may_start_with_every_attempt_left(content):
    decision = may_start(content.blueprint("onboarding"), [], None, T0)
    assert decision.allowed and decision.attempts_left == 3


def test_after_a_failed_attempt_the_next_waits(content):
    blueprint = content.blueprint("onboarding")
    attempts = [finished(T0)]
    early = may_start(blueprint, attempts, None, T0 + timedelta(hours=5))
    assert not early.allowed and early.reason == "wait"
    assert early.wait_until == T0 + timedelta(minutes=30, hours=24)
    later = may_start(blueprint, attempts, None, T0 + timedelta(hours=25))
    assert later.allowed and later.attempts_left == 2


def test_three_attempts_per_round_then_a_manager_opens_a_new_round(content):
    blueprint = content.blueprint("onboarding")
    attempts = [finished(T0 + timedelta(days=d)) for d in (0, 2, 4)]
    now = T0 + timedelta(days=10)
    used_up = may_start(blueprint, attempts, None, now)
    assert not used_up.allowed and used_up.reason == "no_attempts_left"
    granted = may_start(blueprint, attempts, None, now, round_started=T0 + timedelta(days=9))
    assert granted.allowed and granted.attempts_left == 3


def test_a_valid_certificate_needs_no_attempt_but_a_due_one_does(content):
    blueprint = content.blueprint("onboarding")
    attempts = [finished(T0, passed=True)]
    assert may_start(blueprint, attempts, cert(), T0 + timedelta(days=1)).reason == "certified"
    renewal = may_start(blueprint, attempts, cert(recertify=True), T0 + timedelta(days=1))
    assert renewal.allowed and renewal.attempts_left == 3  # a new round starts with the certificate


def test_one_attempt_at_a_time(content):
    running = [PastAttempt(T0, None, None)]
    assert may_start(content.blueprint("practice.phone"), running, None, T0).reason == "in_progress"


def test_practice_quizzes_have_no_limit(content):
    attempts = [finished(T0 + timedelta(minutes=m)) for m in range(0, 600, 40)]
    decision = may_start(content.blueprint("practice.phone"), attempts, None, T0 + timedelta(days=1))
    assert decision.allowed and decision.attempts_left is None


def test_the_time_limit_sets_the_deadline(content):
    assert deadline(T0, content.blueprint("onboarding")) == T0 + timedelta(minutes=50)
