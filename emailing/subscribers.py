"""Marketing subscribers: consent is recorded here first, then pushed to Sendy by a task.

Other apps (chatbot leads, booking customers) call `subscriber_sync` inside their tenant when a
person gave *marketing* consent. The consent record (wording, time, source, IP) is stored before
anything leaves the building; the Sendy call happens in `subscriber_push`, after commit.

Unsubscribes are respected: before subscribing, Sendy is asked for the address's status, and an
address that unsubscribed, bounced or complained is never re-added automatically; neither is one
whose local record says it unsubscribed.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emailing import selectors
from emailing.models import Subscriber, SubscriberStatus
from emailing.sendy import (
    SendyAlreadySubscribed,
    SendyClient,
    SendyError,
    SendyRetryableError,
    SendySubscriberRefused,
)

BLOCKING_STATUSES = {"Unsubscribed", "Bounced", "Soft bounced", "Complained"}


def subscriber_sync(
    *,
    email: str,
    name: str = "",
    consent_text: str,
    consented_at: datetime,
    source: str,
    ip_address: str | None = None,
    account=None,
) -> list[Subscriber]:
    """Record marketing consent for every configured list and queue the Sendy subscribe."""
    from emailing import tasks

    account = account or getattr(connection, "tenant", None)
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid email address.")}) from None
    if not (consent_text or "").strip() or consented_at is None:
        raise ValidationError({"consent": _("A subscriber needs the consent wording and its time.")})
    config = selectors.sendy_config(account)
    rows = []
    with transaction.atomic():
        for list_id in config.list_ids:
            row, created = Subscriber.objects.select_for_update().get_or_create(
                email=email,
                list_id=list_id,
                defaults=dict(
                    name=name[:200],
                    source=source[:30],
                    consent_text=consent_text,
                    consented_at=consented_at,
                    ip_address=ip_address or None,
                ),
            )
            if not created and row.status != SubscriberStatus.UNSUBSCRIBED:
                # Fresh consent replaces the old record (wording and time of the latest agreement).
                row.name = name[:200] or row.name
                row.consent_text, row.consented_at, row.source = consent_text, consented_at, source[:30]
                row.ip_address = ip_address or row.ip_address
                if row.status in (SubscriberStatus.FAILED, SubscriberStatus.REFUSED):
                    row.status = SubscriberStatus.PENDING
                row.save()
            rows.append(row)
        pending = [r.pk for r in rows if r.status == SubscriberStatus.PENDING]
        for pk in pending:
            transaction.on_commit(lambda pk=pk: tasks.subscriber_push.delay(pk))
    return rows


def subscriber_push(*, account, subscriber_id: int) -> Subscriber | None:
    """Subscribe one pending record in Sendy with gdpr=true, unless the address opted out."""
    row = Subscriber.objects.filter(pk=subscriber_id).first()
    if row is None or row.status != SubscriberStatus.PENDING:
        return row
    config = selectors.sendy_config(account)
    if not config.url or not config.api_key:
        _save(row, SubscriberStatus.FAILED, error=_("Sendy is not configured."))
        return row
    try:
        with SendyClient(config) as client:
            status = client.subscription_status(email=row.email, list_id=row.list_id)
            if status in BLOCKING_STATUSES:
                _save(row, SubscriberStatus.UNSUBSCRIBED, sendy_status=status)
                return row
            if status in ("Subscribed", "Unconfirmed"):
                _save(row, SubscriberStatus.SUBSCRIBED, sendy_status=status)
                return row
            client.subscribe(
                email=row.email,
                list_id=row.list_id,
                name=row.name,
                ipaddress=row.ip_address or "",
                referrer=f"growiyo:{row.source}",
                gdpr=True,
            )
    except SendyAlreadySubscribed:
        _save(row, SubscriberStatus.SUBSCRIBED, sendy_status="Subscribed")
    except SendySubscriberRefused as exc:
        _save(row, SubscriberStatus.REFUSED, error=exc.message)
    except SendyRetryableError as exc:
        _save(row, SubscriberStatus.PENDING, error=exc.message)
        raise
    except SendyError as exc:
        _save(row, SubscriberStatus.FAILED, error=exc.message)
    else:
        _save(row, SubscriberStatus.SUBSCRIBED, sendy_status="Unconfirmed")
    return row


def _save(row: Subscriber, status: str, *, sendy_status: str = "", error: str = "") -> None:
    row.status, row.last_error, row.attempts = status, error, row.attempts + 1
    row.sendy_status = sendy_status or row.sendy_status
    row.synced_at = timezone.now()
    row.save(update_fields=["status", "last_error", "attempts", "sendy_status", "synced_at"])


def subscriber_unsubscribe(*, account, email: str) -> int:
    """Unsubscribe an address from every configured list (Sendy and our record)."""
    email = (email or "").strip().lower()
    config = selectors.sendy_config(account)
    with SendyClient(config) as client:
        for list_id in config.list_ids:
            try:
                client.unsubscribe(email=email, list_id=list_id)
            except SendyError as exc:
                if isinstance(exc, SendyRetryableError):
                    raise
    return Subscriber.objects.filter(email=email).update(
        status=SubscriberStatus.UNSUBSCRIBED, sendy_status="Unsubscribed", synced_at=timezone.now()
    )


def subscribers_pull(*, account, since: datetime) -> int:
    """Booking customers who ticked marketing consent since `since` → `subscriber_sync` (source booking).

    Booking stores only the consent flag and the booking time, so the consent record names the
    booking; callers that have the exact wording should call `subscriber_sync` themselves.
    """
    from booking.selectors import booking_list

    known = set(Subscriber.objects.values_list("email", flat=True))
    count = 0
    bookings = booking_list().filter(marketing_consent=True, created_at__gte=since).exclude(customer_email="")
    for booking in bookings:
        email = booking.customer_email.strip().lower()
        if email in known:
            continue
        known.add(email)
        subscriber_sync(
            email=email,
            name=booking.customer_name,
            consent_text=_("Marketing consent given on the booking form (booking #%d).") % booking.pk,
            consented_at=booking.created_at,
            source="booking",
            account=account,
        )
        count += 1
    return count
