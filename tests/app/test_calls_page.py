"""The calls page through AppTest: a manager maps an extension to a staff member, reads the month of
imported calls per person, and assigns the three-ring practice to whoever is below target."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from services import open_services
from tests.app.conftest import login


def import_calls(app_db, rows):
    svc = open_services(app_db)
    site_id = svc.sites.my_sites(svc.accounts.authenticate("boss", "correct-horse-1"))[0].id
    now = datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai"))  # the app runs on the real clock
    month = now.strftime("%Y-%m")
    text = "start,answer,end,extension,disposition,id\n" + "".join(
        f"{month}-01 09:{i:02d}:00,{month}-01 09:{i:02d}:{ring:02d},,8001,answered,c{i}\n"
        for i, ring in enumerate(rows)
    )
    svc.calls.import_text(site_id, text, "calls.csv")
    svc.engine.dispose()


def press(app, key):
    app.button(key=key).click()
    return app.run()


def test_a_manager_maps_an_extension_reads_the_month_and_assigns_practice(app, installed, app_db):
    login(app, "boss")
    app.switch_page("app_pages/checks/calls.py").run()
    assert not app.exception
    app.text_input(key="calls_ext").input("8001")
    assert app.selectbox(key="calls_person").value is not None  # Xiaoli, the first staff member
    app.date_input(key="calls_since").set_value(datetime(2020, 1, 1).date())
    press(app, "calls_save")
    assert not app.exception
    assert any("8001" in s.value for s in app.success)

    import_calls(app_db, [20, 5])  # one late, one in time: half within three rings
    app.run()
    people = app.dataframe[0].value
    assert "Xiaoli" in people.iloc[:, 0].tolist()
    press(app, "calls_assign")
    assert any("已为 1 名员工安排练习" in s.value for s in app.success)
