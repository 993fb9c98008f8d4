"""Manager pages through AppTest: opening an account, refusing a duplicate, a broken database."""

from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, login


def open_account_as_manager(app, username: str, password: str = "welcome-2026"):
    """The manager fills in the users page's new-account form and submits it."""
    login(app, "boss")
    app.switch_page("app_pages/admin/users.py").run()
    app.text_input(key="new_username").input(username)
    app.text_input(key="new_display_name").input("李小红")
    app.text_input(key="new_password").input(password)
    next(b for b in app.button if b.label == "创建账户").click()
    return app.run()


def test_manager_opens_an_account_through_the_form(app, installed):
    open_account_as_manager(app, "xiaohong")
    assert not app.exception
    assert app.success[0].value == "账户 xiaohong 已创建。"
    assert "xiaohong" in list(app.dataframe[0].value["用户名"])


def test_a_taken_username_is_refused_on_the_form(app, installed):
    open_account_as_manager(app, "xiaoli")
    assert app.error[0].value == "用户名：用户名 xiaoli 已被使用，请换一个。"


def test_a_short_password_is_refused_on_the_form(app, installed):
    open_account_as_manager(app, "xiaohong", password="123")
    assert app.error[0].value == "密码：密码至少需要 8 个字符。"


def test_an_unreachable_database_gives_a_clear_message_not_a_traceback(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/nowhere")
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not at.exception
    assert at.title[0].value == "无法打开数据库"
    assert "postgresql+psycopg://nobody@127.0.0.1:1/nowhere" in at.error[0].value
    assert "DATABASE_URL" in at.info[0].value
