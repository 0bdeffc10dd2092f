"""The slot engine: rules + busy time + duration + "now" → available start times. Pure, no ORM.

Start times are generated on the shop's local wall clock (range start + k × interval), so they
stay on the same familiar grid across daylight-saving changes:

- a local time that does not exist (Europe/Ljubljana 2026-03-29 02:00–02:59) is never offered;
- a local time that happens twice (2026-10-25 02:00–02:59) is offered once, its first occurrence;
- durations are real elapsed time, so a slot that spans a change is still `duration` long.

Results are UTC datetimes; `Slot.local(tz)` shows them in the shop's or the customer's zone.

Buffers: a booking occupies its staff member from `buffer_before` before its start until
`buffer_after` after its end; a new slot is offered only when its own occupied period overlaps no
existing booking's occupied period and no imported calendar busy time. Only the slot itself (not
its buffers) must lie inside working hours.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from booking.rules import Rules

Interval = tuple[datetime, datetime]  # aware datetimes, [start, end)


@dataclass(frozen=True, order=True)
class Slot:
    start: datetime  # UTC
    end: datetime  # UTC
    staff_id: int | None = None

    def local(self, tz: str | ZoneInfo) -> datetime:
        return self.start.astimezone(ZoneInfo(tz) if isinstance(tz, str) else tz)

    def as_dict(self, *, shop_tz: str, customer_tz: str | None = None) -> dict:
        data = {
            "start": self.start.isoformat().replace("+00:00", "Z"),
            "end": self.end.isoformat().replace("+00:00", "Z"),
            "local_start": self.local(shop_tz).isoformat(),
            "staff_id": self.staff_id,
        }
        if customer_tz:
            data["customer_start"] = self.local(customer_tz).isoformat()
        return data


@dataclass
class StaffAvailability:
    """What the engine needs to know about one staff member."""

    staff_id: int
    rules: Rules
    bookings: Sequence[Interval] = ()  # active bookings (slot_from, slot_to), without buffers
    external_busy: Sequence[Interval] = ()  # imported calendar busy time
    _busy: list[Interval] = field(default_factory=list, init=False, repr=False)
    _busy_starts: list[datetime] = field(default_factory=list, init=False, repr=False)
    _max_len: timedelta = field(default=timedelta(0), init=False, repr=False)

    def __post_init__(self) -> None:
        before = timedelta(minutes=self.rules.buffer_before)
        after = timedelta(minutes=self.rules.buffer_after)
        busy = [(start - before, end + after) for start, end in self.bookings]
        busy += list(self.external_busy)
        busy.sort()
        self._busy = busy
        self._busy_starts = [start for start, _end in busy]
        self._max_len = max((end - start for start, end in busy), default=timedelta(0))

    def is_free(self, start: datetime, end: datetime) -> bool:
        """No busy interval overlaps [start, end). Sorted starts + the longest interval: O(log n)."""
        index = bisect.bisect_left(self._busy_starts, end) - 1
        # An interval starting before `floor` ends before `start` (none is longer than _max_len).
        floor = start - self._max_len
        while index >= 0 and self._busy[index][0] >= floor:
            if self._busy[index][1] > start:
                return False
            index -= 1
        return True

    def bookings_on(self, day: date, tz: ZoneInfo) -> int:
        return sum(1 for start, _end in self.bookings if start.astimezone(tz).date() == day)


def _local_to_utc(day: date, minutes: int, tz: ZoneInfo) -> datetime | None:
    """The UTC instant of a local wall time; None when it does not exist (spring-forward gap)."""
    naive = datetime.combine(day, datetime.min.time()) + timedelta(minutes=minutes)
    local = naive.replace(tzinfo=tz)  # fold=0: the first of two repeated times
    utc = local.astimezone(UTC)
    if utc.astimezone(tz).replace(tzinfo=None) != naive:
        return None
    return utc


def _boundary_to_utc(day: date, minutes: int, tz: ZoneInfo) -> datetime:
    """A range boundary; one inside a spring-forward gap moves to the end of the gap."""
    for shift in range(0, 24 * 60, 15):
        utc = _local_to_utc(day, minutes + shift, tz)
        if utc is not None:
            return utc
    raise ValueError(f"no valid local time near {day} +{minutes} min in {tz}")


def day_candidates(*, rules: Rules, day: date, duration: timedelta, tz: ZoneInfo) -> list[Slot]:
    """Every start time the working hours of one local date allow, before busy time and notice."""
    interval = rules.slot_interval or max(int(duration.total_seconds() // 60), 5)
    seen: set[datetime] = set()
    slots: list[Slot] = []
    for range_start, range_end in rules.ranges_for(day):
        end_utc = _boundary_to_utc(day, range_end, tz)
        minutes = range_start
        while minutes < range_end:
            start_utc = _local_to_utc(day, minutes, tz)
            minutes += interval
            if start_utc is None or start_utc in seen:
                continue
            if start_utc + duration > end_utc:
                continue
            seen.add(start_utc)
            slots.append(Slot(start_utc, start_utc + duration))
    return sorted(slots)


def _window(rules: Rules, now: datetime, tz: ZoneInfo) -> tuple[datetime, date]:
    earliest = now + timedelta(minutes=rules.min_notice)
    last_day = now.astimezone(tz).date() + timedelta(days=rules.max_days_ahead)
    return earliest, last_day


def staff_slots(
    *, staff: StaffAvailability, day: date, duration: timedelta, now: datetime, tz: ZoneInfo
) -> list[Slot]:
    """Available slots of one staff member on one local date."""
    rules = staff.rules
    earliest, last_day = _window(rules, now, tz)
    if day > last_day or day < now.astimezone(tz).date():
        return []
    if rules.max_bookings_per_day is not None and staff.bookings_on(day, tz) >= rules.max_bookings_per_day:
        return []
    before = timedelta(minutes=rules.buffer_before)
    after = timedelta(minutes=rules.buffer_after)
    return [
        Slot(slot.start, slot.end, staff.staff_id)
        for slot in day_candidates(rules=rules, day=day, duration=duration, tz=tz)
        if slot.start >= earliest and staff.is_free(slot.start - before, slot.end + after)
    ]


def any_staff_slots(
    *, staff: Iterable[StaffAvailability], day: date, duration: timedelta, now: datetime, tz: ZoneInfo
) -> list[Slot]:
    """Slots where at least one staff member is free, each assigned fairly.

    Fair = the free staff member with the fewest bookings that day; ties go to the lowest id,
    so the same question always gets the same answer.
    """
    best: dict[datetime, tuple[tuple[int, int], Slot]] = {}
    for member in staff:
        load = member.bookings_on(day, tz)
        for slot in staff_slots(staff=member, day=day, duration=duration, now=now, tz=tz):
            key = (load, member.staff_id)
            current = best.get(slot.start)
            if current is None or key < current[0]:
                best[slot.start] = (key, slot)
    return [best[start][1] for start in sorted(best)]


def pick_staff(
    *, staff: Iterable[StaffAvailability], start: datetime, duration: timedelta, now: datetime, tz: ZoneInfo
) -> int | None:
    """The staff member "any available" gives this start time, or None when nobody is free."""
    day = start.astimezone(tz).date()
    for slot in any_staff_slots(staff=staff, day=day, duration=duration, now=now, tz=tz):
        if slot.start == start:
            return slot.staff_id
    return None


def is_bookable(
    *, staff: StaffAvailability, start: datetime, duration: timedelta, now: datetime, tz: ZoneInfo
) -> bool:
    day = start.astimezone(tz).date()
    return any(
        slot.start == start for slot in staff_slots(staff=staff, day=day, duration=duration, now=now, tz=tz)
    )
