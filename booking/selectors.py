"""Booking reads: services, staff, effective rules and available slots (through the pure engine)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from booking.models import AvailabilityRule, Booking, BookingStatus, ExternalBusy, Service, StaffResource
from booking.rules import Rules, effective_rules
from booking.slots import Slot, StaffAvailability, any_staff_slots, staff_slots


def current_account():
    """The Account of the current schema (schema_context only sets a stand-in tenant)."""
    tenant = getattr(connection, "tenant", None)
    if tenant is not None and hasattr(tenant, "subscription_tier"):
        return tenant
    if connection.schema_name == "public":
        return None
    from accounts.models import Account

    return Account.objects.filter(schema_name=connection.schema_name).first()


def shop_timezone() -> ZoneInfo:
    """The shop's zone: booking feature config "timezone", else the account's time zone."""
    from features.selectors import feature_config

    account = current_account()
    name = "Europe/Ljubljana"
    if account is not None:
        name = feature_config(account, "booking").get("timezone") or getattr(account, "timezone", "") or name
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("Europe/Ljubljana")


def valid_timezone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def service_list(*, active_only: bool = True) -> QuerySet[Service]:
    qs = Service.objects.all()
    return qs.filter(active=True) if active_only else qs


def staff_list(*, service: Service | None = None, active_only: bool = True) -> QuerySet[StaffResource]:
    qs = StaffResource.objects.all()
    if active_only:
        qs = qs.filter(active=True)
    if service is not None:
        qs = qs.filter(services=service)
    return qs.order_by("id")


def account_rule() -> AvailabilityRule | None:
    return AvailabilityRule.objects.filter(staff__isnull=True).first()


def rules_for(staff: StaffResource) -> Rules:
    rows = {
        row.staff_id: row.rules
        for row in AvailabilityRule.objects.filter(Q(staff__isnull=True) | Q(staff=staff))
    }
    return effective_rules(rows.get(None), rows.get(staff.pk))


def staff_availability(
    staff: Sequence[StaffResource], *, start: datetime, end: datetime, exclude_booking_id: int | None = None
) -> list[StaffAvailability]:
    """Rules, active bookings and imported busy time of each staff member around [start, end)."""
    ids = [member.pk for member in staff]
    # Buffers reach at most 8 h beyond a booking (rules limit): widen the window by a day.
    margin = timedelta(days=1)
    rule_rows = {
        row.staff_id: row.rules
        for row in AvailabilityRule.objects.filter(Q(staff__isnull=True) | Q(staff_id__in=ids))
    }
    bookings: dict[int, list] = {pk: [] for pk in ids}
    qs = Booking.objects.filter(
        staff_id__in=ids, slot_to__gt=start - margin, slot_from__lt=end + margin
    ).exclude(status=BookingStatus.CANCELLED)
    if exclude_booking_id is not None:
        qs = qs.exclude(pk=exclude_booking_id)
    for staff_id, slot_from, slot_to in qs.values_list("staff_id", "slot_from", "slot_to"):
        bookings[staff_id].append((slot_from, slot_to))
    shared: list = []
    external: dict[int, list] = {pk: [] for pk in ids}
    busy_qs = ExternalBusy.objects.filter(end__gt=start - margin, start__lt=end + margin).filter(
        Q(staff__isnull=True) | Q(staff_id__in=ids)
    )
    for staff_id, busy_start, busy_end in busy_qs.values_list("staff_id", "start", "end"):
        (shared if staff_id is None else external[staff_id]).append((busy_start, busy_end))
    return [
        StaffAvailability(
            member.pk,
            effective_rules(rule_rows.get(None), rule_rows.get(member.pk)),
            bookings[member.pk],
            external[member.pk] + shared,
        )
        for member in staff
    ]


def _day_window(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime.combine(day, datetime.min.time(), tzinfo=tz)
    return start, start + timedelta(days=1)


def available_slots(
    *,
    service: Service,
    day: date,
    staff: StaffResource | None = None,
    now: datetime | None = None,
    exclude_booking_id: int | None = None,
) -> list[Slot]:
    """Free start times of `service` on one local date, for one staff member or anyone ("any")."""
    tz = shop_timezone()
    now = now or timezone.now()
    members = [staff] if staff is not None else list(staff_list(service=service))
    if not service.active or not members or any(not m.active for m in members):
        return []
    start, end = _day_window(day, tz)
    availability = staff_availability(members, start=start, end=end, exclude_booking_id=exclude_booking_id)
    duration = timedelta(minutes=service.duration_min)
    if staff is not None:
        return staff_slots(staff=availability[0], day=day, duration=duration, now=now, tz=tz)
    return any_staff_slots(staff=availability, day=day, duration=duration, now=now, tz=tz)


def next_available_slots(
    *, service: Service, after: datetime, staff: StaffResource | None = None, limit: int = 5, days: int = 14
) -> list[Slot]:
    """The first `limit` free slots from `after` on (used for "just taken" alternatives)."""
    tz = shop_timezone()
    first_day = after.astimezone(tz).date()
    found: list[Slot] = []
    for offset in range(days):
        for slot in available_slots(service=service, day=first_day + timedelta(days=offset), staff=staff):
            if slot.start >= after:
                found.append(slot)
                if len(found) >= limit:
                    return found
    return found


def booking_list(
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    staff_id: int | None = None,
    active_only=False,
) -> QuerySet[Booking]:
    qs = Booking.objects.select_related("service", "staff")
    if start is not None:
        qs = qs.filter(slot_to__gt=start)
    if end is not None:
        qs = qs.filter(slot_from__lt=end)
    if staff_id is not None:
        qs = qs.filter(staff_id=staff_id)
    if active_only:
        qs = qs.exclude(status=BookingStatus.CANCELLED)
    return qs.order_by("slot_from", "id")


def external_busy_list(*, start: datetime, end: datetime) -> QuerySet[ExternalBusy]:
    return ExternalBusy.objects.select_related("staff").filter(end__gt=start, start__lt=end).order_by("start")


def staff_feed_bookings(staff: StaffResource) -> QuerySet[Booking]:
    since = timezone.now() - timedelta(days=60)
    return booking_list(start=since, staff_id=staff.pk, active_only=True)
