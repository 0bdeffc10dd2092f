"""Celery tasks (thin): booking emails, day-before reminders, calendar_sync.

Every task body runs in its tenant's schema (tenant-schemas-celery). Beat reaches every account
through the platform fan-out (`accounts.tenant_fan_out`, see config.celery.every_tenant):
"booking.reminders_send" and "booking.calendar_sync" in CELERY_BEAT_SCHEDULE.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from booking.models import AvailabilityRule, Booking, BookingStatus
from booking.selectors import shop_timezone
from features.gates import feature_required

logger = logging.getLogger(__name__)


@shared_task(name="booking.email_send")
def booking_email_send(booking_id: int, kind: str) -> bool:
    from booking.notifications import booking_email_send as send

    booking = Booking.objects.select_related("service", "staff").filter(pk=booking_id).first()
    if booking is None:
        return False
    send(booking, kind)
    return True


REMINDER_LOCAL_HOUR = 9  # reminders for tomorrow go out from 09:00 shop time, not at midnight


def reminders_due(now=None) -> list[int]:
    now = now or timezone.now()
    local_now = now.astimezone(shop_timezone())
    if local_now.hour < REMINDER_LOCAL_HOUR:
        return []
    tomorrow = local_now.date() + timedelta(days=1)
    candidates = Booking.objects.filter(
        status__in=[BookingStatus.PENDING, BookingStatus.CONFIRMED],
        reminder_sent_at__isnull=True,
        slot_from__gt=now,
        slot_from__lt=now + timedelta(hours=50),
    ).exclude(customer_email="")
    tz = shop_timezone()
    return [b.pk for b in candidates if b.slot_from.astimezone(tz).date() == tomorrow]


@shared_task(name="booking.reminders_send")
@feature_required("booking")
def booking_reminders_send(now_iso: str | None = None) -> int:
    """Send the day-before reminder once per booking (row lock + reminder_sent_at)."""
    from booking.notifications import booking_email_send as send

    now = datetime.fromisoformat(now_iso) if now_iso else timezone.now()
    sent = 0
    for booking_id in reminders_due(now):
        with transaction.atomic():
            # skip_locked: a second worker running the same beat tick skips rows being sent.
            booking = (
                Booking.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("service", "staff")
                .filter(pk=booking_id, reminder_sent_at__isnull=True)
                .first()
            )
            if booking is None:
                continue
            booking.reminder_sent_at = timezone.now()
            booking.save(update_fields=["reminder_sent_at"])
            send(booking, "reminder")
            sent += 1
    return sent


@shared_task(name="booking.calendar_sync")
@feature_required("booking")
def calendar_sync_tenant() -> int:
    from booking.sync import CalendarSyncError, calendar_sync_run

    total = 0
    for rule in AvailabilityRule.objects.exclude(calendar_sync=""):
        try:
            total += calendar_sync_run(rule=rule)
        except CalendarSyncError as exc:
            logger.warning("calendar_sync of rule %s failed: %s", rule.pk, exc)
    return total
