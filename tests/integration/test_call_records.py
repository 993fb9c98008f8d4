"""Call records of item 27 in the database: imports are all or nothing, re-imports add nothing,
a month is the site's own month, and calls belong to whoever had the extension when they rang."""

import json
from datetime import UTC, datetime

import pytest

from checklists.calls.tables import PhoneCall
from checklists.cli import main
from core.errors import ValidationFailed
from core.imports import ImportRefused
from tests.integration.helpers import add_user, first_manager

HEADER = "start,answer,end,extension,disposition,id"


def call(n, start, answer, ext="8001", disposition=None):
    disposition = disposition or ("answered" if answer else "no answer")
    return f"{start},{answer},,{ext},{disposition},c{n}"


NOVEMBER = [
    call(1, "2026-11-03 09:15:00", "2026-11-03 09:15:14"),  # 14 s: within three rings
    call(2, "2026-11-03 09:20:00", "2026-11-03 09:20:15"),  # 15 s: the fourth ring had begun
    call(3, "2026-11-03 09:30:00", "2026-11-03 09:30:16"),  # 16 s
    call(4, "2026-11-03 09:40:00", ""),  # missed
    call(5, "2026-11-03 09:50:00", "", disposition="busy"),
    call(6, "2026-11-01 00:05:00", "2026-11-01 00:05:04", ext="8002"),  # 16:05 UTC on 31 October
    call(7, "2026-10-31 23:55:00", "2026-10-31 23:55:03", ext="8002"),  # October
]


def text(rows):
    return "\n".join([HEADER, *rows]) + "\n"


@pytest.fixture
def centre(services):
    manager = first_manager(services)
    return services, manager, min(manager.site_ids)


def test_a_month_sums_calls_per_extension_and_for_the_centre_in_the_sites_zone(centre):
    services, _, site_id = centre
    assert services.calls.import_text(site_id, text(NOVEMBER), "nov.csv").added == 7
    stats = services.calls.month_unchecked("2026-11", [site_id])
    c = stats.centre
    assert (c.calls, c.answered, c.missed, c.within_rings) == (6, 4, 2, 2)
    assert c.within_rings_rate == 0.5
    assert c.median_ring_seconds == 14.5  # of 4, 14, 15, 16
    by_ext = {line.label: line.figures for line in stats.extensions}
    assert (by_ext["8001"].calls, by_ext["8001"].within_rings) == (5, 1)
    assert by_ext["8002"].calls == 1  # the 00:05 call on 1 November; 23:55 on 31 October is not
    october = services.calls.month_unchecked("2026-10", [site_id]).centre
    assert (october.calls, october.within_rings) == (1, 1)


def test_a_month_with_no_answered_call_has_no_rate(centre):
    services, _, site_id = centre
    services.calls.import_text(site_id, text([NOVEMBER[3]]), "x.csv")
    c = services.calls.month_unchecked("2026-11", [site_id]).centre
    assert (c.calls, c.answered, c.within_rings_rate, c.median_ring_seconds) == (1, 0, None, None)


def test_a_bad_row_imports_nothing(centre):
    services, _, site_id = centre
    rows = [*NOVEMBER[:3], "2026-11-03 99:00,,,8001,answered,c9"]
    with pytest.raises(ImportRefused) as caught:
        services.calls.import_text(site_id, text(rows), "bad.csv")
    assert [(e.row, e.field) for e in caught.value.problems] == [(5, "start")]
    with services.sessions() as session:
        assert session.query(PhoneCall).count() == 0


def test_the_same_export_is_refused_a_second_time_and_adds_nothing_when_asked_again(centre):
    services, _, site_id = centre
    services.calls.import_text(site_id, text(NOVEMBER), "nov.csv")
    with pytest.raises(ValidationFailed) as refused:
        services.calls.import_text(site_id, text(NOVEMBER), "nov-copy.csv")
    assert refused.value.key == "import.error.already_imported"
    again = services.calls.import_text(site_id, text(NOVEMBER), "nov.csv", again=True)
    assert (again.rows, again.added) == (7, 0)


def test_an_export_overlapping_an_earlier_one_adds_only_the_new_calls(centre):
    services, _, site_id = centre
    services.calls.import_text(site_id, text(NOVEMBER[:4]), "first.csv")
    later = services.calls.import_text(site_id, text(NOVEMBER), "second.csv")
    assert (later.rows, later.added) == (7, 3)
    assert services.calls.month_unchecked("2026-11", [site_id]).centre.calls == 6


def test_calls_belong_to_whoever_had_the_extension_when_they_rang(centre, clock):
    services, manager, site_id = centre
    li = add_user(services, manager, "xiaoli", "staff")
    zhang = add_user(services, manager, "xiaozhang", "staff")
    services.calls.set_extension(
        manager, site_id, "8001", li.user_id, since=datetime(2026, 11, 1, tzinfo=UTC)
    )
    services.calls.set_extension(
        manager, site_id, "8001", zhang.user_id, since=datetime(2026, 11, 3, 1, 25, tzinfo=UTC)
    )  # from 09:25 local: calls 3, 4, 5 are Zhang's
    services.calls.import_text(site_id, text(NOVEMBER), "nov.csv")
    people = {
        line.user_id: line.figures for line in services.calls.month_unchecked("2026-11", [site_id]).people
    }
    assert (people[li.user_id].calls, people[li.user_id].within_rings) == (2, 1)
    assert (people[zhang.user_id].calls, people[zhang.user_id].missed) == (3, 2)
    assert people[None].calls == 1  # 8002 is nobody's
    assert [(e.extension, e.user_id) for e in services.calls.extensions(manager, site_id)] == [
        ("8001", zhang.user_id)
    ]


def test_only_a_manager_maps_extensions(centre):
    from core.errors import PermissionDenied

    services, manager, site_id = centre
    li = add_user(services, manager, "xiaoli", "staff")
    with pytest.raises(PermissionDenied):
        services.calls.set_extension(li, site_id, "8001", li.user_id)


def test_the_dashboards_month_of_several_sites_is_the_command_lines_and_a_manager_reads_only_theirs(centre):
    from core.errors import PermissionDenied

    services, manager, site_id = centre
    other = services.sites.create_site(manager, name="翠湖服务中心", timezone="Asia/Shanghai")
    services.calls.import_text(other.id, text([NOVEMBER[0], NOVEMBER[3]]), "cuihu.csv")
    services.calls.import_text(site_id, text(NOVEMBER), "nov.csv")
    manager = services.accounts.actor_for_user(manager.user_id)
    both = services.calls.month_of_sites(manager, "2026-11", {site_id, other.id})
    assert both == services.calls.month_unchecked("2026-11", {site_id, other.id})
    assert (both.centre.calls, both.centre.within_rings) == (8, 3)
    li = add_user(services, manager, "xiaoli", "staff")
    with pytest.raises(PermissionDenied):
        services.calls.month_of_sites(li, "2026-11", {site_id})


@pytest.fixture
def env(db_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    return {"LANG": "en_US.UTF-8"}


ASTERISK_ROWS = (
    '"","13812345678","8001","from-trunk","","SIP/trunk-1","SIP/8001-2","Dial","","2026-11-03 09:15:00",'
    '"2026-11-03 09:15:14","2026-11-03 09:16:00",60,46,"ANSWERED","DOCUMENTATION","1764550000.1",""\n'
    '"","13900001111","8001","from-trunk","","SIP/trunk-3","SIP/8001-4","Dial","","2026-11-03 09:20:00",'
    '"","2026-11-03 09:20:30",30,0,"NO ANSWER","DOCUMENTATION","1764550000.2",""\n'
)


def test_the_command_line_imports_asterisk_records_and_prints_the_month(tmp_path, env, capsys):
    path = tmp_path / "Master.csv"
    path.write_text(ASTERISK_ROWS, encoding="utf-8")
    assert main(["calls", "import", str(path), "--site", "阳光花园服务中心"], env) == 0
    assert "2 calls" in capsys.readouterr().out
    assert main(["calls", "import", str(path)], env) == 1
    assert "add --again" in capsys.readouterr().err
    assert main(["calls", "import", str(path), "--again"], env) == 0
    assert "0 new" in capsys.readouterr().out
    assert main(["calls", "stats", "--month", "2026-11", "--json"], env) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["centre"]["calls"] == 2 and data["centre"]["within_rings_rate"] == 1.0
    assert data["extensions"][0]["label"] == "8001"
    assert main(["calls", "stats", "--month", "2026-11"], env) == 0
    assert "within three rings 1 (100.0%)" in capsys.readouterr().out


def test_the_command_line_names_each_bad_row_and_imports_nothing(tmp_path, env, capsys):
    path = tmp_path / "calls.csv"
    path.write_text(text([NOVEMBER[0], "2026-11-03 09:15:00,,,8001,perhaps,c2"]), encoding="utf-8")
    assert main(["calls", "import", str(path)], env) == 1
    err = capsys.readouterr().err
    assert "row 3: disposition: Unknown disposition 'perhaps'" in err
    assert "no calls were imported" in err


def test_the_command_line_assigns_practice_to_people_below_target(tmp_path, env, capsys, db_url):
    from services import open_services

    svc = open_services(db_url)
    manager = first_manager(svc)
    staff = add_user(svc, manager, "xiaoli", "staff")
    site_id = min(manager.site_ids)
    svc.calls.set_extension(manager, site_id, "8001", staff.user_id, since=datetime(2026, 10, 1, tzinfo=UTC))
    svc.engine.dispose()
    path = tmp_path / "calls.csv"
    path.write_text(text([NOVEMBER[2]]), encoding="utf-8")  # answered after 16 s
    assert main(["calls", "import", str(path)], env) == 0
    assert main(["calls", "stats", "--month", "2026-11", "--assign"], env) == 0
    assert "assigned to 1 person" in capsys.readouterr().out
    assert main(["calls", "stats", "--month", "2026-11", "--assign"], env) == 0
    assert "assigned to 0 person" in capsys.readouterr().out
