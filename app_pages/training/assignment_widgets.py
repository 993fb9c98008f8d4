"""Why a rule was assigned to me, in words that name the evidence but none of the owner's details."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import streamlit as st

from quizzes.assignments import AssignmentView
from rules.model import Rulebook
from ui import context
from ui.context import plain, tr


def _day(iso: str, timezone: str) -> str:
    return datetime.fromisoformat(iso).astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")


def reason_text(a: AssignmentView, timezone: str, category_name: str = "") -> str:
    r = a.reason
    if a.source == "audit":
        channel = tr(f"checks.audit.channel.{r.get('channel', 'phone')}")
        when = _day(r["observed_at"], timezone)
        found = "、".join(r.get("found") or [])
        if not found:
            return tr("coaching.reason.audit_rings", when=when, channel=channel)
        return tr("coaching.reason.audit", when=when, channel=channel, found=found)
    if a.source == "complaint":
        return tr("coaching.reason.complaint", when=_day(r["received_at"], timezone)[:10],
                  category=category_name or r.get("category", ""))  # fmt: skip
    return tr("coaching.reason.calls", month=r.get("month", ""), rate=f"{r.get('rate', 0):.0%}",
              target=f"{r.get('target', 1):.0%}")  # fmt: skip


def show_mine(assignments: list[AssignmentView], rulebook: Rulebook, timezone: str) -> None:
    if not assignments:
        return
    lang = context.lang()
    with st.expander(tr("coaching.mine.title"), expanded=any(not a.passed for a in assignments)):
        st.caption(tr("coaching.mine.intro"))
        for a in assignments:
            rule = rulebook.by_id.get(a.rule_id)
            title = rule.title.get(lang) if rule else a.rule_id  # type: ignore[arg-type]
            state = tr("coaching.mine.done" if a.passed else "coaching.mine.open")
            st.markdown(f"- **{plain(title)}**（{state}）：{plain(reason_text(a, timezone))}")
