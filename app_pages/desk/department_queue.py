"""本部门工单 / My department's orders: the work orders the desk sent this department; accept, report
progress, finish with a note."""

import streamlit as st

from app_pages.desk import file_widgets as files_ui
from app_pages.desk import order_widgets as orders_ui
from core.errors import DomainError
from ui import context, desk_ui
from ui.context import plain, tr

actor = context.actor()
queues = orders_ui.queues_or_stop()
sites = {s.id: s for s in context.services().sites.my_sites(actor)}
department = orders_ui.department_name(queues.content, actor.department)

st.title(tr("orders.queue_title", department=department or "—"))
desk_ui.flash("queue")
st.caption(tr("orders.queue_caption"))


def done(message: str, *clear: str) -> None:
    """After a saved step: empty that form (a refused one keeps what was typed) and run again."""
    for key in clear:
        st.session_state.pop(key, None)
    desk_ui.flash_next("queue", message)
    st.rerun()


try:
    rows = queues.my_queue(actor)
except DomainError as exc:
    context.show_error(exc)
    st.stop()

if not rows:
    st.info(tr("orders.queue_empty"))
for row in rows:
    zone = sites[row.site_id].timezone
    with st.container(border=True, key=f"order_{row.id}"):
        title = tr("orders.card", number=row.number, unit=plain(row.unit), request=row.request_number)
        st.markdown(f"**{title}**")
        st.markdown(orders_ui.facts_line(row, zone))
        st.markdown(orders_ui.contact_line(row))
        st.text(row.content)
        orders_ui.notes_table(row, zone)
        orders_ui.print_work_order(row, queues.content, sites, key=f"print_{row.id}")
        if row.stage == "waiting":
            with st.form(f"accept_{row.id}", clear_on_submit=False, border=False):
                note = st.text_input(tr("orders.accept_note"), max_chars=500, key=f"accept_note_{row.id}")
                if st.form_submit_button(tr("orders.accept"), type="primary"):
                    with context.refusals_shown():
                        queues.accept(actor, row.id, note)
                        done(tr("orders.accepted", number=row.number), f"accept_note_{row.id}")
        else:
            with st.form(f"progress_{row.id}", clear_on_submit=False, border=False):
                note = st.text_input(tr("orders.progress_note"), max_chars=500, key=f"progress_note_{row.id}")
                if st.form_submit_button(tr("orders.progress")):
                    with context.refusals_shown():
                        queues.report_progress(actor, row.id, note)
                        done(tr("orders.progressed", number=row.number), f"progress_note_{row.id}")
        with st.form(f"finish_{row.id}", clear_on_submit=False, border=False):
            note = st.text_area(
                tr("orders.finish_note"), max_chars=500, height=80, help=tr("orders.finish_help"),
                key=f"finish_note_{row.id}",
            )  # fmt: skip
            photos = files_ui.uploader(f"finish_photos_{row.id}", "files.photos")
            if st.form_submit_button(tr("orders.finish"), type="primary"):
                with context.refusals_shown():
                    queues.finish(actor, row.id, note, photos=files_ui.as_files(photos))
                    done(
                        tr("orders.finished", number=row.number),
                        f"finish_note_{row.id}",
                        f"finish_photos_{row.id}",
                    )

with st.expander(tr("orders.recent")):
    ended = [r for r in queues.my_queue(actor, include_ended=True) if r.ended_at is not None]
    if ended:
        orders_ui.board_table(reversed(ended), queues.content, sites)
    else:
        st.caption(tr("orders.recent_empty"))
