"""Item 27 (电话铃声三声接起) read from the phone system's own records: the ring-time rule as a table."""

from datetime import UTC, datetime

import pytest

from checklists.calls.loader import CallSettingsInvalid, load_call_settings
from checklists.calls.records import ASTERISK, FREESWITCH, HEADER, parse_calls
from checklists.calls.rings import percentile, within_rings
from checklists.calls.settings import DEFAULT_CALL_SETTINGS

TZ = "Asia/Shanghai"
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
LIMIT = DEFAULT_CALL_SETTINGS.limit_seconds


def asterisk(start, answer, end, duration, billsec, disposition, uniqueid="1764550000.1", dst="8001"):
    return (
        f'"","13812345678","{dst}","from-trunk","""Li"" <13812345678>","SIP/trunk-00000001",'
        f'"SIP/{dst}-00000002","Dial","SIP/{dst},30","{start}","{answer}","{end}",{duration},{billsec},'
        f'"{disposition}","DOCUMENTATION","{uniqueid}",""'
    )


def freeswitch(start, answer, end, duration, billsec, cause, uuid="a1b2", dst="8002"):
    return (
        f'"Li","13812345678","{dst}","default","{start}","{answer}","{end}","{duration}","{billsec}",'
        f'"{cause}","{uuid}","","","PCMA","PCMA"'
    )


@pytest.mark.parametrize(
    ("ring", "within"),
    [(14, True), (15, False), (16, False), (0, True), (None, False)],
    ids=["14s-within", "15s-fourth-ring", "16s-late", "at-once", "missed"],
)
def test_a_call_is_within_three_rings_only_when_picked_up_before_15_seconds(ring, within):
    assert within_rings(ring, LIMIT) is within


def test_three_rings_are_three_five_second_cycles_by_default():
    assert (DEFAULT_CALL_SETTINGS.rings, DEFAULT_CALL_SETTINGS.ring_cycle_seconds, LIMIT) == (3, 5, 15)


@pytest.mark.parametrize(
    ("answer", "disposition", "answered", "ring"),
    [
        ("2026-11-03 09:15:14", "ANSWERED", True, 14.0),
        ("2026-11-03 09:15:15", "ANSWERED", True, 15.0),
        ("2026-11-03 09:15:16", "ANSWERED", True, 16.0),
        ("", "NO ANSWER", False, None),
        ("", "BUSY", False, None),
        ("", "FAILED", False, None),
    ],
)
def test_asterisk_ring_time_is_answer_minus_start(answer, disposition, answered, ring):
    billsec = 60 if answered else 0
    row = asterisk("2026-11-03 09:15:00", answer, "2026-11-03 09:17:00", 120, billsec, disposition)
    layout, calls, errors = parse_calls(row, TZ, NOW)
    assert (layout, errors) == (ASTERISK, [])
    assert (calls[0].answered, calls[0].ring_seconds, calls[0].extension) == (answered, ring, "8001")
    assert calls[0].disposition == {"NO ANSWER": "no_answer"}.get(disposition, disposition.lower())


def test_without_an_answer_time_ring_time_is_duration_minus_billsec():
    row = asterisk("2026-11-03 09:15:00", "", "2026-11-03 09:16:00", 60, 46, "ANSWERED")
    assert parse_calls(row, TZ, NOW)[1][0].ring_seconds == 14.0


@pytest.mark.parametrize(
    ("answer", "billsec", "cause", "answered", "disposition", "ring"),
    [
        ("2026-11-03 09:15:14", 46, "NORMAL_CLEARING", True, "answered", 14.0),
        ("2026-11-03 09:15:16", 44, "NORMAL_CLEARING", True, "answered", 16.0),
        ("", 0, "NO_ANSWER", False, "no_answer", None),
        ("", 0, "ORIGINATOR_CANCEL", False, "no_answer", None),
        ("", 0, "USER_BUSY", False, "busy", None),
        ("", 0, "NORMAL_CLEARING", False, "no_answer", None),
    ],
)
def test_freeswitch_has_no_disposition_talk_time_says_answered(
    answer, billsec, cause, answered, disposition, ring
):
    row = freeswitch("2026-11-03 09:15:00", answer, "2026-11-03 09:16:00", 60, billsec, cause)
    layout, calls, errors = parse_calls(row, TZ, NOW)
    assert (layout, errors) == (FREESWITCH, [])
    assert (calls[0].answered, calls[0].disposition, calls[0].ring_seconds) == (answered, disposition, ring)
    assert calls[0].key == "fs:a1b2"


def test_local_times_are_the_centres_and_kept_in_utc():
    row = asterisk("2026-11-01 00:05:00", "2026-11-01 00:05:10", "2026-11-01 00:06:00", 60, 50, "ANSWERED")
    assert parse_calls(row, TZ, NOW)[1][0].started_at == datetime(2026, 10, 31, 16, 5, tzinfo=UTC)


def test_a_headed_csv_names_its_columns_in_english_or_chinese():
    text = (
        "开始时间,接听时间,结束时间,分机,状态\n"
        "2026-11-03 09:15:00,2026-11-03 09:15:09,2026-11-03 09:17:00,8003,已接\n"
        "2026-11-03 10:00:00,,2026-11-03 10:00:30,8003,未接\n"
    )
    layout, calls, errors = parse_calls(text, TZ, NOW)
    assert (layout, errors) == (HEADER, [])
    assert [(c.answered, c.ring_seconds) for c in calls] == [(True, 9.0), (False, None)]


def test_bad_rows_are_named_by_their_line_and_field():
    text = (
        "start,answer,end,extension,disposition\n"
        "2026-11-03 09:15:00,2026-11-03 09:15:09,2026-11-03 09:17:00,8003,answered\n"
        "2026-11-03 25:00,,,8003,no answer\n"
        "2026-11-03 09:15:00,2026-11-03 09:14:00,,8003,answered\n"
        "2026-11-03 09:15:00,,,,busy\n"
        "2026-11-03 09:15:00,,,8003,maybe\n"
    )
    _, _, errors = parse_calls(text, TZ, NOW)
    assert [(e.row, e.field, e.error.key.removeprefix("checks.calls.error.")) for e in errors] == [
        (3, "start", "time_invalid"),
        (4, "answer", "answer_before_start"),
        (5, "extension", "extension_required"),
        (6, "disposition", "disposition_unknown"),
    ]


def test_a_file_of_unknown_shape_is_refused_as_a_whole():
    _, calls, errors = parse_calls("a,b,c\n1,2,3\n", TZ, NOW)
    assert calls == [] and [e.error.key for e in errors] == ["checks.calls.error.unknown_layout"]


def test_the_same_call_twice_in_one_file_counts_once():
    row = asterisk("2026-11-03 09:15:00", "2026-11-03 09:15:05", "2026-11-03 09:16:00", 60, 55, "ANSWERED")
    assert len(parse_calls(f"{row}\n{row}\n", TZ, NOW)[1]) == 1


def test_percentiles_interpolate_between_ranks():
    assert percentile([4, 1, 3, 2], 0.5) == 2.5
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) == pytest.approx(9.1)
    assert percentile([], 0.5) is None


def test_the_shipped_call_settings_are_valid():
    from checklists.calls.loader import default_calls_path

    assert load_call_settings(default_calls_path()) == DEFAULT_CALL_SETTINGS


def test_a_wrong_setting_is_reported_at_its_file_line(tmp_path):
    path = tmp_path / "calls.yaml"
    path.write_text("rings: 3\nring_cycle_seconds: five\ntarget_rate: 1.0\nrule_id: phone.three_rings\n")
    with pytest.raises(CallSettingsInvalid) as caught:
        load_call_settings(path)
    error = caught.value.errors[0]
    assert (error.line, error.column) == (2, 21)
    assert "ring_cycle_seconds" in error.format("en")
