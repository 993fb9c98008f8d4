"""新登记 / New request: fast intake at a busy desk, with owner search and sensible defaults.

Nothing typed is lost: a refusal shows under its field with every value kept; a saved request empties
the form and forgets the picked owner, so the next request never attaches to the last caller."""

import streamlit as st

from desk.requests.intake import Channel, IntakeForm
from desk.requests.sla import Urgency
from desk.requests.views import request_number
from desk.requests.workflow import Kind
from ui import context, desk_ui, kept_form
from ui.context import plain, tr

FORM = "desk_new"
# Everything the desk types or picks for one request, with its empty value: set after a save.
TYPED = {
    "desk_unit": "", "desk_name": "", "desk_phone": "", "desk_owner_phone": "", "desk_content": "",
    "desk_channel": Channel.PHONE.value, "desk_urgency": Urgency.NORMAL.value, "desk_answered": False,
    "desk_new_owner": None, "desk_new_owner_search": "",
}  # fmt: skip
FIELDS = ("unit", "contact_name", "contact_phone", "channel", "urgency", "content", "category",
          "answered_on_spot", "department")  # fmt: skip

actor = context.actor()
desk = desk_ui.desk_or_stop()
intake = context.services().request_intake

st.title(tr("desk.new.title"))
st.caption(tr("desk.new.intro"))
kept_form.flash(FORM)

site = desk_ui.pick_site(context.services().sites.my_sites(actor), key="desk_new_site")
kinds = {k.value: tr(f"desk.kind.{k.value}") for k in Kind}
kind = st.segmented_control(
    tr("desk.field.kind") + " *", list(kinds), default="repair", format_func=kinds.__getitem__,
    key="desk_new_kind", required=True,
)  # fmt: skip
categories = desk.content.categories_for(Kind(kind))
# Names bound now, in this run's language (a format function called later would not know it).
category_names = {c.id: desk_ui.name_of(desk, "category", c.id) for c in categories}
category = st.selectbox(
    tr("desk.field.category") + " *", list(category_names), format_func=category_names.__getitem__,
    key=f"desk_new_category_{kind}",
)  # fmt: skip
kept_form.error_for(FORM, "category")

# Owner search sits outside the form so results appear as the desk types.
search = st.text_input(tr("desk.new.owner_search"), key="desk_new_owner_search")
hits = intake.search_owners(actor, site.id, search) if search.strip() else []
by_id = {h.owner_id: h for h in hits}
owner_id = None
if hits:

    def owner_label(owner: int | None) -> str:
        if owner is None:
            return tr("desk.new.owner_new")
        return f"{by_id[owner].unit} {by_id[owner].name} {by_id[owner].phone}"

    owner_id = st.selectbox(
        tr("desk.new.owner_pick"), [None, *by_id], format_func=owner_label, key="desk_new_owner"
    )
kept_form.error_for(FORM, "owner")


suggested = (desk.content.category(category).department if category else None) or ""
if suggested not in {d.id for d in desk.content.departments}:
    suggested = ""
dispatch_key = f"desk_dispatch_{category}"


def save() -> str:
    """Runs before the page is drawn again, with the form's values in the session state."""
    state = st.session_state
    picked = owner_id is not None
    form = IntakeForm(
        site_id=site.id, kind=kind, unit="" if picked else state.get("desk_unit", ""),
        contact_name="" if picked else state.get("desk_name", ""),
        contact_phone=state.get("desk_owner_phone" if picked else "desk_phone", ""),
        channel=state.get("desk_channel", Channel.PHONE.value), category=category or "",
        urgency=state.get("desk_urgency", Urgency.NORMAL.value), content=state.get("desk_content", ""),
        owner_id=owner_id, answered_on_spot=kind == Kind.INQUIRY.value and bool(state.get("desk_answered")),
        department=(state.get(dispatch_key) or None) if kind == Kind.REPAIR.value else None,
    )  # fmt: skip
    request_id = intake.intake(actor, form)
    return tr("desk.new.saved", number=request_number(kind, request_id))


with st.form(FORM):
    kept_form.other_error(FORM, (*FIELDS, "owner"))
    # One row per pair, so a narrow screen stacks them in reading order.
    left, right = st.columns(2)
    if owner_id is None:
        with left:
            st.text_input(tr("desk.field.unit") + " *", max_chars=40, placeholder="3-2-1201", key="desk_unit")
            kept_form.error_for(FORM, "unit")
        with right:
            st.text_input(tr("desk.field.contact_name") + " *", max_chars=50, key="desk_name")
            kept_form.error_for(FORM, "contact_name")
        phone_key, phone_label = "desk_phone", tr("desk.field.contact_phone") + " *"
    else:
        hit = by_id[owner_id]
        st.info(tr("desk.new.owner_line", unit=plain(hit.unit), name=plain(hit.name), phone=plain(hit.phone)))
        phone_key, phone_label = "desk_owner_phone", tr("desk.field.contact_phone")
    left, right = st.columns(2)
    with left:
        st.text_input(phone_label, max_chars=20, key=phone_key)
        kept_form.error_for(FORM, "contact_phone")
    with right:
        channels = {c.value: tr(f"desk.channel.{c.value}") for c in Channel}
        st.radio(
            tr("desk.field.channel"), list(channels), format_func=channels.__getitem__, horizontal=True,
            key="desk_channel",
        )  # fmt: skip
        kept_form.error_for(FORM, "channel")
    # "Normal" first: the default needs no index, so the emptied form can set it back.
    urgencies = {u: tr(f"desk.urgency.{u}") for u in (Urgency.NORMAL.value, Urgency.URGENT.value)}
    st.radio(
        tr("desk.field.urgency"), list(urgencies), format_func=urgencies.__getitem__, horizontal=True,
        key="desk_urgency",
    )  # fmt: skip
    kept_form.error_for(FORM, "urgency")
    st.text_area(tr("desk.field.content") + " *", max_chars=2000, height=100, key="desk_content")
    kept_form.error_for(FORM, "content")
    if kind == Kind.INQUIRY.value:
        st.checkbox(tr("desk.field.answered_on_spot"), key="desk_answered")
        kept_form.error_for(FORM, "answered_on_spot")
    elif kind == Kind.REPAIR.value:
        departments = {"": tr("desk.field.no_dispatch")}  # "": not yet
        departments |= {d.id: desk_ui.name_of(desk, "department", d.id) for d in desk.content.departments}
        # The category's department, set through the state (not an index) so a save can set it back.
        st.session_state.setdefault(dispatch_key, suggested)
        st.selectbox(
            tr("desk.field.dispatch_now"), list(departments), format_func=departments.__getitem__,
            key=dispatch_key,
        )  # fmt: skip
        kept_form.error_for(FORM, "department")
    st.form_submit_button(
        tr("desk.new.submit"),
        type="primary",
        on_click=kept_form.submit,
        args=(FORM, save, TYPED | {dispatch_key: suggested}),
    )
