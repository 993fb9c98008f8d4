"""How an audit (mystery call or observation) is shown: to the manager who recorded it and to the person."""

from __future__ import annotations

import streamlit as st

from app_pages.checks import check_widgets as checks
from checklists.audits.service import AuditView
from rules.model import Rulebook
from ui import context
from ui.context import plain, tr


def scenario_name(rulebook: Rulebook | None, scenario_id: str) -> str:
    if rulebook is not None:
        for s in rulebook.settings.scenarios:
            if s.id == scenario_id:
                return s.name.get(context.lang())  # type: ignore[arg-type]
    return scenario_id


def rule_title(rulebook: Rulebook | None, rule_id: str) -> str:
    rule = rulebook.by_id.get(rule_id) if rulebook is not None else None
    return rule.title.get(context.lang()) if rule else rule_id  # type: ignore[arg-type]


def summary(audit: AuditView, timezone: str) -> str:
    score = "-" if audit.score is None else f"{audit.score}"
    return tr(
        "checks.audit.summary",
        when=checks.clock(audit.observed_at, timezone, with_date=True),
        channel=tr(f"checks.audit.channel.{audit.channel}"),
        score=score,
        failed=len(audit.items),
    )


def show_audit(audit: AuditView, rulebook: Rulebook | None, timezone: str) -> None:
    lang = context.lang()
    st.markdown(f"**{plain(summary(audit, timezone))}**")
    if audit.rings is not None:
        st.caption(tr("checks.audit.rings_heard", rings=audit.rings))
    for line in audit.lines:
        mark = "✅" if line["ok"] else "❌"
        scenario = scenario_name(rulebook, line["scenario_id"])
        st.markdown(f"{mark} {plain(scenario)}：{plain(line['text'])}（{line['score']}）")
    if not audit.items:
        st.success(tr("checks.audit.all_good"))
        return
    st.markdown(f"**{tr('checks.audit.failed_items')}**")
    for item in audit.items:
        where = tr("checks.audit.line_no", line=item.line) if item.line else tr("checks.audit.rings_item")
        hint = f" → {plain(item.suggestion)}" if item.suggestion else ""
        st.markdown(
            f"- {plain(rule_title(rulebook, item.rule_id))}（{where}）：{plain(item.message.get(lang))}{hint}"  # type: ignore[arg-type]
        )
