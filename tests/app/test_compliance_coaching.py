"""The compliance dashboard's coaching figures through AppTest: the month's three-ring figures are those
of `python -m checklists calls stats --json`, and the effect of training is charted for the centre with
its definition beside it."""

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from checklists.cli import main
from rules.loader import default_rulebook
from services import open_services
from tests.app.conftest import login
from tests.integration.helpers import PASSWORD, right

ZONE = "Asia/Shanghai"


def this_month() -> str:
    return datetime.now(UTC).astimezone(ZoneInfo(ZONE)).strftime("%Y-%m")  # the app runs on the real clock


def open_compliance(app):
    login(app, "boss")
    return app.switch_page("app_pages/dashboards/compliance.py").run()


def frame_with(app, column: str):
    return next(f.value for f in app.dataframe if column in f.value.columns)


def test_the_three_ring_figures_on_the_dashboard_are_those_of_the_command_line(
    app, installed, app_db, capsys
):
    svc = open_services(app_db)
    manager = svc.accounts.authenticate("boss", PASSWORD)
    xiaoli = svc.accounts.authenticate("xiaoli", PASSWORD)
    site = min(manager.site_ids)
    svc.calls.set_extension(manager, site, "8001", xiaoli.user_id, since=datetime(2020, 1, 1, tzinfo=UTC))
    month = this_month()
    rows = [
        f"{month}-01 00:30:00,{month}-01 00:30:14,,8001,answered,a",  # 14 s: within three rings
        f"{month}-01 00:31:00,{month}-01 00:31:15,,8001,answered,b",  # 15 s: the fourth ring
        f"{month}-01 00:32:00,{month}-01 00:32:03,,8001,answered,c",
        f"{month}-01 00:33:00,,,8001,no answer,d",
        f"{month}-01 00:34:00,{month}-01 00:34:09,,8009,answered,e",  # nobody's extension
    ]
    svc.calls.import_text(site, "start,answer,end,extension,disposition,id\n" + "\n".join(rows), "c.csv")
    svc.engine.dispose()
    assert main(["calls", "stats", "--month", month, "--json"], {"LANG": "zh_CN.UTF-8"}) == 0
    cli = json.loads(capsys.readouterr().out)

    open_compliance(app)
    assert not app.exception
    table = frame_with(app, "三声内接起率")

    def shown(figures):
        rate, median, p90 = (
            figures[k] for k in ("within_rings_rate", "median_ring_seconds", "p90_ring_seconds")
        )
        return [
            figures["calls"], figures["answered"], figures["missed"], figures["within_rings"],
            "—" if rate is None else f"{rate:.1%}",
            "—" if median is None else f"{median:.1f}", "—" if p90 is None else f"{p90:.1f}",
        ]  # fmt: skip

    expected = [shown(cli["centre"]), *(shown(p) for p in cli["people"])]
    assert [list(row)[1:] for row in table.itertuples(index=False)] == expected
    assert list(table.iloc[:, 0]) == ["全中心", "Xiaoli", "（未登记分机）"]
    assert cli["centre"]["within_rings"] == 3 and cli["centre"]["calls"] == 5  # the data is not empty
    rate = next(m for m in app.metric if m.label == "三声内接起率")
    assert rate.value == f"{cli['centre']['within_rings_rate']:.1%}" and "个百分点" in rate.delta


def test_the_effect_of_training_is_charted_for_the_centre_with_what_training_means(app, installed, app_db):
    svc = open_services(app_db)
    manager = svc.accounts.authenticate("boss", PASSWORD)
    xiaoli = svc.accounts.authenticate("xiaoli", PASSWORD)
    rulebook = default_rulebook()
    svc.audits.record(
        manager, rulebook, site_id=min(manager.site_ids), user_id=xiaoli.user_id, channel="phone",
        observed_at=datetime.now(UTC), rings=1, said="喂，找谁？", default_scenario="phone.answer",
    )  # fmt: skip
    item = svc.quizzes.practice_next(xiaoli, rulebook)  # an assigned rule, due now
    svc.quizzes.practice_answer(xiaoli, rulebook, item.question.id, right(item.question))
    svc.engine.dispose()

    open_compliance(app)
    assert not app.exception
    chart = next(c for c in app.get("plotly_chart") if c.proto.id.endswith("-chart_training_effect"))
    spec = json.loads(chart.proto.spec)
    assert [trace["name"] for trace in spec["data"]] == ["有效投诉", "不合格项"]
    assert spec["data"][1]["x"][-1] == this_month() and spec["data"][1]["y"][-1] >= 1  # the audit's slip
    assert any(
        c.value.startswith("培训月份：本中心第一次有人完成该规范的安排练习的月份") for c in app.caption
    )
    effect = frame_with(app, "培训月份")
    assert this_month() in set(effect["培训月份"]) and set(effect["培训后已过月数"]) == {0}


def test_a_centre_with_no_training_yet_says_so(app, installed):
    open_compliance(app)
    assert not app.exception
    assert any(i.value == "本中心还没有完成过安排练习的规范。" for i in app.info)
