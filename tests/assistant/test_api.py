"""REST API: traffic ingest, daily analytics, rollup, action list — API key, isolation, bad input."""

from datetime import date
from decimal import Decimal

import pytest

from assistant.models import AnalyticsDaily, DailyTraffic
from tests.assistant.helpers import local, order, product
from tests.conftest import host


@pytest.fixture
def api_a(client, tenant_a, api_key_a):
    def call(method, url, data=None, key=None):
        headers = {"HTTP_HOST": host(tenant_a), "HTTP_AUTHORIZATION": f"Api-Key {key or api_key_a}"}
        if method == "get":
            return client.get(url, data or {}, **headers)
        return client.post(url, data, content_type="application/json", **headers)

    return call


def test_traffic_ingest_feeds_conversion(api_a, tenant_a, in_tenant):
    with in_tenant(tenant_a):
        for hour in (9, 10):
            order(local(2026, 11, 4, hour), [(product("Cap"), 1, "10.00")])
    api_a(
        "get", "/api/v1/assistant/analytics/", {"from": "2026-11-04", "to": "2026-11-04"}
    )  # row without visits
    response = api_a(
        "post",
        "/api/v1/assistant/traffic/",
        {"days": [{"day": "2026-11-04", "visits": 400, "abandoned_carts": 9}]},
    )
    assert response.status_code == 200 and response.json()["created"] == 1
    rows = api_a("get", "/api/v1/assistant/analytics/", {"from": "2026-11-04", "to": "2026-11-04"}).json()[
        "days"
    ]
    assert rows == [
        {
            **rows[0],
            "revenue": "20.00",
            "orders_count": 2,
            "avg_cart": "10.00",
            "visits": 400,
            "conversion": "0.005000",
            "abandoned_carts": 9,
        }
    ]


def test_traffic_ingest_updates_only_given_fields(api_a, tenant_a, in_tenant):
    api_a(
        "post",
        "/api/v1/assistant/traffic/",
        {"days": [{"day": "2026-11-04", "visits": 10, "abandoned_carts": 2}]},
    )
    response = api_a("post", "/api/v1/assistant/traffic/", {"days": [{"day": "2026-11-04", "visits": 12}]})
    assert response.json()["updated"] == 1
    with in_tenant(tenant_a):
        row = DailyTraffic.objects.get()
    assert (row.visits, row.abandoned_carts) == (12, 2)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"days": []},
        {"days": "x"},
        {"days": [{"day": "04.11.2026", "visits": 1}]},
        {"days": [{"day": "2026-11-04", "visits": -1}]},
        {"days": [{"day": "2026-11-04", "visits": 1.5}]},
        {"days": [{"day": "2026-11-04"}]},
        {"days": [{"day": "2026-11-04", "visits": 3}, {"day": "bad", "visits": 1}]},
    ],
)
def test_bad_traffic_is_refused_and_nothing_is_written(api_a, tenant_a, in_tenant, body):
    response = api_a("post", "/api/v1/assistant/traffic/", body)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"
    with in_tenant(tenant_a):
        assert not DailyTraffic.objects.exists()


def test_analytics_bad_range_is_refused(api_a):
    assert (
        api_a("get", "/api/v1/assistant/analytics/", {"from": "2026-11-05", "to": "2026-11-01"}).status_code
        == 400
    )
    assert api_a("get", "/api/v1/assistant/analytics/", {"from": "x"}).status_code == 400
    assert (
        api_a("get", "/api/v1/assistant/analytics/", {"from": "2020-01-01", "to": "2026-01-01"}).status_code
        == 400
    )


def test_rollup_endpoint_backfills_a_range(api_a, tenant_a, in_tenant):
    with in_tenant(tenant_a):
        order(local(2026, 10, 2, 12), [(product("Cap"), 3, "5.00")])
    response = api_a(
        "post", "/api/v1/assistant/analytics/rollup/", {"from": "2026-10-01", "to": "2026-10-03"}
    )
    assert response.status_code == 202
    with in_tenant(tenant_a):
        assert AnalyticsDaily.objects.count() == 3
        assert AnalyticsDaily.objects.get(day=date(2026, 10, 2)).revenue == Decimal("15.00")


def test_api_needs_a_key(client, tenant_a):
    response = client.get("/api/v1/assistant/analytics/", HTTP_HOST=host(tenant_a))
    assert response.status_code in (401, 403)


def test_key_of_b_is_refused_on_a_and_b_sees_only_its_data(
    api_a, client, tenant_a, tenant_b, api_key_b, in_tenant
):
    api_a("post", "/api/v1/assistant/traffic/", {"days": [{"day": "2026-11-04", "visits": 777}]})
    assert api_a("get", "/api/v1/assistant/analytics/", key=api_key_b).status_code == 401
    response = client.get(
        "/api/v1/assistant/analytics/",
        {"from": "2026-11-04", "to": "2026-11-04"},
        HTTP_HOST=host(tenant_b),
        HTTP_AUTHORIZATION=f"Api-Key {api_key_b}",
    )
    assert response.status_code == 200 and response.json()["days"][0]["visits"] is None
    with in_tenant(tenant_b):
        assert not DailyTraffic.objects.exists()


def test_api_is_absent_when_the_assistant_is_off(api_a, tenant_a):
    from features.services import feature_set

    feature_set(account=tenant_a, agent="assistant", feature="core", enabled=False)
    assert api_a("get", "/api/v1/assistant/analytics/").status_code == 404
    assert (
        api_a(
            "post", "/api/v1/assistant/traffic/", {"days": [{"day": "2026-11-04", "visits": 1}]}
        ).status_code
        == 404
    )


def test_b_cannot_list_or_roll_up_a(client, tenant_a, tenant_b, api_key_a, api_key_b, in_tenant):
    from assistant.actions import action_propose

    with in_tenant(tenant_a):
        action_propose(action_type="restock_reminder", payload={"product_id": product("Alpha Lamp").pk})
    on_a_with_b = {"HTTP_HOST": host(tenant_a), "HTTP_AUTHORIZATION": f"Api-Key {api_key_b}"}
    assert client.get("/api/v1/assistant/actions/", **on_a_with_b).status_code == 401
    assert (
        client.post(
            "/api/v1/assistant/analytics/rollup/", {}, content_type="application/json", **on_a_with_b
        ).status_code
        == 401
    )
    on_b = {"HTTP_HOST": host(tenant_b), "HTTP_AUTHORIZATION": f"Api-Key {api_key_b}"}
    assert client.get("/api/v1/assistant/actions/", **on_b).json()["actions"] == []
    client.post(
        "/api/v1/assistant/analytics/rollup/",
        {"from": "2026-10-01", "to": "2026-10-02"},
        content_type="application/json",
        **on_b,
    )
    with in_tenant(tenant_a):
        assert not AnalyticsDaily.objects.exists()
    with in_tenant(tenant_b):
        assert AnalyticsDaily.objects.count() == 2


def test_rollup_bad_range_is_refused(api_a):
    response = api_a(
        "post", "/api/v1/assistant/analytics/rollup/", {"from": "2026-10-05", "to": "2026-10-01"}
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "validation_error"
    assert (
        api_a(
            "post", "/api/v1/assistant/analytics/rollup/", {"from": "2000-01-01", "to": "2026-10-01"}
        ).status_code
        == 400
    )
