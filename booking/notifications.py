"""Customer emails: confirmation, change, cancellation, reminder — each with an .ics and the manage link."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from anymail.message import AnymailMessage
from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from booking import ics, links
from booking.models import Booking
from booking.selectors import current_account, shop_timezone

KINDS = ("created", "confirmed", "rescheduled", "cancelled", "reminder")


def _subject(kind: str, booking: Booking, shop: str) -> str:
    subjects = {
        "created": _("Your booking at %(shop)s is confirmed")
        if booking.status == "confirmed"
        else _("We received your booking at %(shop)s"),
        "confirmed": _("Your booking at %(shop)s is confirmed"),
        "rescheduled": _("Your booking at %(shop)s was moved"),
        "cancelled": _("Your booking at %(shop)s was cancelled"),
        "reminder": _("Reminder: your booking at %(shop)s tomorrow"),
    }
    return subjects[kind] % {"shop": shop}


def booking_email(booking: Booking, kind: str) -> AnymailMessage:
    if kind not in KINDS:
        raise ValueError(f"unknown booking email kind {kind!r}")
    tenant = current_account()
    shop = tenant.name if tenant is not None else ""
    tz = booking.customer_timezone or str(shop_timezone())
    manage = links.manage_url(booking) if booking.status != "cancelled" else ""
    language = booking.language if booking.language in ("sl", "en") else "sl"
    with translation.override(language):
        context = {
            "booking": booking,
            "kind": kind,
            "shop": shop,
            "manage_url": manage,
            "tz": tz,
            "local_start": booking.slot_from.astimezone(ZoneInfo(tz)),
        }
        subject = _subject(kind, booking, shop)
        text = render_to_string("booking/email/booking.txt", context)
        html = render_to_string("booking/email/booking.html", context)
    message = AnymailMessage(subject, text, settings.DEFAULT_FROM_EMAIL, [booking.customer_email])
    message.attach_alternative(html, "text/html")
    # Like every transactional mail (emailing.transactional): ESP webhooks route back by these.
    message.metadata = {
        "tenant": connection.schema_name,
        "template": f"booking_{kind}",
        "language": language,
        "booking_id": str(booking.pk),
    }
    message.tags = ["transactional", f"booking_{kind}"]
    method = "CANCEL" if booking.status == "cancelled" else "REQUEST"
    message.attach(
        "booking.ics",
        ics.booking_ics(booking, schema_name=connection.schema_name, shop_name=shop, manage_url=manage),
        f"text/calendar; charset=utf-8; method={method}",
    )
    return message


def booking_email_send(booking: Booking, kind: str) -> None:
    if booking.customer_email:
        booking_email(booking, kind).send()
