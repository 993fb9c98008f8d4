"""新登记 / New request: fast intake at a busy desk, with owner search and sensible defaults."""

import streamlit as st

from core.errors import DomainError
from desk.requests.intake import Channel, IntakeForm
from desk.requests.sla import Urgency
from desk.requests.views import request_number
from desk.requests.workflow import Kind
from ui import context, desk_ui
from ui.context import plain, tr

actor = context.actor()
desk = desk_ui.desk_or_stop()
intake = context.services().request_intake
lang = context.lang()

st.title(tr("desk.new.title"))
st.caption(tr("desk.new.intro"))
flash = st.session_state.pop("desk_new_flash", None)
if flash:
    st.success(flash)

site = desk_ui.pick_site(context.services().sites.my_sites(actor), key="desk_new_site")
kinds = [k.value for k in Kind]
kind = st.segmented_control(
    tr("desk.field.kind") + " *", kinds, default="repair", format_func=lambda k: tr(f"desk.kind.{k}"),
    key="desk_new_kind", required=True,
)  # fmt: skip
categories = desk.content.categories_for(Kind(kind))
category = st.selectbox(
    tr("desk.field.category") + " *", [c.id for c in categories],
    format_func=lambda c: desk_ui.name_of(desk, "category", c), key=f"desk_new_category_{kind}",
)  # fmt: skip

# Owner search sits outside the form so results appear as the desk types.
search = st.text_input(tr("desk.new.owner_search"), key="desk_new_owner_search")
hits = intake.search_owners(actor, site.id, search) if search.strip() else []
owner_id = None
if hits:
    by_id = {h.owner_id: h for h in hits}

    def owner_label(owner: int | None) -> str:
        if owner is None:
            return tr("desk.new.owner_new")
        return f"{by_id[owner].unit} {by_id[owner].name} {by_id[owner].phone}"

    owner_id = st.selectbox(
        tr("desk.new.owner_pick"), [None, *by_id], format_func=owner_label, key="desk_new_owner"
    )

with st.form("desk_new", clear_on_submit=True):
    left, right = st.columns(2)
    if owner_id is None:
        unit = left.text_input(
            tr("desk.field.unit") + " *", max_chars=40, placeholder="3-2-1201", key="desk_unit"
        )
        contact_name = right.text_input(tr("desk.field.contact_name") + " *", max_chars=50, key="desk_name")
        contact_phone = left.text_input(tr("desk.field.contact_phone") + " *", max_chars=20, key="desk_phone")
    else:
        hit = by_id[owner_id]
        st.info(tr("desk.new.owner_line", unit=plain(hit.unit), name=plain(hit.name), phone=plain(hit.phone)))
        unit, contact_name = "", ""
        contact_phone = left.text_input(tr("desk.field.contact_phone"), max_chars=20, key="desk_owner_phone")
    channel = right.radio(
        tr("desk.field.channel"), [c.value for c in Channel], format_func=lambda c: tr(f"desk.channel.{c}"),
        horizontal=True,
    )  # fmt: skip
    urgency = left.radio(
        tr("desk.field.urgency"), [u.value for u in Urgency], index=1,
        format_func=lambda u: tr(f"desk.urgency.{u}"), horizontal=True,
    )  # fmt: skip
    content = st.text_area(tr("desk.field.content") + " *", max_chars=2000, height=100, key="desk_content")
    answered = False
    department = None
    if kind == Kind.INQUIRY.value:
        answered = st.checkbox(tr("desk.field.answered_on_spot"))
    elif kind == Kind.REPAIR.value:
        suggested = desk.content.category(category).department if category else None
        options = ["", *(d.id for d in desk.content.departments)]  # "": not yet
        department = (
            st.selectbox(
                tr("desk.field.dispatch_now"),
                options,
                index=options.index(suggested) if suggested in options else 0,
                format_func=lambda d: (
                    desk_ui.name_of(desk, "department", d) if d else tr("desk.field.no_dispatch")
                ),
                key="desk_dispatch",
            )
            or None
        )
    submitted = st.form_submit_button(tr("desk.new.submit"), type="primary")

if submitted:
    form = IntakeForm(
        site_id=site.id, kind=kind, unit=unit, contact_name=contact_name, contact_phone=contact_phone,
        channel=channel, category=category or "", urgency=urgency, content=content, owner_id=owner_id,
        answered_on_spot=answered, department=department,
    )  # fmt: skip
    try:
        request_id = intake.intake(actor, form)
    except DomainError as exc:
        context.show_error(exc)
    else:
        st.session_state["desk_new_flash"] = tr("desk.new.saved", number=request_number(kind, request_id))
        st.rerun()
