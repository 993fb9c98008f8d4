"""The quiz pages through AppTest: taking a quiz with a refresh in the middle, results, certificate,
spaced practice, the phone drill and the managers' overview."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.training.quiz_widgets import certificate_html
from quizzes import loader
from quizzes.grading import right_answer
from rules.judge import model_answers
from rules.loader import default_rulebook
from services import open_services
from tests.app.conftest import APP, login, page_links
from ui import content


@pytest.fixture(autouse=True)
def fresh_caches():
    content.rulebook_state.clear()
    loader._cache.clear()
    yield
    content.rulebook_state.clear()
    loader._cache.clear()


def open_page(app: AppTest, page: str, username: str = "newbie") -> AppTest:
    login(app, username)
    return app.switch_page(f"app_pages/{page}.py").run()


def read_quizzes(app_db: str, username: str, read):  # type: ignore[no-untyped-def]
    """What `read(quizzes, actor)` finds for the person, on services of its own (closed after)."""
    svc = open_services(app_db)
    try:
        return read(svc.quizzes, svc.accounts.authenticate(username, "correct-horse-1"))
    finally:
        svc.engine.dispose()


def attempt_in_progress(app_db: str, username: str = "newbie"):
    return read_quizzes(
        app_db, username, lambda quizzes, actor: quizzes.current_attempt(actor, default_rulebook())
    )


def answer_shown(app: AppTest, view, position: int, right: bool = True, button: str = "保存答案") -> AppTest:
    """Answer the question at `position` through its widgets and save it."""
    question = view.questions[position].question
    key = f"quiz_answer_{view.summary.id}_{position}"
    answer = right_answer(question)
    if question.kind in ("single", "true_false"):
        if not right:
            answer = (
                (not answer)
                if question.kind == "true_false"
                else next(o.key for o in question.options if o.key not in question.correct)
            )
        app.radio(key=key).set_value(answer)
    elif question.kind == "multiple":
        if not right:
            answer = [next(o.key for o in question.options if o.key not in question.correct)]
        for option in question.options:
            app.checkbox(key=f"{key}_{option.key}").set_value(option.key in answer)
    elif question.kind == "ordering":
        app.multiselect(key=key).set_value(answer if right else list(reversed(answer)))
    else:
        at = question.at or datetime.now(ZoneInfo(view.timezone)).replace(tzinfo=None)
        text = model_answers(default_rulebook(), question.scenario, at=at, site=view.site_name)[0].text
        app.text_area(key=key).input(text if right else "喂，什么事？")
    next(b for b in app.button if b.label == button).click()
    return app.run()


def test_every_role_finds_the_training_pages_and_only_managers_the_overview(app, installed):
    training = ["quiz", "quiz-results", "certificate", "spaced-practice", "phone-drill"]
    for username in ("newbie", "xiaoli"):
        user = AppTest.from_file(str(APP), default_timeout=30)
        login(user, username)
        links = page_links(user)
        assert [link for link in links if link in training] == training
        assert "training" not in links
    login(app, "boss")
    assert "training" in page_links(app)


def test_a_trainee_starts_the_onboarding_quiz_and_a_refresh_resumes_it_with_the_answers(
    app, installed, app_db
):
    open_page(app, "training/quiz")
    assert app.title[0].value == "测验"
    app.button(key="quiz_start_onboarding").click().run()
    assert not app.exception
    view = attempt_in_progress(app_db)
    assert view is not None and view.summary.question_count == 33
    assert app.progress[0].proto.text == "已答 0 / 33 题"
    answer_shown(app, view, 0)
    assert not app.exception and app.progress[0].proto.text == "已答 1 / 33 题"
    assert any("第 2 题 / 共 33 题" in m.value for m in app.markdown)  # on to the next question

    # A refresh: a new browser session, logged in again through the cookie in real life.
    refreshed = AppTest.from_file(str(APP), default_timeout=30)
    open_page(refreshed, "training/quiz")
    assert not refreshed.exception
    assert refreshed.info[0].value == "已恢复您未完成的测验，之前保存的答案都在。"
    assert refreshed.progress[0].proto.text == "已答 1 / 33 题"
    assert any("第 2 题 / 共 33 题" in m.value for m in refreshed.markdown)  # the first unanswered question
    resumed = attempt_in_progress(app_db)
    assert resumed.summary.id == view.summary.id and resumed.questions[0].answer is not None

    # Going back shows the saved answer in the widget.
    refreshed.button(key="quiz_prev").click().run()
    first = resumed.questions[0].question
    if first.kind in ("single", "true_false"):
        assert refreshed.radio(key=f"quiz_answer_{view.summary.id}_0").value == right_answer(first)


def test_a_trainee_passes_the_onboarding_quiz_and_sees_the_review_and_certificate(app, installed, app_db):
    open_page(app, "training/quiz")
    app.button(key="quiz_start_onboarding").click().run()
    view = attempt_in_progress(app_db)
    for position in range(view.summary.question_count):
        answer_shown(app, view, position)
        assert not app.exception, position
    assert app.progress[0].proto.text == "已答 33 / 33 题"
    app.button(key="quiz_submit").click().run()
    assert not app.exception
    assert app.title[0].value == "测验结果"
    assert app.success[0].value == "通过：得分 100%（答对 33/33 题），及格线 80%。"
    assert "已颁发入职认证证书" in app.success[1].value
    assert sum("正确答案：" in m.value for m in app.markdown) >= 20  # the review, question by question
    app.switch_page("app_pages/training/certificate.py").run()
    assert not app.exception and app.title[0].value == "我的证书"
    assert any("有效" in m.value for m in app.markdown)
    assert app.get("download_button")


def test_handing_in_with_unanswered_questions_needs_a_confirmation(app, installed):
    open_page(app, "training/quiz")
    app.button(key="quiz_start_practice.phone").click().run()
    assert app.warning[0].value == "还有 6 题未作答，交卷后按答错计算。"
    app.button(key="quiz_submit").click().run()
    assert app.error[0].value == "请先勾选“我确认现在交卷”。"
    app.checkbox(key=next(c.key for c in app.checkbox if c.key.startswith("quiz_confirm_"))).check().run()
    app.button(key="quiz_submit").click().run()
    assert app.title[0].value == "测验结果"
    assert app.error[0].value.startswith("未通过：得分 0%（答对 0/6 题）")


def test_a_wrong_answer_on_a_critical_rule_is_named_in_the_result(app, installed, app_db):
    open_page(app, "training/quiz")
    app.button(key="quiz_start_onboarding").click().run()
    view = attempt_in_progress(app_db)
    critical = {"before_shift.no_alcohol", "address.no_wei_or_ai", "phone.three_rings"}
    target = next(
        q.position for q in view.questions if critical & set(q.question.rules) and not q.question.judged
    )
    for position in range(view.summary.question_count):
        answer_shown(app, view, position, right=position != target)
    app.button(key="quiz_submit").click().run()
    assert app.error[0].value.startswith("未通过：得分 97%（答对 32/33 题）")
    assert app.error[1].value.startswith("答错了关键规则，无论得分多少都不能通过：")


def test_the_printable_certificate_escapes_what_users_typed():
    from quizzes.views import CertificateView

    now = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("UTC"))
    cert = CertificateView(
        id=7, user_id=1, display_name="<script>alert(1)</script>", site_name="A & B",
        blueprint_id="onboarding", attempt_id=1, issued_at=now, expires_at=now.replace(year=2027), score=95.8,
        rulebook_version="2026.1+abc", status="valid", recertify_rules=(), timezone="Asia/Shanghai",
    )  # fmt: skip
    page = certificate_html(cert, "入职认证测验", "zh")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "A &amp; B" in page and "2027-11-26" in page and "95.8%" in page and "000007" in page


def practice_item(app_db: str, username: str = "newbie"):
    return read_quizzes(
        app_db, username, lambda quizzes, actor: quizzes.practice_next(actor, default_rulebook())
    )


def test_spaced_practice_serves_a_rule_and_tells_when_it_comes_back(app, installed, app_db):
    open_page(app, "training/spaced_practice")
    assert app.title[0].value == "练习"
    assert [m.label for m in app.metric] == ["到期待复习", "还没练过", "已掌握、未到期"]
    new = int(app.metric[1].value)
    item = practice_item(app_db)
    rule = default_rulebook().by_id[item.rule_id]
    assert item.status == "new" and any(rule.title.zh in m.value for m in app.markdown)
    question = item.question
    key = f"spaced_answer_{question.id}"
    answer = right_answer(question)
    if question.kind in ("single", "true_false"):
        app.radio(key=key).set_value(answer)
    elif question.kind == "multiple":
        for option in question.options:
            app.checkbox(key=f"{key}_{option.key}").set_value(option.key in answer)
    else:
        app.multiselect(key=key).set_value(answer)
    next(b for b in app.button if b.label == "提交").click()
    app.run()
    assert not app.exception
    assert app.success[0].value == "答对了！"
    assert any(c.value.startswith(f"“{rule.title.zh}”下次复习：") for c in app.caption)
    assert int(app.metric[1].value) == new - len(question.rules)  # its rules are practised now


def test_a_practice_quiz_tells_right_or_wrong_and_why_after_each_answer(app, installed, app_db):
    open_page(app, "training/quiz")
    app.button(key="quiz_start_practice.desk").click().run()
    view = attempt_in_progress(app_db)
    assert view.summary.purpose == "practice"
    position = next(q.position for q in view.questions if q.question.kind == "single" and q.question.scene)
    app.selectbox[0].set_value(position).run()
    answer_shown(app, view, position, right=False, button="提交并查看对错")
    assert not app.exception
    assert app.error[0].value == "答错了，这条规则会很快再出现。"
    question = view.questions[position].question
    assert any(m.value.startswith("正确答案：") for m in app.markdown)
    assert any(m.value.startswith("原因：") for m in app.markdown)
    wrong = next(o for o in question.options if o.key not in question.correct)
    if wrong.why is not None:
        assert any(m.value.startswith("您选的说法错在：") for m in app.markdown)
    assert any(c.value.startswith("考查：") and "职责" in c.value for c in app.caption)


def test_a_certification_keeps_its_review_for_the_end(app, installed, app_db):
    open_page(app, "training/quiz")
    app.button(key="quiz_start_onboarding").click().run()
    view = attempt_in_progress(app_db)
    answer_shown(app, view, 0, right=False)
    assert not app.exception
    assert not app.error and not any(m.value.startswith("正确答案：") for m in app.markdown)


def test_the_phone_drill_rings_until_picked_up_and_judges_the_opening_line(app, installed):
    open_page(app, "training/phone_drill")
    assert app.title[0].value == "电话演练"
    app.button(key="drill_start").click().run()
    assert any("电话响了……第 1 声" in h.value for h in app.subheader)
    app.button(key="drill_pick_up").click().run()
    assert app.success[0].value == "您在第 1 声接起，符合三声内接起的要求。"
    app.text_area(key="drill_text").input("您好，阳光花园服务中心，有什么可以帮到您？")
    next(b for b in app.button if b.label == "说出接听语").click()
    app.run()
    assert not app.exception
    assert app.success[0].value == "演练通过：第 1 声接起，接听语得分 100。"
    assert app.button(key="drill_start").label == "再来一次"


def test_a_wrong_opening_line_fails_the_drill_with_the_judges_findings(app, installed):
    open_page(app, "training/phone_drill")
    app.button(key="drill_start").click().run()
    app.button(key="drill_pick_up").click().run()
    app.selectbox(key="drill_choice").set_value("喂，你找谁？")
    next(b for b in app.button if b.label == "说出接听语").click()
    app.run()
    assert app.error[0].value.startswith("演练未通过：接听语不符合规范")
    assert any("不要说“喂”" in m.value for m in app.markdown)


def test_managers_read_the_training_overview(app, installed, app_db):
    svc = open_services(app_db)
    trainee = svc.accounts.authenticate("newbie", "correct-horse-1")
    rulebook = default_rulebook()
    attempt_id = svc.quizzes.start(trainee, rulebook, "onboarding")
    svc.quizzes.submit(trainee, rulebook, attempt_id)
    svc.engine.dispose()
    open_page(app, "training/overview", "boss")
    assert not app.exception and app.title[0].value == "培训概况"
    assert [m.label for m in app.metric] == ["有效", "需复训", "已过期", "未认证"]
    assert app.metric[3].value == "3"
    people = app.dataframe[0].value
    assert list(people["姓名"]) == ["Newbie", "Xiaoli", "王主管"] and list(people["认证测验次数"]) == [
        1,
        0,
        0,
    ]
    assert "题目" in app.dataframe[-1].value.columns


def test_the_quiz_pages_speak_english(app, installed):
    open_page(app, "training/quiz")
    app.sidebar.button_group(key="lang_switch").set_value("en").run()
    assert app.title[0].value == "Quizzes"
    assert app.button(key="quiz_start_onboarding").label == "Start the quiz"
    app.button(key="quiz_start_onboarding").click().run()
    assert app.progress[0].proto.text == "0 of 33 answered"


def test_broken_quiz_content_shows_a_notice_with_file_and_line_for_managers(
    app, installed, tmp_path, monkeypatch
):
    broken = tmp_path / "quiz_content"
    broken.mkdir()
    (broken / "blueprints.yaml").write_text("blueprints: []\npractice: {}\n", encoding="utf-8")
    monkeypatch.setattr(loader, "default_content_dir", lambda: broken)
    open_page(app, "training/quiz", "boss")
    assert not app.exception
    assert app.error[0].value == "测验内容有错误，暂时无法测验。请联系主管修正内容文件。"
    assert "blueprints.yaml:1:13" in app.code[0].value


def expire(app_db: str) -> None:
    """Move the deadline of the attempt in progress into the past (the server's clock decides)."""
    from datetime import UTC, timedelta

    from sqlalchemy import update

    from quizzes.tables import QuizAttempt

    svc = open_services(app_db)
    with svc.sessions.begin() as session:
        past = datetime.now(UTC) - timedelta(minutes=1)
        session.execute(
            update(QuizAttempt).where(QuizAttempt.status == "in_progress").values(deadline_at=past)
        )
    svc.engine.dispose()


def test_after_the_time_limit_an_answer_is_not_kept_and_the_quiz_is_handed_in(app, installed, app_db):
    open_page(app, "training/quiz")
    app.button(key="quiz_start_onboarding").click().run()
    view = attempt_in_progress(app_db)
    answer_shown(app, view, 0)
    expire(app_db)
    answer_shown(app, view, 1)  # the server's deadline has passed meanwhile
    assert not app.exception
    assert app.warning[0].value == "您正在做的测验已超过时间限制，系统已按保存的答案自动交卷。"
    assert "quiz_start_onboarding" not in [b.key for b in app.button]  # a failed attempt: wait a day
    app.switch_page("app_pages/training/results.py").run()
    assert app.warning[0].value == "超过时间限制，系统已按保存的答案自动交卷。"
    assert app.error[0].value.startswith("未通过：得分 3%（答对 1/33 题）")
