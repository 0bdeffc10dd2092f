"""Public booking page, customer's manage link and staff iCal feed on the tenant host (no login)."""

import re
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from icalendar import Calendar

from booking import links
from booking.models import Booking
from tests.booking.conftest import ics_events, make_setup
from tests.conftest import host


@pytest.fixture
def web_a(tenant_a, setup_a, client):
    client.defaults["HTTP_HOST"] = host(tenant_a)
    return client, setup_a


def pick(setup, staff="any", tz="Europe/Ljubljana"):
    return {"service": setup.service.pk, "staff": staff, "day": setup.day.isoformat(), "tz": tz}


def post_booking(client, setup, hh=10, staff="any", **extra):
    data = {
        **pick(setup, staff),
        "start": setup.at(hh).isoformat(),
        "customer_name": "Ana Novak",
        "customer_email": "ana@example.com",
        "customer_phone": "+386 40 123 456",
        **extra,
    }
    return client.post("/booking/book/", data)


def test_booking_page_lists_services(web_a):
    client, _setup = web_a
    response = client.get("/booking/book/")
    assert response.status_code == 200
    assert "Haircut" in response.content.decode()


def test_picking_a_day_shows_free_times_in_the_customer_zone(web_a):
    client, setup = web_a
    response = client.get("/booking/book/", pick(setup, tz="America/New_York"))
    body = response.content.decode()
    assert f'value="{setup.at(10).isoformat()}"' in body
    # 10:00 in Ljubljana is 04:00 (or 05:00) in New York; shown in the customer's zone.
    label = setup.at(10).astimezone(ZoneInfo("America/New_York")).strftime("%H:%M")
    assert f"> {label}</label>" in body


def test_full_flow_books_with_source_web_and_shows_the_confirmed_page(
    web_a, mailbox, django_capture_on_commit_callbacks, in_tenant, tenant_a
):
    client, setup = web_a
    with django_capture_on_commit_callbacks(execute=True):
        response = post_booking(client, setup, 10, staff=str(setup.staff[1].pk))
    assert response.status_code == 302
    done = client.get(response["Location"])
    assert done.status_code == 200 and "Haircut" in done.content.decode()
    with in_tenant(tenant_a):
        booking = Booking.objects.get()
    assert booking.source == "web" and booking.staff_id == setup.staff[1].pk
    assert booking.slot_from == setup.at(10) and booking.customer_timezone == "Europe/Ljubljana"
    [message] = mailbox
    _cal, [event] = ics_events(message)
    assert event.decoded("dtstart") == setup.at(10)


def test_taken_slot_says_so_and_offers_alternatives(web_a):
    client, setup = web_a
    staff = str(setup.staff[0].pk)
    assert post_booking(client, setup, 10, staff=staff).status_code == 302
    response = post_booking(client, setup, 10, staff=staff, customer_name="Late Larry")
    assert response.status_code == 409
    body = response.content.decode()
    assert "This slot was just taken." in body or "Ta termin je bil pravkar zaseden." in body
    assert f'value="{setup.at(11).isoformat()}"' in body


def test_missing_contact_is_a_400_with_the_form_again(web_a):
    client, setup = web_a
    response = post_booking(client, setup, 10, customer_email="not-an-email")
    assert response.status_code == 400
    assert Booking.objects.count() == 0


def test_unknown_service_is_refused(web_a):
    client, setup = web_a
    response = client.post(
        "/booking/book/", {**pick(setup), "service": 999999, "start": setup.at(10).isoformat()}
    )
    assert response.status_code == 400


def test_forged_start_time_is_refused(web_a):
    client, setup = web_a
    assert post_booking(client, setup, 10, start="2020-01-01T10:00:00+00:00").status_code == 400


def test_booking_page_requires_csrf(tenant_a, setup_a):
    client = Client(enforce_csrf_checks=True, HTTP_HOST=host(tenant_a))
    response = post_booking(client, setup_a, 10)
    assert response.status_code == 403


def test_booking_page_is_absent_when_booking_is_off(web_a, tenant_a):
    from features.services import feature_set

    feature_set(account=tenant_a, agent="booking", feature="core", enabled=False)
    client, _setup = web_a
    assert client.get("/booking/book/").status_code == 404


def test_manage_link_cancels(web_a, tenant_a, in_tenant):
    client, setup = web_a
    done = post_booking(client, setup, 10)
    token = done["Location"].rstrip("/").split("/")[-1]
    page = client.get(f"/booking/manage/{token}/")
    assert page.status_code == 200
    assert client.post(f"/booking/manage/{token}/", {"action": "cancel"}).status_code == 302
    with in_tenant(tenant_a):
        assert Booking.objects.get().status == "cancelled"


def test_manage_link_reschedules(web_a, tenant_a, in_tenant):
    client, setup = web_a
    token = post_booking(client, setup, 10)["Location"].rstrip("/").split("/")[-1]
    page = client.get(f"/booking/manage/{token}/", {"day": setup.day.isoformat()})
    assert f'value="{setup.at(15).isoformat()}"' in page.content.decode()
    response = client.post(
        f"/booking/manage/{token}/",
        {"action": "reschedule", "day": setup.day.isoformat(), "start": setup.at(15).isoformat()},
    )
    assert response.status_code == 302
    with in_tenant(tenant_a):
        assert Booking.objects.get().slot_from == setup.at(15)


def test_tampered_manage_link_is_404(web_a):
    client, setup = web_a
    token = post_booking(client, setup, 10)["Location"].rstrip("/").split("/")[-1]
    assert client.get(f"/booking/manage/{token[:-2]}xx/").status_code == 404
    assert client.get("/booking/manage/garbage/").status_code == 404


def test_manage_link_of_tenant_a_is_useless_on_tenant_b(web_a, tenant_b, in_tenant):
    from booking.services import booking_create

    client, setup = web_a
    token = post_booking(client, setup, 10)["Location"].rstrip("/").split("/")[-1]
    with in_tenant(tenant_b):
        other = make_setup()
        # Tenant B has a booking with the same id: the link must still not reach it.
        b_booking = booking_create(
            service=other.service, staff=None, start=other.at(10), customer_name="Beta", source="web"
        )
    client.defaults["HTTP_HOST"] = host(tenant_b)
    assert client.get(f"/booking/manage/{token}/").status_code == 404
    assert client.post(f"/booking/manage/{token}/", {"action": "cancel"}).status_code == 404
    with in_tenant(tenant_b):
        b_booking.refresh_from_db()
        assert b_booking.status == "confirmed"


def test_staff_feed_needs_the_secret(web_a, tenant_a, in_tenant):
    client, setup = web_a
    post_booking(client, setup, 10, staff=str(setup.staff[0].pk))
    with in_tenant(tenant_a):
        url = links.feed_url(setup.staff[0])
    path = re.sub(r"^https?://[^/]+", "", url)
    response = client.get(path)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 1 and events[0].decoded("dtstart") == setup.at(10)
    assert "Ana Novak" in str(events[0]["summary"])
    wrong = path.rsplit("/", 1)[0] + "/wrong-secret.ics"
    assert client.get(wrong).status_code == 404


def test_staff_feed_of_tenant_a_is_404_on_tenant_b(web_a, tenant_a, tenant_b, in_tenant):
    client, setup = web_a
    with in_tenant(tenant_a):
        path = re.sub(r"^https?://[^/]+", "", links.feed_url(setup.staff[0]))
    with in_tenant(tenant_b):
        make_setup()
    client.defaults["HTTP_HOST"] = host(tenant_b)
    assert client.get(path).status_code == 404


def test_booking_page_speaks_slovenian_and_english(web_a):
    client, _setup = web_a
    assert "Rezervirajte termin" in client.get("/booking/book/", HTTP_ACCEPT_LANGUAGE="sl").content.decode()
    assert "Book an appointment" in client.get("/booking/book/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_confirmation_page_shows_the_customers_local_time(web_a):
    client, setup = web_a
    response = post_booking(client, setup, 10, tz="America/New_York")
    body = client.get(response["Location"]).content.decode()
    local = setup.at(10).astimezone(ZoneInfo("America/New_York"))
    assert f"{local.day}. {local.month}. {local.year} {local:%H:%M}" in body and "America/New_York" in body


def test_tenant_b_page_shows_only_its_services_and_refuses_a_ids(web_a, tenant_b, in_tenant):
    from booking.services import service_save

    client, setup = web_a
    with in_tenant(tenant_b):
        service_save(name="Beta massage", duration_min=30)
    client.defaults["HTTP_HOST"] = host(tenant_b)
    body = client.get("/booking/book/").content.decode()
    assert "Beta massage" in body and "Haircut" not in body
    response = post_booking(client, setup, 10)  # tenant A's service id on tenant B's host
    assert response.status_code == 400
    with in_tenant(tenant_b):
        assert Booking.objects.count() == 0


def test_staff_choice_lists_only_members_offering_the_service(web_a, tenant_a, in_tenant):
    from booking.services import service_save, staff_save

    client, setup = web_a
    with in_tenant(tenant_a):
        massage = service_save(name="Massage", duration_min=30)
        staff_save(name="Cene", services=[massage])
    body = client.get("/booking/book/", pick(setup)).content.decode()
    assert ">Ana</option>" in body and ">Cene</option>" not in body
