"""Transactional mail through anymail (test backend): sl/en templates, metadata, attachments."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from emailing.transactional import send_transactional


@pytest.fixture(autouse=True)
def anymail_test_backend(settings):
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    mail.outbox = []


def _booking_context():
    tz = ZoneInfo("Europe/Ljubljana")
    return {
        "customer_name": "Ana",
        "service_name": "Striženje",
        "start": datetime(2026, 12, 1, 10, 0, tzinfo=tz),
        "end": datetime(2026, 12, 1, 10, 30, tzinfo=tz),
        "staff_name": "Maja",
        "manage_url": "https://alpha.localhost/b/x",
    }


def test_booking_confirmation_in_slovenian_with_metadata_and_ics(tenant_a, in_tenant):
    with in_tenant(tenant_a):
        result = send_transactional(
            template="booking_confirmation",
            to="ana@example.com",
            context=_booking_context(),
            language="sl",
            metadata={"booking_id": 7},
            attachments=[("booking.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
        )
    [message] = mail.outbox
    assert message.subject.startswith("Rezervacija potrjena: Striženje")
    assert "Pozdravljeni Ana" in message.body and "10:30" in message.body
    html = message.alternatives[0][0]
    assert "Striženje" in html and 'href="https://alpha.localhost/b/x"' in html
    params = message.anymail_test_params
    assert params["metadata"] == {
        "booking_id": "7",
        "tenant": "alpha",
        "template": "booking_confirmation",
        "language": "sl",
        "message_uuid": result.message_uuid,
    }
    assert params["tags"] == ["transactional", "booking_confirmation"]
    assert message.attachments[0][0] == "booking.ics"
    assert result.status == {"sent"}


def test_booking_confirmation_in_english(tenant_a, in_tenant):
    with in_tenant(tenant_a):
        send_transactional(
            template="booking_confirmation", to=["ana@example.com"], context=_booking_context(), language="en"
        )
    [message] = mail.outbox
    assert message.subject.startswith("Booking confirmed: Striženje")
    assert "Hello Ana" in message.body


def test_lead_alert_escapes_visitor_text(tenant_a, in_tenant):
    with in_tenant(tenant_a):
        send_transactional(
            template="lead_alert",
            to="owner@alpha.test",
            context={"lead_name": "Bob", "lead_email": "bob@example.com", "message": "<script>x</script>"},
            language="en",
        )
    [message] = mail.outbox
    assert message.subject == "New lead from the chat: Bob"
    assert "<script>" not in message.alternatives[0][0]
    assert "<script>x</script>" in message.body  # plain text keeps it verbatim


def test_stock_alert_in_slovenian(tenant_a, in_tenant):
    with in_tenant(tenant_a):
        send_transactional(
            template="stock_alert",
            to="c@example.com",
            context={"product_name": "Jakna", "price": "89,00 €", "product_url": "https://alpha.test/jakna"},
            language="sl",
        )
    [message] = mail.outbox
    assert message.subject == "Spet na zalogi: Jakna"
    assert "89,00 €" in message.body


def test_unknown_template_and_bad_address_are_refused(tenant_a, in_tenant):
    with in_tenant(tenant_a):
        with pytest.raises(ValidationError):
            send_transactional(template="spam", to="a@example.com", context={}, language="sl")
        with pytest.raises(ValidationError):
            send_transactional(template="lead_alert", to="not-an-address", context={}, language="sl")
    assert mail.outbox == []


def test_unknown_language_falls_back_to_account_default(tenant_a, in_tenant):
    with in_tenant(tenant_a):
        send_transactional(
            template="lead_alert", to="o@alpha.test", context={"lead_name": "B"}, language="de"
        )
    assert mail.outbox[0].anymail_test_params["metadata"]["language"] == tenant_a.default_language
