"""Signed links: the customer's manage link (cancel / reschedule) and the staff iCal feed URL.

The manage link signs (booking id, manage token) with a salt that includes the tenant schema, so
a link made for one shop is worthless on another shop's host, and rotating the booking's
manage_token revokes links already sent.
"""

from __future__ import annotations

import hmac

from django.conf import settings
from django.core import signing
from django.db import connection
from django.urls import reverse

from booking.models import Booking, StaffResource


def _salt() -> str:
    return f"booking.manage:{connection.schema_name}"


def manage_token(booking: Booking) -> str:
    return signing.dumps({"b": booking.pk, "t": booking.manage_token}, salt=_salt(), compress=True)


def booking_from_manage_token(token: str) -> Booking | None:
    try:
        data = signing.loads(token, salt=_salt())
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    booking = Booking.objects.select_related("service", "staff").filter(pk=data.get("b")).first()
    if booking is None or not hmac.compare_digest(booking.manage_token, str(data.get("t", ""))):
        return None
    return booking


def base_url() -> str:
    from booking.selectors import current_account

    tenant = current_account()
    domain = tenant.get_primary_domain() if tenant is not None else None
    host = domain.domain if domain else f"{connection.schema_name}.{settings.AGENTS_DOMAIN}"
    return f"{'http' if settings.DEBUG else 'https'}://{host}"


def manage_url(booking: Booking) -> str:
    return base_url() + reverse("booking-manage", kwargs={"token": manage_token(booking)})


def feed_url(staff: StaffResource) -> str:
    return base_url() + reverse(
        "booking-staff-feed", kwargs={"staff_id": staff.pk, "secret": staff.ical_secret}
    )


def feed_secret_matches(staff: StaffResource, secret: str) -> bool:
    return hmac.compare_digest(staff.ical_secret, secret)
