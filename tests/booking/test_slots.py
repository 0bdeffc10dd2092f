"""The pure slot engine: hours, breaks, overrides, buffers, notice, horizon, DST, time zones, fairness."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from booking.rules import effective_rules
from booking.slots import StaffAvailability, any_staff_slots, is_bookable, pick_staff, staff_slots

TZ = ZoneInfo("Europe/Ljubljana")
MONDAY = date(2026, 6, 1)
NOW = datetime(2026, 5, 25, 8, 0, tzinfo=UTC)  # a week before: notice and horizon out of the way
HOUR = timedelta(hours=1)


def local(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=TZ)


def local_times(slots, tz=TZ) -> list[str]:
    return [slot.start.astimezone(tz).strftime("%H:%M") for slot in slots]


def member(rules: dict, *, staff_id: int = 1, bookings=(), external=()) -> StaffAvailability:
    return StaffAvailability(staff_id, effective_rules({"min_notice": 0, **rules}), bookings, external)


def slots_for(rules: dict, day: date = MONDAY, duration=HOUR, now=NOW, **kwargs):
    return staff_slots(staff=member(rules, **kwargs), day=day, duration=duration, now=now, tz=TZ)


MON_WITH_BREAK = {"weekly": {"mon": [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "15:00"}]}}


def test_weekly_hours_with_a_break():
    assert local_times(slots_for(MON_WITH_BREAK)) == ["09:00", "10:00", "11:00", "13:00", "14:00"]


def test_slots_are_utc():
    first = slots_for(MON_WITH_BREAK)[0]
    assert first.start == datetime(2026, 6, 1, 7, 0, tzinfo=UTC)
    assert first.start.utcoffset() == timedelta(0)
    assert first.end - first.start == HOUR


def test_interval_shorter_than_duration():
    slots = slots_for({**MON_WITH_BREAK, "slot_interval": 30}, duration=timedelta(minutes=90))
    assert local_times(slots) == ["09:00", "09:30", "10:00", "10:30", "13:00", "13:30"]


def test_interval_longer_than_duration():
    slots = slots_for({**MON_WITH_BREAK, "slot_interval": 90}, duration=timedelta(minutes=30))
    assert local_times(slots) == ["09:00", "10:30", "13:00", "14:30"]


def test_closed_weekday_has_no_slots():
    assert slots_for(MON_WITH_BREAK, day=date(2026, 6, 2)) == []


def test_override_replaces_the_weekday_hours():
    rules = {**MON_WITH_BREAK, "overrides": {"2026-06-01": [{"start": "16:00", "end": "18:00"}]}}
    assert local_times(slots_for(rules)) == ["16:00", "17:00"]


def test_override_closes_a_day():
    assert slots_for({**MON_WITH_BREAK, "overrides": {"2026-06-01": []}}) == []


def test_override_opens_a_closed_weekday():
    rules = {**MON_WITH_BREAK, "overrides": {"2026-06-06": [{"start": "10:00", "end": "12:00"}]}}
    assert local_times(slots_for(rules, day=date(2026, 6, 6))) == ["10:00", "11:00"]


def test_holiday_has_no_slots():
    assert slots_for({**MON_WITH_BREAK, "holidays": ["2026-06-01"]}) == []


def test_existing_booking_blocks_its_slot():
    booking = (local(MONDAY, 10), local(MONDAY, 11))
    assert local_times(slots_for(MON_WITH_BREAK, bookings=[booking])) == ["09:00", "11:00", "13:00", "14:00"]


def test_buffer_after_existing_booking_blocks_the_next_slot():
    rules = {**MON_WITH_BREAK, "slot_interval": 15, "buffer_after": 15}
    booking = (local(MONDAY, 9), local(MONDAY, 10))
    times = local_times(slots_for(rules, bookings=[booking]))
    # The booking occupies 09:00-10:15; a slot starting in its cleanup time is not offered.
    assert "10:00" not in times
    assert times[0] == "10:15"


def test_buffer_before_existing_booking_blocks_the_previous_slot():
    rules = {**MON_WITH_BREAK, "slot_interval": 15, "buffer_before": 15}
    booking = (local(MONDAY, 11), local(MONDAY, 12))
    times = local_times(slots_for(rules, bookings=[booking]))
    # The booking occupies 10:45-12:00: the last morning slot must end by 10:45.
    assert [t for t in times if t < "12:00"] == ["09:00", "09:15", "09:30", "09:45"]


def test_buffers_on_both_sides_keep_occupied_periods_apart():
    rules = {"weekly": {"mon": [{"start": "08:00", "end": "16:00"}]}, "slot_interval": 15}
    rules.update(buffer_before=10, buffer_after=20)
    booking = (local(MONDAY, 12), local(MONDAY, 13))
    times = local_times(slots_for(rules, bookings=[booking]))
    # Booking occupies 11:50-13:20. A new 1 h slot occupies start-10 min .. start+80 min.
    assert "10:30" in times  # occupies 10:20-11:50: touches, does not overlap
    assert "10:45" not in times
    assert "13:15" not in times
    assert "13:30" in times  # occupies 13:20-14:50


def test_imported_calendar_busy_time_blocks_slots():
    busy = (local(MONDAY, 9, 30), local(MONDAY, 10, 15))
    assert local_times(slots_for(MON_WITH_BREAK, external=[busy])) == ["11:00", "13:00", "14:00"]


def test_minimum_notice_relative_to_now():
    now = local(MONDAY, 9, 40).astimezone(UTC)
    slots = slots_for({**MON_WITH_BREAK, "min_notice": 60}, now=now)
    assert local_times(slots) == ["11:00", "13:00", "14:00"]  # 10:40 is the earliest start


def test_past_day_has_no_slots():
    assert slots_for(MON_WITH_BREAK, now=local(date(2026, 6, 2), 8).astimezone(UTC)) == []


def test_horizon_limits_days_ahead():
    now = local(date(2026, 5, 22), 8).astimezone(UTC)
    assert slots_for({**MON_WITH_BREAK, "max_days_ahead": 9}, now=now) == []  # June 1 is 10 days ahead
    assert len(slots_for({**MON_WITH_BREAK, "max_days_ahead": 10}, now=now)) == 5
    assert len(slots_for({**MON_WITH_BREAK, "max_days_ahead": 9}, now=now, day=date(2026, 5, 25))) == 5


def test_daily_booking_limit_closes_the_day():
    bookings = [(local(MONDAY, 9), local(MONDAY, 10)), (local(MONDAY, 13), local(MONDAY, 14))]
    assert slots_for({**MON_WITH_BREAK, "max_bookings_per_day": 2}, bookings=bookings) == []
    assert len(slots_for({**MON_WITH_BREAK, "max_bookings_per_day": 3}, bookings=bookings)) == 3


def test_spring_forward_skips_the_missing_hour():
    day = date(2026, 3, 29)
    rules = {"weekly": {"sun": [{"start": "00:00", "end": "06:00"}]}, "slot_interval": 30}
    slots = slots_for(rules, day=day, duration=timedelta(minutes=30), now=datetime(2026, 3, 1, tzinfo=UTC))
    times = local_times(slots)
    assert "02:00" not in times and "02:30" not in times
    assert times == ["00:00", "00:30", "01:00", "01:30", "03:00", "03:30", "04:00", "04:30", "05:00", "05:30"]
    assert all(slot.end - slot.start == timedelta(minutes=30) for slot in slots)


def test_spring_forward_slot_spanning_the_gap_is_real_time_long():
    day = date(2026, 3, 29)
    rules = {"weekly": {"sun": [{"start": "01:00", "end": "04:00"}]}}
    slots = slots_for(rules, day=day, now=datetime(2026, 3, 1, tzinfo=UTC))
    # 01:00 CET → 03:00 CEST is one real hour; 03:00 → 04:00 the second. Only 2 real hours exist.
    assert local_times(slots) == ["01:00", "03:00"]
    assert slots[0].end == slots[1].start


def test_fall_back_offers_each_repeated_time_once():
    day = date(2026, 10, 25)
    rules = {"weekly": {"sun": [{"start": "00:00", "end": "06:00"}]}, "slot_interval": 30}
    slots = slots_for(rules, day=day, duration=timedelta(minutes=30), now=datetime(2026, 10, 1, tzinfo=UTC))
    times = local_times(slots)
    assert len(times) == len(set(times)) == 12
    assert len({slot.start for slot in slots}) == 12
    two_am = slots[times.index("02:00")]
    assert two_am.start == datetime(2026, 10, 25, 0, 0, tzinfo=UTC)  # the first 02:00 (CEST)


def test_fall_back_day_hours_are_normal_in_the_daytime():
    day = date(2026, 10, 25)
    slots = slots_for(
        {"weekly": {"sun": [{"start": "09:00", "end": "12:00"}]}},
        day=day,
        now=datetime(2026, 10, 1, tzinfo=UTC),
    )
    assert [slot.start for slot in slots] == [datetime(2026, 10, 25, h, tzinfo=UTC) for h in (8, 9, 10)]


def test_customer_in_another_time_zone_sees_their_local_times():
    slot = slots_for(MON_WITH_BREAK)[0]
    data = slot.as_dict(shop_tz="Europe/Ljubljana", customer_tz="America/New_York")
    assert data["start"] == "2026-06-01T07:00:00Z"
    assert data["local_start"] == "2026-06-01T09:00:00+02:00"
    assert data["customer_start"] == "2026-06-01T03:00:00-04:00"
    assert slot.local("Asia/Tokyo").strftime("%H:%M") == "16:00"


def test_any_staff_picks_the_least_booked_member():
    rules = {"weekly": {"mon": [{"start": "09:00", "end": "12:00"}]}}
    busy_one = member(rules, staff_id=1, bookings=[(local(MONDAY, 11), local(MONDAY, 12))])
    free_two = member(rules, staff_id=2)
    slots = any_staff_slots(staff=[busy_one, free_two], day=MONDAY, duration=HOUR, now=NOW, tz=TZ)
    assert [(t, s.staff_id) for t, s in zip(local_times(slots), slots, strict=True)] == [
        ("09:00", 2),
        ("10:00", 2),
        ("11:00", 2),
    ]


def test_any_staff_tie_breaks_by_lowest_id_and_falls_back_to_whoever_is_free():
    rules = {"weekly": {"mon": [{"start": "09:00", "end": "11:00"}]}}
    one = member(rules, staff_id=7)
    two = member(rules, staff_id=3, bookings=[(local(MONDAY, 10), local(MONDAY, 11))])
    three = member(rules, staff_id=5)
    slots = any_staff_slots(staff=[one, two, three], day=MONDAY, duration=HOUR, now=NOW, tz=TZ)
    assert [s.staff_id for s in slots] == [5, 5]
    only_two_free = any_staff_slots(staff=[two], day=MONDAY, duration=HOUR, now=NOW, tz=TZ)
    assert [s.staff_id for s in only_two_free] == [3]


def test_pick_staff_returns_none_when_everyone_is_busy():
    rules = {"weekly": {"mon": [{"start": "09:00", "end": "10:00"}]}}
    busy = member(rules, staff_id=1, bookings=[(local(MONDAY, 9), local(MONDAY, 10))])
    start = local(MONDAY, 9).astimezone(UTC)
    assert pick_staff(staff=[busy], start=start, duration=HOUR, now=NOW, tz=TZ) is None
    assert (
        pick_staff(staff=[busy, member(rules, staff_id=2)], start=start, duration=HOUR, now=NOW, tz=TZ) == 2
    )


def test_is_bookable_only_on_the_grid():
    staff = member(MON_WITH_BREAK)
    assert is_bookable(staff=staff, start=local(MONDAY, 9).astimezone(UTC), duration=HOUR, now=NOW, tz=TZ)
    assert not is_bookable(
        staff=staff, start=local(MONDAY, 9, 7).astimezone(UTC), duration=HOUR, now=NOW, tz=TZ
    )
    assert not is_bookable(
        staff=staff, start=local(MONDAY, 12).astimezone(UTC), duration=HOUR, now=NOW, tz=TZ
    )
