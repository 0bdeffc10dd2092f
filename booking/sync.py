"""calendar_sync: import busy time from an external ICS URL into ExternalBusy (blocks slots).

The fetched calendar replaces the rule's previous import atomically, so a slot query never sees
half an import. Fetch errors keep the last good import and are recorded on the rule.
"""

from __future__ import annotations

import ipaddress
import socket
from datetime import timedelta
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from booking import ics
from booking.models import AvailabilityRule, ExternalBusy
from booking.rules import RulesError, effective_rules
from booking.selectors import account_rule, shop_timezone

MAX_BYTES = 5 * 1024 * 1024
TIMEOUT_SECONDS = 15.0


class CalendarSyncError(Exception):
    pass


def _public_host_only(url: str) -> None:
    """Refuse URLs that resolve to private, loopback or link-local addresses (SSRF guard).

    On by default when DEBUG is off; BOOKING_CALENDAR_ALLOW_PRIVATE=True switches it off (the
    tests serve their .ics from 127.0.0.1). Redirects are not followed when the guard is on.
    """
    if getattr(settings, "BOOKING_CALENDAR_ALLOW_PRIVATE", settings.DEBUG):
        return
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError as exc:
        raise CalendarSyncError(f"cannot resolve {host}") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if address.is_private or address.is_loopback or address.is_link_local or address.is_reserved:
            raise CalendarSyncError("the calendar URL points to a private address")


def _fetch(url: str) -> bytes:
    _public_host_only(url)
    follow = bool(getattr(settings, "BOOKING_CALENDAR_ALLOW_PRIVATE", settings.DEBUG))
    try:
        with httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=follow, max_redirects=3) as client:
            with client.stream("GET", url, headers={"User-Agent": "GrowiyoAgents-Booking/1.0"}) as response:
                if response.status_code != 200:
                    raise CalendarSyncError(f"HTTP {response.status_code} from the calendar URL")
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > MAX_BYTES:
                        raise CalendarSyncError("the calendar is larger than 5 MB")
                    chunks.append(chunk)
                return b"".join(chunks)
    except httpx.HTTPError as exc:
        raise CalendarSyncError(f"cannot fetch the calendar: {exc.__class__.__name__}") from exc


def calendar_sync_run(*, rule: AvailabilityRule, now=None) -> int:
    """Import one rule's external calendar; returns the number of busy intervals stored."""
    now = now or timezone.now()
    if not rule.calendar_sync:
        return 0
    base = account_rule()
    try:
        rules = effective_rules(base.rules if base else None, rule.rules if rule.staff_id else None)
        horizon = rules.max_days_ahead
    except RulesError:
        horizon = 60
    start, end = now - timedelta(days=1), now + timedelta(days=horizon + 2)
    try:
        busy = ics.busy_intervals(_fetch(rule.calendar_sync), start=start, end=end, tz=shop_timezone())
    except (CalendarSyncError, ValueError) as exc:
        AvailabilityRule.objects.filter(pk=rule.pk).update(sync_error=str(exc)[:500])
        raise CalendarSyncError(str(exc)) from exc
    with transaction.atomic():
        ExternalBusy.objects.filter(rule=rule).delete()
        ExternalBusy.objects.bulk_create(
            ExternalBusy(rule=rule, staff_id=rule.staff_id, start=s, end=e, summary=summary)
            for s, e, summary in busy
        )
        AvailabilityRule.objects.filter(pk=rule.pk).update(last_synced_at=now, sync_error="")
    return len(busy)
