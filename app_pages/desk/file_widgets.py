"""Photos and files on a record: thumbnails with a download and a void each, the voided ones listed for
managers, and an upload form. What is uploaded is checked by the service (type by its bytes, size); the
browser's own type filter only spares a wasted try. Who may void is the service's rule (checks.may_void)."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from core.roles import Permission
from desk.attachments.checks import MAX_BYTES, MAX_FILES, may_void
from desk.attachments.service import AttachmentRow
from ui import context, desk_ui
from ui.context import tr

ACCEPTED = ["jpg", "jpeg", "png", "pdf"]


def upload_help() -> str:
    return tr("files.upload_help", limit=MAX_BYTES // 1024 // 1024, count=MAX_FILES)


def uploader(key: str, label_key: str = "files.upload"):  # type: ignore[no-untyped-def]
    return st.file_uploader(
        tr(label_key), type=ACCEPTED, accept_multiple_files=True, help=upload_help(), key=key
    )


def as_files(uploaded) -> list[tuple[str, bytes]]:  # type: ignore[no-untyped-def]
    return [(f.name, f.getvalue()) for f in uploaded or []]


def section(
    entity: str,
    entity_id: int,
    zone: str,
    key: str,
    flash_page: str,
    *,
    upload: bool = True,
    hide_empty: bool = False,
    rows: Sequence[AttachmentRow] | None = None,
) -> None:
    """A record's files: the live ones as thumbnails, the voided ones listed for managers, the upload.
    `rows`: the files when already read with their siblings' (`files_of`), else read here."""
    if rows is None:
        rows = files_of(entity, [entity_id])[entity_id]
    live, voided = [r for r in rows if not r.voided], [r for r in rows if r.voided]
    if hide_empty and not rows:
        return
    gallery(live, zone, key, flash_page)
    if voided:
        voided_table(voided, zone)
    if upload:
        upload_form(entity, entity_id, f"{key}_files_{entity_id}", flash_page)


def files_of(entity: str, entity_ids: Sequence[int]) -> dict[int, list[AttachmentRow]]:
    """The files of several records of one kind, in one query; voided ones too for managers."""
    actor = context.actor()
    managing = actor.can(Permission.SUPERVISE_DESK)
    return context.services().attachments.list_for_records(actor, entity, entity_ids, include_voided=managing)


def gallery(rows: Sequence[AttachmentRow], zone: str, key: str, flash_page: str) -> None:
    """Three to a row (they stack on a phone); a PDF shows as its name with a download."""
    if not rows:
        st.caption(tr("files.none"))
        return
    service, actor = context.services().attachments, context.actor()
    columns = st.columns(3)
    for index, row in enumerate(rows):
        with columns[index % 3]:
            caption = tr(
                "files.caption", name=row.file_name, size=max(1, row.size // 1024), by=row.uploaded_by or ""
            )
            if row.thumbnail:
                st.image(row.thumbnail, caption=context.plain(caption), width="stretch")
            else:
                st.markdown(f":material/picture_as_pdf: {context.plain(caption)}")
            st.caption(desk_ui.local(row.uploaded_at, zone))
            st.download_button(
                tr("files.download"), data=lambda i=row.id: service.download(actor, i)[2],
                file_name=row.file_name, mime=row.media_type, on_click="ignore", key=f"{key}_dl_{row.id}",
                icon=":material/download:",
            )  # fmt: skip
            if may_void(actor, row.uploaded_by_id):
                void_control(row, f"{key}_void_{row.id}", flash_page)


def void_control(row: AttachmentRow, key: str, flash_page: str) -> None:
    """Void one file with a reason; a refusal is shown under the file and the reason stays as typed."""
    with st.popover(tr("files.void"), icon=":material/block:"), st.form(key, border=False):
        reason = st.text_input(tr("field.reason") + " *", max_chars=500, key=f"{key}_reason")
        go = st.form_submit_button(tr("files.void_submit"))
    if go:
        with context.refusals_shown():
            context.services().attachments.void(context.actor(), row.id, reason)
            st.session_state.pop(f"{key}_reason", None)
            desk_ui.flash_next(flash_page, tr("files.voided", name=row.file_name))
            st.rerun()


def voided_table(rows: Sequence[AttachmentRow], zone: str) -> None:
    """Voided files stay on record: what, who uploaded it, who voided it when, and why (managers)."""
    st.caption(tr("files.voided_title"))
    st.dataframe(
        [
            {
                tr("files.field.name"): r.file_name,
                tr("files.field.uploaded_by"): r.uploaded_by or "",
                tr("files.field.voided_at"): desk_ui.local(r.voided_at, zone),
                tr("files.field.voided_by"): r.voided_by or "",
                tr("field.reason"): r.void_reason or "",
            }
            for r in rows
        ],
        hide_index=True,
        width="stretch",
    )


def upload_form(entity: str, entity_id: int, key: str, flash_page: str) -> None:
    """Add files to a record; a refusal names the file and why, and the form keeps the choice."""
    with st.form(key, clear_on_submit=False, border=False):
        uploaded = uploader(f"{key}_files")
        go = st.form_submit_button(tr("files.submit"))
    if go:
        with context.refusals_shown():
            saved = context.services().attachments.attach(
                context.actor(), entity, entity_id, as_files(uploaded)
            )
            st.session_state.pop(f"{key}_files", None)
            desk_ui.flash_next(flash_page, tr("files.saved", n=len(saved)))
            st.rerun()
