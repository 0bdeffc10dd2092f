"""iCalendar in and out: .ics for one booking (emails), a staff member's feed, busy time from an ICS URL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import recurring_ical_events
from icalendar import Calendar, Event

PRODID = "-//Growiyo Agents//Booking//EN"


def _calendar(method: str | None = None, name: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    return cal


def booking_uid(booking, schema_name: str) -> str:
    return f"booking-{booking.pk}@{schema_name}.growiyo-agents"


def _sequence(booking) -> int:
    # A newer version of the same event must carry a higher SEQUENCE for calendars to update it.
    return int(booking.updated_at.timestamp()) if booking.updated_at else 0


def booking_event(
    booking, *, schema_name: str, shop_name: str, manage_url: str = "", cancelled: bool = False
) -> Event:
    event = Event()
    event.add("uid", booking_uid(booking, schema_name))
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", booking.slot_from.astimezone(UTC))
    event.add("dtend", booking.slot_to.astimezone(UTC))
    event.add("summary", f"{booking.service.name} · {shop_name}")
    description = f"{booking.service.name} – {booking.staff.name}"
    if manage_url:
        description += f"\n{manage_url}"
    event.add("description", description)
    event.add("sequence", _sequence(booking))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if manage_url:
        event.add("url", manage_url)
    return event


def booking_ics(booking, *, schema_name: str, shop_name: str, manage_url: str = "") -> bytes:
    """The .ics attached to confirmation / change (METHOD:REQUEST) and cancellation (METHOD:CANCEL) mail."""
    cancelled = booking.status == "cancelled"
    cal = _calendar("CANCEL" if cancelled else "REQUEST")
    cal.add_component(
        booking_event(
            booking, schema_name=schema_name, shop_name=shop_name, manage_url=manage_url, cancelled=cancelled
        )
    )
    return cal.to_ical()


def staff_feed(staff, bookings, *, schema_name: str, shop_name: str) -> bytes:
    """A subscribable feed of one staff member's active bookings (customer name, service)."""
    cal = _calendar(name=f"{staff.name} · {shop_name}")
    for booking in bookings:
        event = booking_event(booking, schema_name=schema_name, shop_name=shop_name)
        event["summary"] = f"{booking.service.name}: {booking.customer_name}"
        cal.add_component(event)
    return cal.to_ical()


def _as_datetime(value, tz: ZoneInfo) -> datetime:
    if isinstance(value, datetime):
        # Floating (naive) times are the shop's wall clock.
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, date):
        return datetime.combine(value, datetime.min.time(), tzinfo=tz)
    raise ValueError(f"not a date: {value!r}")


def busy_intervals(
    ics: bytes | str, *, start: datetime, end: datetime, tz: ZoneInfo
) -> list[tuple[datetime, datetime, str]]:
    """Busy [start, end) intervals between start and end, recurring events expanded.

    Transparent ("free") and cancelled events do not block time. All-day events block the whole
    local day(s). Raises ValueError on a document that is not iCalendar.
    """
    try:
        calendar = Calendar.from_ical(ics)
    except Exception as exc:  # icalendar raises several types for garbage input
        raise ValueError(f"not an iCalendar document: {exc}") from exc
    busy: list[tuple[datetime, datetime, str]] = []
    for event in recurring_ical_events.of(calendar).between(start, end):
        if str(event.get("transp", "OPAQUE")).upper() == "TRANSPARENT":
            continue
        if str(event.get("status", "")).upper() == "CANCELLED":
            continue
        dtstart = event.get("dtstart")
        if dtstart is None:
            continue
        event_start = _as_datetime(dtstart.dt, tz)
        dtend = event.get("dtend")
        if dtend is not None:
            event_end = _as_datetime(dtend.dt, tz)
        elif event.get("duration") is not None:
            event_end = event_start + event.get("duration").dt
        else:
            is_all_day = not isinstance(dtstart.dt, datetime)
            event_end = event_start + (timedelta(days=1) if is_all_day else timedelta(0))
        if event_end <= event_start:
            continue
        busy.append(
            (event_start.astimezone(UTC), event_end.astimezone(UTC), str(event.get("summary", ""))[:200])
        )
    busy.sort()
    return busy
