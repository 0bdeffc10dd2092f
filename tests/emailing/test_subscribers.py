"""Marketing consent is recorded and pushed to Sendy with gdpr=true; unsubscribes are respected."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from emailing import subscribers
from emailing.models import Subscriber, SubscriberStatus

CONSENT = "Strinjam se s prejemanjem novic trgovine Alpha."


@pytest.fixture
def sync(tenant_a, in_tenant, django_capture_on_commit_callbacks):
    def run(email="ana@example.com", **kw):
        args = dict(
            email=email, name="Ana", consent_text=CONSENT, consented_at=timezone.now(), source="chatbot"
        )
        with in_tenant(tenant_a), django_capture_on_commit_callbacks(execute=True):
            subscribers.subscriber_sync(**{**args, **kw})
        with in_tenant(tenant_a):
            return list(Subscriber.objects.filter(email=(email or "").lower()))

    return run


def test_consent_is_recorded_and_subscribed_with_gdpr(sync, sendy_a):
    [row] = sync(email="Ana@Example.com", ip_address="192.0.2.7")
    assert (row.status, row.consent_text, row.source, row.list_id) == (
        "subscribed",
        CONSENT,
        "chatbot",
        "list-abc",
    )
    sub = sendy_a.subscriber("list-abc", "ana@example.com")
    assert sub["gdpr"] == "true"
    assert sub["ipaddress"] == "192.0.2.7"
    assert sub["referrer"] == "growiyo:chatbot"


def test_address_unsubscribed_in_sendy_is_not_re_added(sync, sendy_a):
    sendy_a.add_subscriber("list-abc", "ana@example.com", status="Unsubscribed")
    [row] = sync()
    assert (row.status, row.sendy_status) == (SubscriberStatus.UNSUBSCRIBED, "Unsubscribed")
    assert sendy_a.subscriber("list-abc", "ana@example.com")["status"] == "Unsubscribed"
    assert not [r for r in sendy_a.state.requests if r[0] == "/subscribe"]


def test_locally_unsubscribed_record_stays_unsubscribed(sync, sendy_a, tenant_a, in_tenant):
    sync()
    with in_tenant(tenant_a):
        assert subscribers.subscriber_unsubscribe(account=tenant_a, email="ana@example.com") == 1
    [row] = sync()
    assert row.status == SubscriberStatus.UNSUBSCRIBED
    assert sendy_a.subscriber("list-abc", "ana@example.com")["status"] == "Unsubscribed"


def test_already_subscribed_address_is_marked_subscribed(sync, sendy_a):
    sendy_a.add_subscriber("list-abc", "ana@example.com")
    [row] = sync()
    assert (row.status, row.sendy_status) == (SubscriberStatus.SUBSCRIBED, "Subscribed")


def test_bounced_address_is_not_subscribed(sync, sendy_a):
    sendy_a.add_subscriber("list-abc", "ana@example.com", status="Bounced")
    [row] = sync()
    assert row.status == SubscriberStatus.UNSUBSCRIBED


def test_sendy_refusal_is_recorded(sync, sendy_a):
    sendy_a.state.fail_next["/subscribe"] = "Email is suppressed."
    [row] = sync()
    assert (row.status, row.last_error) == (SubscriberStatus.REFUSED, "Email is suppressed.")


@pytest.mark.parametrize(
    ("kwargs", "field"), [({"email": "nope"}, "email"), ({"consent_text": ""}, "consent")]
)
def test_bad_input_is_refused(sync, sendy_a, kwargs, field):
    with pytest.raises(ValidationError) as excinfo:
        sync(**kwargs)
    assert field in excinfo.value.message_dict


def test_booking_customers_with_marketing_consent_are_pulled(
    tenant_a, in_tenant, sendy_a, django_capture_on_commit_callbacks
):
    from booking.models import Booking, Service, StaffResource

    with in_tenant(tenant_a):
        service = Service.objects.create(name="Striženje", duration_min=30)
        staff = StaffResource.objects.create(name="Maja")
        start = timezone.now() + timedelta(days=1)
        for email, consent in (("yes@example.com", True), ("no@example.com", False)):
            Booking.objects.create(
                service=service,
                staff=staff,
                customer_name="X",
                customer_email=email,
                marketing_consent=consent,
                slot_from=start,
                slot_to=start + timedelta(minutes=30),
                source="web",
            )
            start += timedelta(hours=1)
        with django_capture_on_commit_callbacks(execute=True):
            assert (
                subscribers.subscribers_pull(account=tenant_a, since=timezone.now() - timedelta(hours=1)) == 1
            )
        row = Subscriber.objects.get()
    assert (row.email, row.source, row.status) == ("yes@example.com", "booking", SubscriberStatus.SUBSCRIBED)
    assert sendy_a.subscriber("list-abc", "no@example.com") is None
