"""When a rule counts as trained, and which months are before and after it."""

from datetime import UTC, datetime

from quizzes.training_effect import rule_effect, shift, training_month, window


def test_months_shift_across_the_new_year():
    assert (shift("2026-11", 3), shift("2026-02", -3), shift("2026-12", 0)) == (
        "2027-02",
        "2025-11",
        "2026-12",
    )


def test_the_training_month_is_the_first_pass_in_the_centres_own_time_zone():
    passes = [datetime(2026, 12, 3, tzinfo=UTC), datetime(2026, 10, 31, 16, 30, tzinfo=UTC)]
    assert training_month(passes, "Asia/Shanghai") == "2026-11"  # 00:30 on 1 November there
    assert training_month(passes, "Europe/London") == "2026-10"
    assert training_month([], "Asia/Shanghai") is None  # assigned but not passed: not trained


def test_the_window_runs_three_months_each_side_and_stops_at_this_month():
    assert window("2026-09", "2027-06") == [
        "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12",
    ]  # fmt: skip
    assert window("2026-09", "2026-10") == ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]


def test_the_training_month_counts_neither_before_nor_after():
    complaints = {"2026-07": 2, "2026-09": 5, "2026-10": 1, "2027-01": 9}
    slips = {"2026-06": 1, "2026-09": 3, "2026-12": 2, "2026-05": 7}
    effect = rule_effect("address.no_wei_or_ai", "2026-09", "2027-03", complaints, slips)
    assert (effect.complaints_before, effect.slips_before) == (2, 1)  # May and January lie outside
    assert (effect.complaints_after, effect.slips_after, effect.months_after) == (1, 2, 3)
    assert [(m.offset, m.complaints, m.slips) for m in effect.months][3] == (0, 5, 3)  # shown, not counted


def test_months_after_that_have_not_begun_are_not_counted_as_quiet():
    effect = rule_effect("phone.answer", "2026-11", "2026-11", {}, {"2026-11": 1})
    assert effect.months_after == 0 and [m.period for m in effect.months][-1] == "2026-11"
