"""Booking fixtures: a service and two staff members in a tenant, open every day 08:00-18:00."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

TZ = ZoneInfo("Europe/Ljubljana")
OPEN_RULES = {
    "weekly": {
        day: [{"start": "08:00", "end": "18:00"}] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    },
    "min_notice": 0,
    "max_days_ahead": 365,
}


@dataclass
class Setup:
    service: object
    staff: list
    day: date

    def at(self, hh: int, mm: int = 0) -> datetime:
        """An aware UTC datetime of a local time on the test day."""
        return datetime(self.day.year, self.day.month, self.day.day, hh, mm, tzinfo=TZ).astimezone(UTC)


def future_day() -> date:
    # Far enough ahead for min notice; avoid the DST Sundays so local hours are plain.
    return timezone.now().astimezone(TZ).date() + timedelta(days=9)


def make_setup(rules: dict | None = None) -> Setup:
    from booking import services

    services.rules_save(rules=rules or OPEN_RULES)
    service = services.service_save(name="Haircut", duration_min=60, price="25.00")
    staff = [services.staff_save(name=name, services=[service]) for name in ("Ana", "Bojan")]
    return Setup(service=service, staff=staff, day=future_day())


@pytest.fixture
def setup_a(tenant_a, in_tenant):
    with in_tenant(tenant_a):
        yield make_setup()


@pytest.fixture
def mailbox(settings):
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    from django.core import mail

    mail.outbox = []
    return mail.outbox


@pytest.fixture
def setup_b(tenant_b, in_tenant):
    with in_tenant(tenant_b):
        yield make_setup()


def ics_events(message) -> list:
    """The VEVENTs of the .ics attached to an email, parsed back with icalendar."""
    from icalendar import Calendar

    [(name, content, mimetype)] = [a for a in message.attachments if a[0].endswith(".ics")]
    assert mimetype.startswith("text/calendar")
    calendar = Calendar.from_ical(content)
    return calendar, [c for c in calendar.walk("VEVENT")]


@pytest.fixture(autouse=True)
def _english_messages():
    """Service-level messages in English (requests still pick their language by middleware)."""
    from django.utils import translation

    with translation.override("en"):
        yield
