"""Owner dashboard /booking/: login, week calendar, services, staff, rules editor, cancel/reschedule."""

import json

import pytest

from booking import services
from booking.models import AvailabilityRule, Booking, Service, StaffResource
from tests.booking.conftest import make_setup
from tests.conftest import host


@pytest.fixture
def owner(owner_client_a, tenant_a, in_tenant):
    with in_tenant(tenant_a):
        setup = make_setup()
        booking = services.booking_create(
            service=setup.service, staff=setup.staff[0], start=setup.at(10), customer_name="Ana Novak",
            customer_email="ana@example.com", source="chatbot",
        )  # fmt: skip
    return owner_client_a, setup, booking


def test_dashboard_requires_login(tenant_a, client):
    response = client.get("/booking/", HTTP_HOST=host(tenant_a))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_week_view_lists_the_booking_with_its_source(owner):
    client, setup, _booking = owner
    body = client.get("/booking/", {"week": setup.day.isoformat()}).content.decode()
    assert "Ana Novak" in body and "Haircut" in body
    assert "Chatbot" in body or "Klepetalnik" in body


def test_service_is_created(owner, tenant_a, in_tenant):
    client, _setup, _booking = owner
    response = client.post(
        "/booking/services/", {"name": "Massage", "duration_min": 45, "price": "40", "active": "on"}
    )
    assert response.status_code == 302
    with in_tenant(tenant_a):
        assert Service.objects.filter(name="Massage", duration_min=45).exists()


def test_bad_service_is_400(owner):
    client, _setup, _booking = owner
    assert client.post("/booking/services/", {"name": "", "duration_min": 1, "price": "x"}).status_code == 400


def test_staff_member_is_created_with_services_and_feed_url_shown(owner, tenant_a, in_tenant):
    client, setup, _booking = owner
    response = client.post(
        "/booking/staff/", {"name": "Cene", "active": "on", "services": [setup.service.pk]}
    )
    assert response.status_code == 302
    with in_tenant(tenant_a):
        cene = StaffResource.objects.get(name="Cene")
        assert list(cene.services.all()) == [setup.service]
    page = client.get("/booking/staff/").content.decode()
    assert f"/booking/feed/{cene.pk}/" in page


def test_rules_editor_shows_the_wrong_field(owner):
    client, _setup, _booking = owner
    rules = {"weekly": {"mon": [{"start": "09:00", "end": "12:00"}, {"start": "14:00", "end": "13:00"}]}}
    response = client.post("/booking/rules/", {"rules": json.dumps(rules)})
    assert response.status_code == 400
    assert "weekly.mon[1].end: must be after start" in response.content.decode()


def test_rules_editor_refuses_broken_json(owner):
    client, _setup, _booking = owner
    assert client.post("/booking/rules/", {"rules": "{nope"}).status_code == 400


def test_staff_rules_are_saved(owner, tenant_a, in_tenant):
    client, setup, _booking = owner
    staff = setup.staff[1]
    response = client.post(f"/booking/rules/{staff.pk}/", {"rules": json.dumps({"buffer_after": 15})})
    assert response.status_code == 302
    with in_tenant(tenant_a):
        assert AvailabilityRule.objects.get(staff=staff).rules == {"buffer_after": 15}


def test_owner_cancels_a_booking(owner, tenant_a, in_tenant):
    client, _setup, booking = owner
    assert client.post(f"/booking/bookings/{booking.pk}/cancel/").status_code == 302
    with in_tenant(tenant_a):
        assert Booking.objects.get(pk=booking.pk).status == "cancelled"


def test_cancel_does_not_redirect_off_site(owner):
    client, _setup, booking = owner
    response = client.post(f"/booking/bookings/{booking.pk}/cancel/", {"next": "https://evil.example/"})
    assert response["Location"] == "/booking/"


def test_owner_reschedules_a_booking(owner, tenant_a, in_tenant):
    client, setup, booking = owner
    url = f"/booking/bookings/{booking.pk}/reschedule/"
    page = client.get(url, {"day": setup.day.isoformat()}).content.decode()
    assert f'value="{setup.at(16).isoformat()}"' in page
    assert (
        client.post(url + f"?day={setup.day.isoformat()}", {"start": setup.at(16).isoformat()}).status_code
        == 302
    )
    with in_tenant(tenant_a):
        assert Booking.objects.get(pk=booking.pk).slot_from == setup.at(16)


def test_reschedule_with_garbage_time_is_400(owner):
    client, _setup, booking = owner
    assert client.post(f"/booking/bookings/{booking.pk}/reschedule/", {"start": "soon"}).status_code == 400


def test_owner_of_a_cannot_reach_b_dashboard_or_bookings(owner, tenant_b, in_tenant):
    client, _setup, booking = owner
    with in_tenant(tenant_b):
        make_setup()
    client.defaults["HTTP_HOST"] = host(tenant_b)
    # The session belongs to tenant A's users: on B it is anonymous.
    assert client.get("/booking/").status_code == 302
    assert client.post(f"/booking/bookings/{booking.pk}/cancel/").status_code == 302
