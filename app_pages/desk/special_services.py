"""特约服务 / Special services: housekeeping and other paid services, from the owner's order to the
appointment, the work, the payment and the callback (procedure duty 1.8)."""

from datetime import time, timedelta

import streamlit as st

from app_pages.desk import renovation_widgets as renovation_ui
from app_pages.desk.renovation_widgets import money, refusals_shown, service_name
from desk.renovation.forms import SpecialForm
from desk.renovation.passes import local_today
from desk.special.service import VIEWS
from desk.special.workflow import Method
from ui import context, desk_ui
from ui.context import plain, tr

actor = context.actor()
special = renovation_ui.special_or_stop()
content = special.content
lang = context.lang()
site_list = context.services().sites.my_sites(actor)
sites = {s.id: s for s in site_list}

st.title(tr("special.page.title"))
st.caption(tr("special.page.intro"))
renovation_ui.flash("special_flash")
site = desk_ui.pick_site(site_list, key="special_site")
today = local_today(context.services().clock(), site.timezone)


def done(message: str, *clear: str) -> None:
    renovation_ui.done("special_flash", message, clear)


def price_text(service_id: str) -> str:
    service = content.service(service_id)
    if service is None or service.price is None:
        return tr("special.quoted_per_job")
    return tr("special.price_per", price=money(service.price), unit=content.price_unit(service, lang))


with st.expander(tr("special.new"), expanded=False):
    service_type = st.selectbox(
        tr("books.field.service_type") + " *", [s.id for s in content.services],
        format_func=lambda s: f"{service_name(content, s)} · {price_text(s)}", key="special_type",
    )  # fmt: skip
    with st.form("special_new", clear_on_submit=False):
        left, right = st.columns(2)
        unit = left.text_input(
            tr("books.field.unit") + " *", max_chars=40, placeholder="3-2-1201", key="special_unit"
        )
        name = right.text_input(tr("books.field.contact_name") + " *", max_chars=50, key="special_name")
        phone = left.text_input(tr("books.field.contact_phone") + " *", max_chars=20, key="special_phone")
        default = content.service(service_type).price if content.service(service_type) else None
        price = right.text_input(
            tr("books.field.quoted_price"), max_chars=20, key="special_price",
            placeholder=str(default) if default is not None else "",
            help=tr("special.price_help"),
        )  # fmt: skip
        description = st.text_area(
            tr("books.field.description"), max_chars=2000, height=80, key="special_description"
        )
        if st.form_submit_button(tr("special.submit"), type="primary"):
            form = SpecialForm(
                site_id=site.id, unit=unit, contact_name=name, contact_phone=phone, service_type=service_type,
                description=description, quoted_price=price,
            )  # fmt: skip
            with refusals_shown():
                new_id = special.request(actor, form)
                done(
                    tr("special.saved", number=f"TY{new_id:06d}"),
                    *(f"special_{k}" for k in ("unit", "name", "phone", "price", "description")),
                )

view, query = desk_ui.list_controls(VIEWS, "special", "TY000001 / 3-2-1201", labels="special.views")
rows = special.list_services(actor, view, query=query)
if not rows:
    st.info(tr("special.empty"))
    st.stop()

chosen = desk_ui.table_and_pick(
    rows,
    lambda r: {
        tr("books.field.number"): r.number,
        tr("books.field.service_type"): service_name(content, r.service_type),
        tr("books.field.status"): tr(f"special.status.{r.status}"),
        tr("books.field.unit"): r.unit,
        tr("books.field.contact_name"): r.contact_name,
        tr("books.field.contact_phone"): r.phone,
        tr("books.field.scheduled_for"): desk_ui.local(r.scheduled_for, sites[r.site_id].timezone),
        tr("books.field.assignee"): r.assignee or "",
        tr("books.field.quoted_price"): money(r.quoted_price),
        tr("books.field.amount"): money(r.amount),
        tr("books.field.description"): r.summary,
    },
    tr("special.pick"),
    lambda r: f"{r.number} · {r.unit} · {service_name(content, r.service_type)}",
    "special_pick",
)
detail = special.detail(actor, chosen)
row = detail.row
zone = sites[row.site_id].timezone

with desk_ui.record_box("special.detail", number=row.number):
    facts = [
        ("books.field.status", tr(f"special.status.{row.status}")),
        ("books.field.service_type", plain(service_name(content, row.service_type))),
        ("books.field.unit", plain(row.unit)),
        ("books.field.contact_name", plain(row.contact_name)),
        ("books.field.contact_phone", plain(row.phone)),
    ]
    desk_ui.facts(facts)
    plan = [
        ("books.field.scheduled_for", plain(desk_ui.local(row.scheduled_for, zone) or "—")),
        ("books.field.assignee", plain(row.assignee or "—")),
        ("books.field.quoted_price", plain(money(row.quoted_price) or tr("special.quoted_per_job"))),
    ]
    desk_ui.facts(plan)
    if detail.description:
        st.text(detail.description)
    notes = []
    if detail.paid_at:
        notes.append(
            tr("special.paid_line", amount=plain(money(row.amount)),
               method=tr(f"special.method.{detail.method}"), receipt=plain(detail.receipt_no or ""),
               at=desk_ui.local(detail.paid_at, zone))
        )  # fmt: skip
    if detail.satisfaction:
        notes.append(
            tr("special.callback_line", n=detail.satisfaction, result=plain(detail.callback_result or ""))
        )
    if detail.closing_reason:
        notes.append(desk_ui.pair("books.field.reason", plain(detail.closing_reason), bold=False))
    if notes:
        st.caption(" · ".join(notes))

    if renovation_ui.has_next_steps(detail.allowed_actions):
        action = renovation_ui.next_step(
            detail.allowed_actions, "special", f"special_action_{row.id}_{row.status}"
        )
        with st.form(f"special_step_{row.id}_{row.status}_{action}", clear_on_submit=False):
            values: dict = {}
            if action == "schedule":
                left, mid, right = st.columns(3)
                values["day"] = left.date_input(
                    tr("books.field.scheduled_day") + " *",
                    value=today + timedelta(days=1),
                    min_value=today,
                )
                values["at"] = mid.time_input(
                    tr("books.field.scheduled_time") + " *", value=time(9, 0), step=timedelta(minutes=30)
                )
                values["assignee"] = right.text_input(
                    tr("books.field.assignee") + " *", value=row.assignee or "", max_chars=50
                )
            elif action == "finish":
                values["note"] = st.text_input(tr("books.field.note"), max_chars=500)
            elif action == "pay":
                left, mid, right = st.columns(3)
                values["amount"] = left.text_input(
                    tr("books.field.amount") + " *", max_chars=20,
                    value=str(row.quoted_price) if row.quoted_price is not None else "",
                )  # fmt: skip
                values["method"] = mid.selectbox(
                    tr("books.field.method") + " *", [m.value for m in Method],
                    format_func=lambda m: tr(f"special.method.{m}"),
                )  # fmt: skip
                values["receipt_no"] = right.text_input(tr("books.field.receipt_no") + " *", max_chars=40)
            elif action == "callback":
                values["satisfaction"] = st.radio(
                    tr("books.field.satisfaction") + " *", [5, 4, 3, 2, 1], horizontal=True,
                    help=tr("special.rating_help"),
                )  # fmt: skip
                values["result"] = st.text_area(
                    tr("books.field.callback_result") + " *", max_chars=500, height=70
                )
            else:  # cancel, void
                values["reason_text"] = st.text_input(tr("books.field.reason") + " *", max_chars=500)
            go = st.form_submit_button(tr(f"special.action.{action}"), type="primary")
        if go:
            with refusals_shown():
                if action == "schedule":
                    special.schedule(actor, row.id, expected_status=row.status, **values)
                elif action == "finish":
                    special.finish(actor, row.id, expected_status=row.status, **values)
                elif action == "pay":
                    special.pay(actor, row.id, expected_status=row.status, **values)
                elif action == "callback":
                    special.record_callback(
                        actor, row.id, satisfaction=int(values["satisfaction"]), result=values["result"],
                        expected_status=row.status,
                    )  # fmt: skip
                elif action == "cancel":
                    special.cancel(actor, row.id, values["reason_text"], expected_status=row.status)
                else:
                    special.void(actor, row.id, values["reason_text"], expected_status=row.status)
                done(f"{row.number}: {tr(f'special.action.{action}')} · {tr('books.done')}")

    with st.expander(tr("books.history")):
        renovation_ui.history_table(detail.history, zone, "special", content)
