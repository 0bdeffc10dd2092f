"""calendar_sync from a local HTTP server (never the internet), reminders the day before."""

import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from icalendar import Calendar, Event

from booking import services
from booking.models import AvailabilityRule, Booking, ExternalBusy
from booking.sync import CalendarSyncError, calendar_sync_run
from tests.booking.conftest import OPEN_RULES, TZ, ics_events, make_setup


class _Handler(BaseHTTPRequestHandler):
    body: bytes = b""
    status: int = 200

    def do_GET(self):  # noqa: N802 - http.server API
        self.send_response(self.server.status)
        self.send_header("Content-Type", "text/calendar")
        self.end_headers()
        self.wfile.write(self.server.body)

    def log_message(self, *args):
        pass


@pytest.fixture(autouse=True)
def _local_calendars_allowed(settings):
    # The test calendars are served from 127.0.0.1, which the SSRF guard refuses by default.
    settings.BOOKING_CALENDAR_ALLOW_PRIVATE = True


@pytest.fixture
def ics_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.body, server.status = b"", 200
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def calendar_with(*events: Event) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//test//EN")
    cal.add("version", "2.0")
    for event in events:
        cal.add_component(event)
    return cal.to_ical()


def event(start: datetime, minutes: int, *, rrule: dict | None = None, transparent=False, uid="e1") -> Event:
    item = Event()
    item.add("uid", uid)
    item.add("dtstart", start)
    item.add("dtend", start + timedelta(minutes=minutes))
    item.add("summary", "Dentist")
    if rrule:
        item.add("rrule", rrule)
    if transparent:
        item.add("transp", "TRANSPARENT")
    return item


def url(server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/calendar.ics"


def test_recurring_busy_time_is_imported_and_blocks_slots(setup_a, ics_server):
    from booking.selectors import available_slots

    staff = setup_a.staff[0]
    first = datetime.combine(setup_a.day - timedelta(days=7), datetime.min.time(), tzinfo=TZ).replace(hour=10)
    ics_server.body = calendar_with(event(first, 60, rrule={"freq": "weekly", "count": 4}))
    rule = services.rules_save(rules={}, staff=staff, calendar_sync=url(ics_server))
    assert calendar_sync_run(rule=rule) >= 2  # the series, expanded (weeks before/after the test day)
    busy = ExternalBusy.objects.filter(staff=staff)
    assert any(b.start == setup_a.at(10) for b in busy)
    starts = [s.start for s in available_slots(service=setup_a.service, day=setup_a.day, staff=staff)]
    assert setup_a.at(10) not in starts and setup_a.at(11) in starts
    rule.refresh_from_db()
    assert rule.last_synced_at is not None and rule.sync_error == ""


def test_account_calendar_blocks_everyone(setup_a, ics_server):
    from booking.selectors import available_slots

    ics_server.body = calendar_with(event(setup_a.at(12).astimezone(UTC), 60))
    calendar_sync_run(rule=services.rules_save(rules=OPEN_RULES, calendar_sync=url(ics_server)))
    starts = [s.start for s in available_slots(service=setup_a.service, day=setup_a.day)]
    assert setup_a.at(12) not in starts and setup_a.at(13) in starts


def test_transparent_events_do_not_block(setup_a, ics_server):
    ics_server.body = calendar_with(event(setup_a.at(12), 60, transparent=True))
    rule = services.rules_save(rules={}, staff=setup_a.staff[0], calendar_sync=url(ics_server))
    assert calendar_sync_run(rule=rule) == 0


def test_resync_replaces_the_previous_import(setup_a, ics_server):
    rule = services.rules_save(rules={}, staff=setup_a.staff[0], calendar_sync=url(ics_server))
    ics_server.body = calendar_with(event(setup_a.at(12), 60))
    calendar_sync_run(rule=rule)
    ics_server.body = calendar_with(event(setup_a.at(15), 30, uid="e2"))
    calendar_sync_run(rule=rule)
    assert [b.start for b in ExternalBusy.objects.filter(rule=rule)] == [setup_a.at(15)]


def test_http_error_keeps_the_last_import_and_records_it(setup_a, ics_server):
    rule = services.rules_save(rules={}, staff=setup_a.staff[0], calendar_sync=url(ics_server))
    ics_server.body = calendar_with(event(setup_a.at(12), 60))
    calendar_sync_run(rule=rule)
    ics_server.status = 500
    with pytest.raises(CalendarSyncError):
        calendar_sync_run(rule=rule)
    rule.refresh_from_db()
    assert "HTTP 500" in rule.sync_error
    assert ExternalBusy.objects.filter(rule=rule).count() == 1


def test_garbage_calendar_is_an_error(setup_a, ics_server):
    ics_server.body = b"<html>not a calendar</html>"
    rule = services.rules_save(rules={}, staff=setup_a.staff[0], calendar_sync=url(ics_server))
    with pytest.raises(CalendarSyncError):
        calendar_sync_run(rule=rule)


def test_calendar_sync_url_must_be_http(setup_a):
    with pytest.raises(services.BookingError):
        services.rules_save(rules={}, calendar_sync="file:///etc/passwd")


def test_sync_task_and_busy_time_in_the_dashboard(tenant_a, owner_client_a, in_tenant, ics_server):
    from booking.tasks import calendar_sync_tenant

    with in_tenant(tenant_a):
        setup = make_setup()
        ics_server.body = calendar_with(event(setup.at(12), 45))
        services.rules_save(rules={}, staff=setup.staff[0], calendar_sync=url(ics_server))
        assert calendar_sync_tenant.delay().get() == 1
    page = owner_client_a.get("/booking/", {"week": setup.day.isoformat()}).content.decode()
    assert "12:00–12:45" in page


def _day_before_at_ten(setup) -> str:
    before = setup.day - timedelta(days=1)
    return datetime(before.year, before.month, before.day, 10, tzinfo=TZ).isoformat()


def test_reminder_goes_out_once_the_day_before(setup_a, mailbox):
    from booking.tasks import booking_reminders_send

    services.booking_create(
        service=setup_a.service, staff=None, start=setup_a.at(10), customer_name="Ana",
        customer_email="ana@example.com", source="web", notify=False,
    )  # fmt: skip
    services.booking_create(
        service=setup_a.service, staff=None, start=setup_a.at(10) + timedelta(days=1), customer_name="Later",
        customer_email="later@example.com", source="web", notify=False,
    )  # fmt: skip
    now = _day_before_at_ten(setup_a)
    assert booking_reminders_send.delay(now).get() == 1
    assert booking_reminders_send.delay(now).get() == 0
    [message] = mailbox
    assert message.to == ["ana@example.com"]
    _cal, [reminded] = ics_events(message)
    assert reminded.decoded("dtstart") == setup_a.at(10)
    assert Booking.objects.filter(reminder_sent_at__isnull=False).count() == 1


def test_reminders_fan_out_per_tenant_without_crossing(tenant_a, tenant_b, in_tenant, mailbox):
    from accounts.tasks import tenant_fan_out

    with in_tenant(tenant_a):
        setup = make_setup()
        services.booking_create(
            service=setup.service, staff=None, start=setup.at(10), customer_name="Alpha customer",
            customer_email="alpha@example.com", source="web", notify=False,
        )  # fmt: skip
    with in_tenant(tenant_b):
        make_setup()
    tenant_fan_out("booking.reminders_send", [_day_before_at_ten(setup)], {}, ["booking", "core"])
    assert [m.to for m in mailbox] == [["alpha@example.com"]]
    with in_tenant(tenant_b):
        assert AvailabilityRule.objects.count() == 1 and Booking.objects.count() == 0


def test_private_addresses_are_refused_when_the_guard_is_on(setup_a, ics_server, settings):
    settings.BOOKING_CALENDAR_ALLOW_PRIVATE = False
    ics_server.body = calendar_with(event(setup_a.at(12), 60))
    rule = services.rules_save(rules={}, staff=setup_a.staff[0], calendar_sync=url(ics_server))
    with pytest.raises(CalendarSyncError, match="private address"):
        calendar_sync_run(rule=rule)
    assert ExternalBusy.objects.count() == 0
