"""Booking writes: create, confirm, cancel, reschedule; services, staff and rules management.

The exclusion constraint on Booking is the guarantee against double booking. The engine check
before the insert only turns the common case into a friendly message; two requests that pass it
at the same instant meet the constraint, and the loser gets SlotTaken with fresh alternatives.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from booking import selectors
from booking.models import (
    AvailabilityRule,
    Booking,
    BookingSource,
    BookingStatus,
    Service,
    StaffResource,
)
from booking.rules import validate
from booking.slots import Slot, day_candidates, is_bookable, pick_staff

logger = logging.getLogger(__name__)

OVERLAP_CONSTRAINT = "booking_no_overlap_per_staff"
ANY_STAFF_ATTEMPTS = 3


class BookingError(ValueError):
    """Bad booking input, with a message for a person."""

    code = "booking_error"


class SlotUnavailable(BookingError):
    """The requested start time is not offered; `alternatives` are free slots nearby."""

    code = "slot_unavailable"

    def __init__(self, message: str, alternatives: list[Slot] | None = None):
        super().__init__(message)
        self.alternatives = alternatives or []


class SlotTaken(SlotUnavailable):
    """Someone else has (just) booked this time."""

    code = "slot_taken"


def _alternatives(service: Service, staff: StaffResource | None, after: datetime) -> list[Slot]:
    return selectors.next_available_slots(service=service, staff=staff, after=after - timedelta(hours=2))


def _is_constraint(exc: IntegrityError, name: str) -> bool:
    diag = getattr(getattr(exc, "__cause__", None), "diag", None)
    return getattr(diag, "constraint_name", None) == name or name in str(exc)


def _check_slot(
    *,
    service: Service,
    staff: StaffResource,
    start: datetime,
    now: datetime,
    exclude_booking_id: int | None = None,
) -> None:
    """Raise SlotTaken / SlotUnavailable unless the engine offers `start` for this staff member."""
    tz = selectors.shop_timezone()
    duration = timedelta(minutes=service.duration_min)
    day_start = start.astimezone(tz)
    [availability] = selectors.staff_availability(
        [staff],
        start=day_start - timedelta(days=1),
        end=day_start + timedelta(days=1),
        exclude_booking_id=exclude_booking_id,
    )
    if is_bookable(staff=availability, start=start, duration=duration, now=now, tz=tz):
        return
    if _offered_when_free(availability, start, duration, now, tz):
        raise SlotTaken(_("This slot was just taken."), _alternatives(service, staff, start))
    raise SlotUnavailable(_("This time is not available for booking."), _alternatives(service, staff, start))


def _offered_when_free(availability, start: datetime, duration: timedelta, now: datetime, tz) -> bool:
    """Would the engine offer `start` if nobody had booked? (decides "taken" vs "not available")"""
    rules = availability.rules
    day = start.astimezone(tz).date()
    if day > now.astimezone(tz).date() + timedelta(days=rules.max_days_ahead):
        return False
    if start < now + timedelta(minutes=rules.min_notice):
        return False
    return any(slot.start == start for slot in day_candidates(rules=rules, day=day, duration=duration, tz=tz))


def _resolve_staff(
    *, service: Service, staff: StaffResource | None, start: datetime, now: datetime
) -> StaffResource:
    if staff is not None:
        if not staff.active or not staff.services.filter(pk=service.pk).exists():
            raise BookingError(_("This staff member does not offer this service."))
        return staff
    members = list(selectors.staff_list(service=service))
    if not members:
        raise BookingError(_("Nobody offers this service at the moment."))
    tz = selectors.shop_timezone()
    day_start = start.astimezone(tz)
    availability = selectors.staff_availability(
        members, start=day_start - timedelta(days=1), end=day_start + timedelta(days=1)
    )
    chosen = pick_staff(
        staff=availability, start=start, duration=timedelta(minutes=service.duration_min), now=now, tz=tz
    )
    if chosen is None:
        duration = timedelta(minutes=service.duration_min)
        if any(_offered_when_free(member, start, duration, now, tz) for member in availability):
            raise SlotTaken(_("This slot was just taken."), _alternatives(service, None, start))
        raise SlotUnavailable(
            _("This time is not available for booking."), _alternatives(service, None, start)
        )
    return next(member for member in members if member.pk == chosen)


def _needs_staff_lock(staff: StaffResource) -> bool:
    # The DB constraint covers the slots themselves. Buffers and daily limits span several rows,
    # so with them we serialise bookings of this staff member (row lock) before re-checking.
    rules = selectors.rules_for(staff)
    return bool(rules.buffer_before or rules.buffer_after or rules.max_bookings_per_day)


def booking_create(
    *,
    service: Service,
    staff: StaffResource | None,
    start: datetime,
    customer_name: str,
    source: str,
    customer_email: str = "",
    customer_phone: str = "",
    customer_timezone: str = "",
    marketing_consent: bool = False,
    notes: str = "",
    language: str = "sl",
    status: str = BookingStatus.CONFIRMED,
    now: datetime | None = None,
    notify: bool = True,
) -> Booking:
    """Book `start` (aware datetime) for `service` with `staff`, or anyone free when staff is None."""
    now = now or timezone.now()
    if source not in BookingSource.values:
        raise BookingError(_("Unknown booking source."))
    if status not in (BookingStatus.PENDING, BookingStatus.CONFIRMED):
        raise BookingError(_("A new booking is pending or confirmed."))
    if not service.active:
        raise BookingError(_("This service cannot be booked."))
    if not customer_name.strip():
        raise BookingError(_("Please give your name."))
    if customer_timezone and not selectors.valid_timezone(customer_timezone):
        raise BookingError(_("Unknown time zone."))
    if start.tzinfo is None:
        raise BookingError(_("The start time needs a time zone."))
    values = {
        "customer_name": customer_name.strip()[:200],
        "customer_email": customer_email.strip(),
        "customer_phone": customer_phone.strip()[:40],
        "customer_timezone": customer_timezone,
        "marketing_consent": marketing_consent,
        "notes": notes,
        "language": language if language in ("sl", "en") else "sl",
        "status": status,
        "source": source,
    }
    # "Anyone available": when the member we picked is taken in the meantime, ask again.
    attempts = 1 if staff is not None else ANY_STAFF_ATTEMPTS
    for attempt in range(attempts):
        member = _resolve_staff(service=service, staff=staff, start=start, now=now)
        try:
            _check_slot(service=service, staff=member, start=start, now=now)
            booking = _insert(service=service, staff=member, start=start, now=now, values=values)
            break
        except SlotTaken:
            if attempt == attempts - 1:
                raise
    if notify:
        _notify_on_commit(booking, "created")
    return booking


def _insert(
    *, service: Service, staff: StaffResource, start: datetime, now: datetime, values: dict
) -> Booking:
    try:
        with transaction.atomic():
            if _needs_staff_lock(staff):
                StaffResource.objects.select_for_update().get(pk=staff.pk)
                _check_slot(service=service, staff=staff, start=start, now=now)
            return Booking.objects.create(
                service=service,
                staff=staff,
                slot_from=start,
                slot_to=start + timedelta(minutes=service.duration_min),
                **values,
            )
    except IntegrityError as exc:
        if not _is_constraint(exc, OVERLAP_CONSTRAINT):
            raise
        # Another request committed an overlapping booking between our check and our insert.
        raise SlotTaken(_("This slot was just taken."), _alternatives(service, staff, start)) from exc


def booking_confirm(*, booking: Booking) -> Booking:
    if booking.status != BookingStatus.PENDING:
        raise BookingError(_("Only a pending booking can be confirmed."))
    booking.status = BookingStatus.CONFIRMED
    booking.save(update_fields=["status", "updated_at"])
    _notify_on_commit(booking, "confirmed")
    return booking


def booking_cancel(*, booking: Booking, notify: bool = True) -> Booking:
    if booking.status == BookingStatus.CANCELLED:
        raise BookingError(_("This booking is already cancelled."))
    if booking.status in (BookingStatus.COMPLETED, BookingStatus.NO_SHOW):
        raise BookingError(_("A past booking cannot be cancelled."))
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["status", "cancelled_at", "updated_at"])
    if notify:
        _notify_on_commit(booking, "cancelled")
    return booking


def booking_reschedule(
    *, booking: Booking, start: datetime, staff: StaffResource | None = None, now: datetime | None = None
) -> Booking:
    """Move an active booking to `start` (and optionally another staff member) atomically."""
    now = now or timezone.now()
    if booking.status not in (BookingStatus.PENDING, BookingStatus.CONFIRMED):
        raise BookingError(_("Only a pending or confirmed booking can be moved."))
    if start.tzinfo is None:
        raise BookingError(_("The start time needs a time zone."))
    member = staff or booking.staff
    if staff is not None and (not staff.active or not staff.services.filter(pk=booking.service_id).exists()):
        raise BookingError(_("This staff member does not offer this service."))
    _check_slot(service=booking.service, staff=member, start=start, now=now, exclude_booking_id=booking.pk)
    try:
        with transaction.atomic():
            locked = Booking.objects.select_for_update().get(pk=booking.pk)
            if _needs_staff_lock(member):
                StaffResource.objects.select_for_update().get(pk=member.pk)
                _check_slot(
                    service=booking.service, staff=member, start=start, now=now, exclude_booking_id=booking.pk
                )
            locked.staff = member
            locked.slot_from = start
            locked.slot_to = start + timedelta(minutes=booking.service.duration_min)
            locked.reminder_sent_at = None
            locked.save(update_fields=["staff", "slot_from", "slot_to", "reminder_sent_at", "updated_at"])
    except IntegrityError as exc:
        if not _is_constraint(exc, OVERLAP_CONSTRAINT):
            raise
        raise SlotTaken(
            _("This slot was just taken."), _alternatives(booking.service, member, start)
        ) from exc
    _notify_on_commit(locked, "rescheduled")
    return locked


def _notify_on_commit(booking: Booking, kind: str) -> None:
    from booking.tasks import booking_email_send

    if not booking.customer_email:
        return

    def send() -> None:
        # The booking is committed: a mail/broker failure must not turn it into an error page.
        try:
            booking_email_send.delay(booking.pk, kind)
        except Exception:  # noqa: BLE001
            logger.exception("booking %s: %s e-mail could not be sent", booking.pk, kind)

    transaction.on_commit(send)


# --- Assistant-callable booking service (used by the assistant's approved actions) -----------


def assistant_booking_create(
    *,
    service_id: int,
    start: datetime,
    customer_name: str,
    staff_id: int | None = None,
    customer_email: str = "",
    customer_phone: str = "",
    notes: str = "",
) -> Booking:
    service = Service.objects.get(pk=service_id)
    staff = StaffResource.objects.get(pk=staff_id) if staff_id else None
    return booking_create(
        service=service,
        staff=staff,
        start=start,
        customer_name=customer_name,
        customer_email=customer_email,
        customer_phone=customer_phone,
        notes=notes,
        source=BookingSource.ASSISTANT,
    )


def assistant_booking_cancel(*, booking_id: int) -> Booking:
    return booking_cancel(booking=Booking.objects.get(pk=booking_id))


def assistant_booking_reschedule(*, booking_id: int, start: datetime, staff_id: int | None = None) -> Booking:
    staff = StaffResource.objects.get(pk=staff_id) if staff_id else None
    return booking_reschedule(booking=Booking.objects.get(pk=booking_id), start=start, staff=staff)


# --- Owner management --------------------------------------------------------------------------


def service_save(
    *,
    name: str,
    duration_min: int,
    price: Decimal | str | int = 0,
    description: str = "",
    active: bool = True,
    service: Service | None = None,
) -> Service:
    if not name.strip():
        raise BookingError(_("A service needs a name."))
    if not 5 <= int(duration_min) <= 24 * 60:
        raise BookingError(_("Duration must be between 5 and 1440 minutes."))
    price = Decimal(str(price))
    if price < 0:
        raise BookingError(_("Price cannot be negative."))
    service = service or Service()
    service.name, service.duration_min, service.price = name.strip(), int(duration_min), price
    service.description, service.active = description, active
    service.save()
    return service


def staff_save(
    *,
    name: str,
    services: list[Service],
    email: str = "",
    active: bool = True,
    staff: StaffResource | None = None,
) -> StaffResource:
    if not name.strip():
        raise BookingError(_("A staff member needs a name."))
    with transaction.atomic():
        staff = staff or StaffResource()
        staff.name, staff.email, staff.active = name.strip(), email.strip(), active
        staff.save()
        staff.services.set(services)
    return staff


def rules_save(
    *, rules: dict, staff: StaffResource | None = None, calendar_sync: str | None = None
) -> AvailabilityRule:
    """Validate and store the account's (staff=None) or a staff member's rules."""
    validate(rules)  # raises RulesError naming the wrong field
    if calendar_sync and (not calendar_sync.startswith(("http://", "https://")) or len(calendar_sync) > 1000):
        raise BookingError(_("calendar_sync: must be an http(s) URL of an .ics calendar"))
    row, _created = AvailabilityRule.objects.get_or_create(staff=staff)
    row.rules = rules
    fields = ["rules", "updated_at"]
    if calendar_sync is not None:
        row.calendar_sync = calendar_sync
        fields.append("calendar_sync")
    row.save(update_fields=fields)
    return row
