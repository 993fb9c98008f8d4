"""The dashboards through AppTest: data appears, filters narrow it, empty ranges say so."""

import json
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from checklists.shifts import Kind
from dashboards.compliance_figures import FILTERS, OBEYS
from rules.loader import default_rulebook
from services import open_services
from tests.app.conftest import log_repair_and_complaint, login
from tests.integration.helpers import PASSWORD, right


@pytest.fixture
def with_requests(installed, app_db):
    log_repair_and_complaint(app_db)


def open_dashboard(app, page):
    login(app, "boss")
    return app.switch_page(f"app_pages/{page}.py").run()


def test_the_service_dashboard_shows_this_years_requests(app, with_requests):
    open_dashboard(app, "dashboards/service")
    assert not app.exception
    assert app.title[0].value == "服务看板"
    assert len(app.get("plotly_chart")) >= 4
    downloads = [d.label for d in app.get("download_button")]
    assert "Excel" in downloads and any(label.startswith("下载") for label in downloads)


def test_a_category_filter_with_no_requests_says_so(app, with_requests):
    open_dashboard(app, "dashboards/service")
    app.selectbox(key="svc_category").set_value("parking").run()
    assert app.info[0].value.startswith("所选范围内没有数据")
    assert len(app.get("plotly_chart")) == 0


def test_switching_the_kpi_redraws_its_trend(app, with_requests):
    open_dashboard(app, "dashboards/service")
    app.selectbox(key="svc_rate").set_value("satisfaction_rate").run()
    assert any("满意率 =" in c.value for c in app.caption)


def test_the_compliance_dashboard_opens_with_an_empty_range_message(app, installed):
    open_dashboard(app, "dashboards/compliance")
    assert not app.exception
    assert app.title[0].value == "合规看板"
    hints = [i.value for i in app.info if i.value.startswith("所选范围内没有数据")]
    assert len(hints) == 1  # the hint for a new installation, once for the page
    # An empty figure just says so, by its title; a section with nothing at all says so once.
    assert any(i.value == "最常不合格的项目：所选筛选条件下没有数据。" for i in app.info)
    infos = [i.value for i in app.info]
    assert "所选筛选条件下没有数据。" in infos  # the mystery calls: both figures empty, said once
    assert all(one != next_ for one, next_ in pairwise(infos))


def test_an_empty_compliance_dashboard_says_nothing_twice(app, installed):
    open_dashboard(app, "dashboards/compliance")
    captions = [c.value for c in app.caption]
    assert len(captions) == len(set(captions))
    assert not any(c.startswith("本图及其下载随筛选") for c in captions)  # that goes into each workbook


def test_staff_have_no_dashboards(app, installed):
    login(app, "xiaoli")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("app_pages/dashboards/service.py")


# --- the compliance dashboard: every filter changes every figure that says it follows it -----------


class At:
    """A clock for setting up past shifts; the app itself runs on the real clock."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def checked_shifts(installed, app_db):
    """Two sites. At the first, Xiaoli (two morning shifts: 10 and 3 days ago, a failed item in each,
    one end check missed) and Xiaozhang (3 days ago); at the second, Laozhou (3 days ago). The manager
    spot-checks each of them and makes a mystery call to each (Xiaoli's 10 days ago, after which she
    practises a rule it assigned), and each has calls this month, so every chart has something for
    every person."""
    clock = At()
    svc = open_services(app_db, clock)
    manager = svc.accounts.authenticate("boss", PASSWORD)
    other = svc.sites.create_site(manager, name="翠湖服务中心", timezone=ZONE)
    manager = svc.accounts.actor_for_user(manager.user_id)
    first = min(manager.site_ids - {other.id})
    people = {}
    for username, site in (("xiaoli", first), ("xiaozhang", first), ("laozhou", other.id)):
        if username != "xiaoli":
            svc.accounts.create_user(
                manager,
                username=username,
                display_name=username.title(),
                gender="male",
                role="staff",
                site_ids=[site],
                password=PASSWORD,
            )
        people[username] = (svc.accounts.authenticate(username, PASSWORD), site)
    today = datetime.now(ZoneInfo(ZONE)).date()

    def check(username, days_ago, kind, fail=None, spot=False):
        person, _ = people[username]
        day = today - timedelta(days=days_ago)
        hour = 7 if kind == "start" else 15
        clock.now = datetime.combine(day, time(hour, 5), tzinfo=ZoneInfo(ZONE)).astimezone(UTC)
        items = svc.checks.today(person, RULEBOOK).items[Kind(kind)]
        answers = {i.rule_id: "fail" if i.rule_id == fail else "pass" for i in items}
        form = dict(
            shift_date=day,
            shift_id="morning",
            kind=kind,
            answers=answers,
            notes={fail: "没做到"} if fail else {},
        )
        if spot:
            svc.spot_checks.spot_check(manager, RULEBOOK, user_id=person.user_id, **form)
        else:
            svc.checks.submit(person, RULEBOOK, **form)

    for username, days_ago in (("xiaoli", 10), ("xiaoli", 3), ("xiaozhang", 3), ("laozhou", 3)):
        person, site = people[username]
        day = today - timedelta(days=days_ago)
        svc.roster.assign(manager, site, user_id=person.user_id, shift_date=day, shift_id="morning")
    check("xiaoli", 10, "start")
    check("xiaoli", 10, "start", fail=BADGE, spot=True)
    check("xiaoli", 10, "end", fail=POWER)
    check("xiaoli", 3, "start", fail=BADGE)
    check("xiaoli", 3, "start", spot=True)
    check("xiaozhang", 3, "start", fail=UNKEMPT)
    check("xiaozhang", 3, "start", fail=BADGE, spot=True)
    check("xiaozhang", 3, "end")
    check("laozhou", 3, "start", fail=ALCOHOL)
    check("laozhou", 3, "start", spot=True)
    check("laozhou", 3, "end")
    coaching(svc, clock, manager, people, today)
    svc.engine.dispose()
    return people


def coaching(svc, clock, manager, people, today):
    """A mystery call on each person, Xiaoli's practice on a rule it assigned, and this month's calls."""
    for username, days_ago, said in (
        ("xiaoli", 10, "喂，找谁？"),
        ("xiaozhang", 3, "喂"),
        ("laozhou", 3, "找谁"),
    ):
        person, site = people[username]
        clock.now = datetime.now(UTC)
        observed = datetime.combine(today - timedelta(days=days_ago), time(10), tzinfo=ZoneInfo(ZONE))
        said_at = dict(observed_at=observed, rings=1, said=said, default_scenario="phone.answer")
        svc.audits.record(manager, RULEBOOK, site_id=site, user_id=person.user_id, channel="phone", **said_at)
    xiaoli = people["xiaoli"][0]
    item = svc.quizzes.practice_next(xiaoli, RULEBOOK)
    svc.quizzes.practice_answer(xiaoli, RULEBOOK, item.question.id, right(item.question))
    month = today.strftime("%Y-%m")
    for username, extension, rings in (("xiaoli", "8001", (20, 5)), ("xiaozhang", "8002", (5,)),
                                       ("laozhou", "8101", (8, 18, 3))):  # fmt: skip
        person, site = people[username]
        svc.calls.set_extension(
            manager, site, extension, person.user_id, since=datetime(2020, 1, 1, tzinfo=UTC)
        )
        rows = [f"{month}-01 00:3{i},{month}-01 00:3{i}:{r:02d},,{extension},answered,{extension}-{i}"
                for i, r in enumerate(rings)]  # fmt: skip
        svc.calls.import_text(site, "start,answer,end,extension,disposition,id\n" + "\n".join(rows), "c.csv")


ZONE = "Asia/Shanghai"
RULEBOOK = default_rulebook()
BADGE, ALCOHOL = "dress.badge_on_left_chest", "before_shift.no_alcohol"
POWER, UNKEMPT = "end_of_shift.power_off", "grooming.not_unkempt"


def shown(app) -> dict[str, object]:
    """Every figure on the compliance dashboard by name: chart specs, the headline, the people table."""
    found: dict[str, object] = {
        chart.proto.id.rsplit("-chart_", 1)[1]: chart.proto.spec for chart in app.get("plotly_chart")
    }
    found["headline"] = tuple(m.value for m in app.metric[:4])  # the shift checks' four
    found["check_people"] = app.dataframe[0].value.to_json() if app.dataframe else None
    return found


# Selectboxes take the value behind the label: a site id, a user id.
FILTER_CHANGES = {
    "dates": lambda app, _: app.date_input(key="cmp_from").set_value(date.today() - timedelta(days=5)),
    "sites": lambda app, people: app.selectbox(key="cmp_site").set_value(people["xiaoli"][1]),
    "person": lambda app, people: app.selectbox(key="cmp_person").set_value(people["xiaoli"][0].user_id),
}


@pytest.mark.parametrize("name", FILTERS)
def test_each_compliance_filter_changes_every_figure_that_says_it_follows_it(app, checked_shifts, name):
    open_dashboard(app, "dashboards/compliance")
    assert not app.exception
    before = shown(app)
    FILTER_CHANGES[name](app, checked_shifts).run()
    assert not app.exception
    after = shown(app)
    claimed = [figure for figure, obeyed in OBEYS.items() if name in obeyed]
    compared = [f for f in claimed if f in before or f in after]
    assert {"headline", "shift_completion", "failures_heatmap", "most_failed_items", "self_vs_spot"} <= set(
        compared
    )
    coaching = {"audits", "audit_rules", "three_rings", "training_effect"}
    assert {f for f in coaching if name in OBEYS[f]} <= set(compared)
    unchanged = [f for f in compared if before.get(f) == after.get(f)]
    assert unchanged == []


def test_one_staff_member_makes_the_headline_theirs_and_the_page_says_so_once(app, checked_shifts):
    open_dashboard(app, "dashboards/compliance")
    FILTER_CHANGES["person"](app, checked_shifts).run()
    completion, _, missed, _ = (m.value for m in app.metric[:4])
    assert (completion, missed) == ("75%", "1")  # 3 of her 4 checks; the end check 3 days ago missed
    assert list(app.dataframe[0].value["员工"]) == ["Xiaoli"]
    scope = [c.value for c in app.caption if c.value.startswith("本页每个图表、数字和下载都随筛选")]
    assert len(scope) == 1 and "员工（Xiaoli）" in scope[0]
    assert not any(c.value.startswith("本图及其下载随筛选") for c in app.caption)


def test_only_the_figures_that_ignore_a_filter_note_it(app, checked_shifts):
    open_dashboard(app, "dashboards/compliance")
    notes = [c.value for c in app.caption if c.value.startswith("不随")]
    ignoring = [f for f, obeyed in OBEYS.items() if set(FILTERS) - set(obeyed)]
    assert len(notes) == len(set(notes)) == len(ignoring)
    assert "不随日期：证书状态以今天为准，与日期无关。" in notes


def test_the_chinese_compliance_dashboard_shows_no_code(app, checked_shifts):
    open_dashboard(app, "dashboards/compliance")
    heatmap = next(c for c in app.get("plotly_chart") if c.proto.id.endswith("-chart_failures_heatmap"))
    axis = set(json.loads(heatmap.proto.spec)["data"][0]["x"])
    assert axis and not axis & {"before_shift", "dress", "grooming", "end_of_shift"}
    tables = " ".join(frame.value.to_string() for frame in app.dataframe)
    assert "None" not in tables and "_" not in tables
