"""业主档案 / Owner records: the residents of each unit; add, edit, void with a reason, import from Excel."""

import streamlit as st

from core.errors import DomainError
from core.imports import ImportRefused
from core.sheets import ENCODINGS
from desk.owners.records import Relation
from ui import context, desk_ui, row_pick
from ui.context import plain, tr

actor = context.actor()
desk_ui.desk_or_stop()
records = context.services().owner_records
sites = {s.id: s for s in context.services().sites.my_sites(actor)}
site = desk_ui.pick_site(list(sites.values()), key="owners_site")
RELATIONS = [r.value for r in Relation]

st.title(tr("desk.owners.title"))
desk_ui.flash("owners")

query = st.text_input(tr("desk.owners.search"), key="owners_query")
rows = records.residents(actor, site.id, query)
picked = None
if rows:
    # A click on a row opens that person's record for editing.
    picked = row_pick.picked_row(
        [
            {
                tr("desk.field.unit"): r.unit,
                tr("desk.field.contact_name"): r.name,
                tr("desk.field.relation"): tr(f"desk.relation.{r.relation}"),
                tr("desk.field.contact_phone"): r.phone,
                tr("desk.field.note"): r.note or "",
            }
            for r in rows
        ],
        key="owner_rows",
    )
    if picked is None:
        st.caption(tr("desk.owners.click_row"))
else:
    st.info(tr("desk.owners.none"))

with st.expander(tr("desk.owners.add")), st.form("owner_add", clear_on_submit=True):
    a, b, c = st.columns(3)
    unit = a.text_input(tr("desk.field.unit") + " *", max_chars=40, key="owner_unit")
    name = b.text_input(tr("desk.field.contact_name") + " *", max_chars=50, key="owner_name")
    relation = c.selectbox(
        tr("desk.field.relation"), RELATIONS, format_func=lambda r: tr(f"desk.relation.{r}")
    )
    phone = a.text_input(tr("desk.field.contact_phone"), max_chars=20, key="owner_phone")
    note = b.text_input(tr("desk.field.note"), max_chars=500)
    if st.form_submit_button(tr("desk.owners.add_submit"), type="primary"):
        with context.refusals_shown():
            records.add(actor, site.id, unit=unit, name=name, relation=relation, phone=phone, note=note)
            desk_ui.flash_next("owners", tr("desk.owners.added"))
            st.rerun()

if picked is not None:
    with st.container(border=True):
        chosen = rows[picked].id
        st.subheader(
            tr(
                "app.pair",
                label=tr("desk.owners.edit"),
                value=plain(f"{rows[picked].unit} {rows[picked].name}"),
            )
        )
        current = records.resident(actor, chosen)  # its phone masked
        if current.phone:
            # The full number only on a deliberate reveal, which the service records in the history.
            reveal = context.services().phone_reveal
            desk_ui.phone_line(
                "desk.field.contact_phone", current.phone,
                lambda: reveal.resident_phone(actor, chosen), key=f"resident_{chosen}",
            )  # fmt: skip
        edit_keys = [f"owner_edit_{field}_{chosen}" for field in ("phone", "clear")]
        with st.form(f"owner_edit_{chosen}"):
            a, b = st.columns(2)
            new_name = a.text_input(tr("desk.field.contact_name"), value=current.name, max_chars=50)
            new_relation = b.selectbox(
                tr("desk.field.relation"),
                RELATIONS,
                index=RELATIONS.index(current.relation),
                format_func=lambda r: tr(f"desk.relation.{r}"),
            )
            # Empty keeps the number: editing never needs the full number, and never saves the masked one.
            new_phone = a.text_input(
                tr("desk.owners.new_phone"), max_chars=20, key=edit_keys[0],
                placeholder=current.phone or None, help=tr("desk.owners.new_phone_help"),
            )  # fmt: skip
            new_note = b.text_input(tr("desk.field.note"), value=current.note or "", max_chars=500)
            clear_phone = (
                a.checkbox(tr("desk.owners.clear_phone"), key=edit_keys[1]) if current.phone else False
            )
            if st.form_submit_button(tr("desk.owners.save")):
                with context.refusals_shown():
                    records.update(
                        actor, chosen, name=new_name, relation=new_relation, phone=new_phone, note=new_note,
                        clear_phone=clear_phone,
                    )  # fmt: skip
                    for key in [*edit_keys, f"phone_resident_{chosen}"]:
                        st.session_state.pop(key, None)
                    desk_ui.flash_next("owners", tr("desk.owners.saved"))
                    st.rerun()
        with st.form(f"owner_void_{chosen}", clear_on_submit=True):
            reason = st.text_input(tr("field.reason") + " *", max_chars=500)
            if st.form_submit_button(tr("desk.owners.void_submit")):
                with context.refusals_shown():
                    records.void(actor, chosen, reason)
                    desk_ui.flash_next("owners", tr("desk.owners.voided"))
                    st.rerun()

with st.expander(tr("desk.owners.import")):
    st.caption(tr("desk.owners.import_help"))
    upload = st.file_uploader(tr("desk.owners.import"), type=["xlsx", "csv"], key="owners_upload")
    encoding = st.selectbox(
        tr("import.encoding"), [None, *ENCODINGS], key="owners_encoding",
        format_func=lambda e: tr(f"import.encoding_names.{e}") if e else tr("import.encoding_auto"),
    )  # fmt: skip
    again = st.checkbox(tr("import.again_page"), key="owners_again")
    if upload is not None and st.button(tr("desk.owners.import_submit"), key="owners_import"):
        try:
            written = records.import_file(
                actor, site.id, upload.getvalue(), upload.name, encoding=encoding, again=again
            )
        except ImportRefused as exc:
            st.error(tr("desk.owners.import_failed"))
            for problem in exc.problems:
                label = tr(f"desk.field.{problem.field}") if problem.field else "-"
                message = context.message_of(problem.error)
                st.text(
                    tr("desk.cli.row_error", path=upload.name, row=problem.row, field=label, message=message)
                )
        except DomainError as exc:
            context.show_error(exc)
        else:
            desk_ui.flash_next("owners", tr("desk.owners.imported", count=written))
            st.rerun()
