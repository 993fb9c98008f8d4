"""我的证书 / My certificate: status, details, and a printable copy to download."""

import streamlit as st

from app_pages.training import quiz_widgets as quiz_ui
from app_pages.training import retest_widgets as retest
from ui import context
from ui.context import plain, tr

actor = context.actor()
rulebook, content = quiz_ui.ready(actor)
lang = context.lang()

st.title(tr("quiz.cert.title"))
cert = context.services().quizzes.certificate(actor, rulebook)
if cert is None:
    st.info(tr("quiz.cert.none"))
    st.page_link("app_pages/training/quiz.py", label=tr("nav.quiz_take"), icon=":material/quiz:")
    st.stop()

blueprint = content.blueprint(cert.blueprint_id)
title = quiz_ui.text(blueprint.title) if blueprint else cert.blueprint_id
suspended = context.services().retests.suspended(actor)
# A valid certificate suspended on a rule by evidence is not simply "valid" until the re-test is passed.
status = "suspended" if cert.status == "valid" and suspended else cert.status
st.markdown(f":{quiz_ui.STATUS_COLOURS[status]}-badge[{tr(f'quiz.cert.status.{status}')}]")
if cert.recertify_rules:
    st.warning(tr("quiz.cert.recertify", rules=quiz_ui.rule_titles(rulebook, cert.recertify_rules)))
elif cert.status == "due":
    st.warning(tr("quiz.cert.renew", date=quiz_ui.local_date(cert.expires_at, cert.timezone)))
elif cert.status == "expired":
    st.error(tr("quiz.cert.expired_note"))
retest.show_suspensions(actor, rulebook, suspended)  # rules suspended by evidence, and their re-test

with st.container(border=True):
    st.subheader(tr("quiz.cert.doc_title"))
    body = tr("quiz.cert.doc_body", name=plain(cert.display_name), quiz=plain(title), score=f"{cert.score:g}")
    st.write(body)
    rows = [
        ("quiz.cert.holder", plain(cert.display_name)),
        ("quiz.cert.site", plain(cert.site_name)),
        ("quiz.cert.quiz", plain(title)),
        ("quiz.cert.score", f"{cert.score:g}%"),
        ("quiz.cert.issued", quiz_ui.local_date(cert.issued_at, cert.timezone)),
        ("quiz.cert.expires", quiz_ui.local_date(cert.expires_at, cert.timezone)),
        ("quiz.cert.version", plain(cert.rulebook_version)),
        ("quiz.cert.number", f"{cert.id:06d}"),
    ]
    st.markdown("  \n".join(f"**{tr(key)}**：{value}" if lang == "zh" else f"**{tr(key)}**: {value}"
                            for key, value in rows))  # fmt: skip

st.download_button(
    tr("quiz.cert.download"),
    data=quiz_ui.certificate_html(cert, title, lang),
    file_name=f"certificate-{cert.id:06d}.html",
    mime="text/html",
    icon=":material/print:",
    key="quiz_cert_download",
)
st.caption(tr("quiz.cert.print_hint"))
