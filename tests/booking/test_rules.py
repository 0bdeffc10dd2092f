"""The availability rules format: validation names the wrong field; staff rules win."""

from datetime import date

import pytest

from booking.rules import RulesError, effective_rules, validate


def errors_of(data) -> list[str]:
    with pytest.raises(RulesError) as info:
        validate(data)
    return info.value.errors


def test_valid_full_document_is_accepted():
    data = {
        "weekly": {
            "mon": [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "17:00"}],
            "sun": [],
        },
        "overrides": {"2026-12-24": [{"start": "09:00", "end": "12:00"}], "2026-12-31": []},
        "holidays": ["2026-12-25"],
        "buffer_before": 5,
        "buffer_after": 10,
        "min_notice": 120,
        "max_days_ahead": 30,
        "slot_interval": 15,
        "max_bookings_per_day": 8,
    }
    assert validate(data) == data


def test_range_ending_before_start_names_the_range():
    data = {"weekly": {"mon": [{"start": "09:00", "end": "12:00"}, {"start": "14:00", "end": "13:00"}]}}
    assert errors_of(data) == ["weekly.mon[1].end: must be after start"]


def test_overlapping_ranges_are_refused():
    data = {"weekly": {"tue": [{"start": "09:00", "end": "12:00"}, {"start": "11:00", "end": "13:00"}]}}
    assert errors_of(data) == ["weekly.tue[1]: overlaps weekly.tue[0]"]


def test_bad_time_format_is_refused():
    assert errors_of({"weekly": {"mon": [{"start": "9", "end": "12:00"}]}}) == [
        'weekly.mon[0].start: must be a time "HH:MM"'
    ]


def test_impossible_time_is_refused():
    assert errors_of({"weekly": {"mon": [{"start": "09:00", "end": "25:00"}]}}) == [
        "weekly.mon[0].end: 25:00 is not a valid time"
    ]


def test_end_of_day_24_00_is_allowed():
    assert validate({"weekly": {"fri": [{"start": "20:00", "end": "24:00"}]}})


def test_unknown_weekday_is_refused():
    assert errors_of({"weekly": {"monday": []}})[0].startswith("weekly.monday: unknown weekday")


def test_unknown_top_level_field_is_refused():
    assert errors_of({"bufer_after": 5}) == ["bufer_after: unknown field"]


def test_missing_end_is_refused():
    assert errors_of({"weekly": {"mon": [{"start": "09:00"}]}}) == ["weekly.mon[0].end: is required"]


def test_bad_override_date_is_refused():
    assert errors_of({"overrides": {"2026-13-01": []}}) == [
        'overrides.2026-13-01: must be a date "YYYY-MM-DD"'
    ]


def test_bad_holiday_is_refused():
    assert errors_of({"holidays": ["2026-12-25", "christmas"]}) == [
        'holidays[1]: must be a date "YYYY-MM-DD"'
    ]


def test_negative_buffer_is_refused():
    assert errors_of({"buffer_after": -5}) == ["buffer_after: must be between 0 and 480"]


def test_boolean_is_not_a_number():
    assert errors_of({"min_notice": True}) == ["min_notice: must be a whole number"]


def test_slot_interval_may_be_null():
    assert validate({"slot_interval": None, "max_bookings_per_day": None})


def test_non_object_document_is_refused():
    assert errors_of([1, 2]) == ["rules: must be a JSON object"]


def test_defaults_are_weekdays_nine_to_five():
    rules = effective_rules(None, None)
    assert rules.ranges_for(date(2026, 6, 1)) == ((540, 1020),)  # Monday
    assert rules.ranges_for(date(2026, 6, 6)) == ()  # Saturday


def test_staff_rules_win_over_account_rules():
    account = {"weekly": {"mon": [{"start": "08:00", "end": "16:00"}]}, "buffer_after": 10}
    staff = {"weekly": {"mon": [{"start": "12:00", "end": "20:00"}]}}
    rules = effective_rules(account, staff)
    assert rules.ranges_for(date(2026, 6, 1)) == ((720, 1200),)
    assert rules.buffer_after == 10  # not set by staff: the account's value stays


def test_partial_weekly_closes_the_other_days():
    rules = effective_rules({"weekly": {"wed": [{"start": "10:00", "end": "11:00"}]}})
    assert rules.ranges_for(date(2026, 6, 1)) == ()
    assert rules.ranges_for(date(2026, 6, 3)) == ((600, 660),)


def test_overrides_merge_per_date_and_holidays_union():
    account = {"overrides": {"2026-06-01": [], "2026-06-02": []}, "holidays": ["2026-06-03"]}
    staff = {"overrides": {"2026-06-01": [{"start": "10:00", "end": "12:00"}]}, "holidays": ["2026-06-04"]}
    rules = effective_rules(account, staff)
    assert rules.ranges_for(date(2026, 6, 1)) == ((600, 720),)
    assert rules.ranges_for(date(2026, 6, 2)) == ()
    assert rules.holidays == {date(2026, 6, 3), date(2026, 6, 4)}


def test_holiday_beats_an_override():
    rules = effective_rules(
        {"overrides": {"2026-06-01": [{"start": "10:00", "end": "12:00"}]}, "holidays": ["2026-06-01"]}
    )
    assert rules.ranges_for(date(2026, 6, 1)) == ()


def test_invalid_staff_rules_are_refused_when_merging():
    with pytest.raises(RulesError):
        effective_rules({}, {"max_days_ahead": 0})
