"""REST API /api/v1/booking/: services, staff, rules, slots, bookings, cancel/reschedule; isolation."""

import pytest

from tests.booking.conftest import make_setup
from tests.conftest import host


@pytest.fixture
def api_a(tenant_a, setup_a, api_key_a, client):
    client.defaults["HTTP_HOST"] = host(tenant_a)
    client.defaults["HTTP_AUTHORIZATION"] = f"Api-Key {api_key_a}"
    return client, setup_a


def utc(value) -> str:
    return value.isoformat().replace("+00:00", "Z")


def create(client, setup, hh=10, **extra):
    data = {"service": setup.service.pk, "start": setup.at(hh).isoformat(), "customer_name": "Ana", **extra}
    return client.post("/api/v1/booking/bookings/", data, content_type="application/json")


def test_services_and_staff_are_listed(api_a):
    client, setup = api_a
    services = client.get("/api/v1/booking/services/").json()["results"]
    assert [s["name"] for s in services] == ["Haircut"] and services[0]["price"] == "25.00"
    staff = client.get("/api/v1/booking/staff/", {"service": setup.service.pk}).json()["results"]
    assert [s["name"] for s in staff] == ["Ana", "Bojan"]


def test_service_can_be_created_and_bad_duration_refused(api_a):
    client, _setup = api_a
    ok = client.post("/api/v1/booking/services/", {"name": "Massage", "duration_min": 45, "price": "40.00"},
                     content_type="application/json")  # fmt: skip
    assert ok.status_code == 201 and ok.json()["duration_min"] == 45
    bad = client.post(
        "/api/v1/booking/services/", {"name": "X", "duration_min": 2}, content_type="application/json"
    )
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "validation_error"


def test_slots_in_utc_with_shop_and_customer_local_times(api_a):
    client, setup = api_a
    body = client.get(
        "/api/v1/booking/slots/",
        {"service": setup.service.pk, "day": setup.day.isoformat(), "tz": "Asia/Tokyo"},
    ).json()
    assert body["timezone"] == "Europe/Ljubljana"
    first = body["slots"][0]
    assert first["start"].endswith("Z") and first["local_start"].startswith(f"{setup.day.isoformat()}T08:00")
    assert first["customer_start"].endswith("+09:00")
    assert len(body["slots"]) == 10  # 08:00 … 17:00, 60-minute service


def test_slots_bad_input_is_400(api_a):
    client, setup = api_a
    response = client.get("/api/v1/booking/slots/", {"service": setup.service.pk, "day": "tomorrow"})
    assert response.status_code == 400 and response.json()["error"]["message"].startswith("day:")
    bad_tz = client.get(
        "/api/v1/booking/slots/", {"service": setup.service.pk, "day": setup.day, "tz": "Mars/Base"}
    )
    assert bad_tz.status_code == 400


def test_booking_is_created_with_source_web(api_a):
    client, setup = api_a
    response = create(client, setup, customer_email="ana@example.com", staff=str(setup.staff[1].pk))
    assert response.status_code == 201
    body = response.json()
    assert (
        body["source"] == "web" and body["status"] == "confirmed" and body["staff"]["id"] == setup.staff[1].pk
    )


def test_second_booking_of_a_slot_is_409_with_alternatives(api_a):
    client, setup = api_a
    staff = str(setup.staff[0].pk)
    assert create(client, setup, staff=staff).status_code == 201
    response = create(client, setup, staff=staff)
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "slot_taken" and error["details"]["alternatives"]


def test_time_outside_hours_is_400(api_a):
    client, setup = api_a
    response = create(client, setup, 20)
    assert response.status_code == 400 and response.json()["error"]["code"] == "slot_unavailable"


def test_missing_name_is_400(api_a):
    client, setup = api_a
    response = client.post(
        "/api/v1/booking/bookings/", {"service": setup.service.pk, "start": setup.at(10).isoformat()},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400 and "customer_name" in response.json()["error"]["message"]


def test_cancel_confirm_and_reschedule(api_a):
    client, setup = api_a
    booking = create(client, setup, status="pending").json()
    url = f"/api/v1/booking/bookings/{booking['id']}/"
    assert client.post(url + "confirm/").json()["status"] == "confirmed"
    moved = client.post(
        url + "reschedule/", {"start": setup.at(15).isoformat()}, content_type="application/json"
    )
    assert moved.status_code == 200 and moved.json()["slot_from"] == utc(setup.at(15))
    assert client.post(url + "cancel/").json()["status"] == "cancelled"
    again = client.post(url + "cancel/")
    assert again.status_code == 400 and again.json()["error"]["code"] == "booking_error"


def test_bookings_list_filters_by_time(api_a):
    client, setup = api_a
    create(client, setup, 10)
    create(client, setup, 14)
    rows = client.get("/api/v1/booking/bookings/", {"from": setup.at(12).isoformat()}).json()["results"]
    assert [r["slot_from"] for r in rows] == [utc(setup.at(14))]


def test_rules_put_validates_and_names_the_field(api_a):
    client, _setup = api_a
    bad = client.put(
        "/api/v1/booking/rules/", {"rules": {"weekly": {"mon": [{"start": "10:00", "end": "09:00"}]}}},
        content_type="application/json",
    )  # fmt: skip
    assert bad.status_code == 400
    assert bad.json()["error"]["message"] == "weekly.mon[0].end: must be after start"
    ok = client.put(
        "/api/v1/booking/rules/", {"rules": {"buffer_after": 10}}, content_type="application/json"
    )
    assert ok.status_code == 200
    assert client.get("/api/v1/booking/rules/").json()["rules"] == {"buffer_after": 10}


def test_api_requires_a_key(tenant_a, setup_a, client):
    client.defaults["HTTP_HOST"] = host(tenant_a)
    assert client.get("/api/v1/booking/services/").status_code in (401, 403)


def test_api_is_404_when_booking_is_off(api_a, tenant_a):
    from features.services import feature_set

    feature_set(account=tenant_a, agent="booking", feature="core", enabled=False)
    client, _setup = api_a
    assert client.get("/api/v1/booking/services/").status_code == 404


def test_tenant_b_cannot_see_or_cancel_tenant_a_bookings(api_a, tenant_b, api_key_b, in_tenant):
    client, setup = api_a
    booking_id = create(client, setup).json()["id"]
    with in_tenant(tenant_b):
        make_setup()
    client.defaults["HTTP_HOST"] = host(tenant_b)
    client.defaults["HTTP_AUTHORIZATION"] = f"Api-Key {api_key_b}"
    assert client.get("/api/v1/booking/bookings/").json()["results"] == []
    assert client.get(f"/api/v1/booking/bookings/{booking_id}/").status_code == 404
    assert client.post(f"/api/v1/booking/bookings/{booking_id}/cancel/").status_code == 404


def test_key_of_tenant_a_does_not_work_on_tenant_b(api_a, tenant_b):
    client, _setup = api_a
    client.defaults["HTTP_HOST"] = host(tenant_b)
    assert client.get("/api/v1/booking/services/").status_code in (401, 403)


def test_garbage_staff_and_start_are_400(api_a):
    client, setup = api_a
    assert create(client, setup, staff="someone").status_code == 400
    bad_start = client.post(
        "/api/v1/booking/bookings/", {"service": setup.service.pk, "start": "next monday", "customer_name": "A"},
        content_type="application/json",
    )  # fmt: skip
    assert bad_start.status_code == 400 and bad_start.json()["error"]["message"].startswith("start:")
    assert create(client, setup, service=999999).status_code == 404


def test_malformed_json_is_400(api_a):
    client, _setup = api_a
    response = client.post("/api/v1/booking/bookings/", "{not json", content_type="application/json")
    assert response.status_code == 400


def test_rules_put_with_bad_calendar_url_is_400(api_a):
    client, _setup = api_a
    for value in (123, "ftp://example.com/cal.ics", "https://x/" + "a" * 1000):
        response = client.put(
            "/api/v1/booking/rules/", {"rules": {}, "calendar_sync": value}, content_type="application/json"
        )
        assert response.status_code == 400, value
