"""Bad input anywhere in the API is a clear 4xx in the JSON error shape, and writes nothing."""

import pytest
from django.core.exceptions import ValidationError

from features.models import AccountAgentFeature
from features.services import feature_set
from tests.conftest import host
from tests.isolation.test_api_isolation import CASES, _is_drf, row_counts

WRITE_CASES = [(r, c, m) for r, c, m in CASES if m in ("post", "put", "patch") and _is_drf(c)]


@pytest.mark.parametrize(
    ("route", "callback", "method"), WRITE_CASES, ids=[f"{m.upper()} {r}" for r, _c, m in WRITE_CASES]
)
def test_malformed_json_body_is_never_a_5xx_and_refusals_write_nothing(
    client, shop_data, tenant_b, api_key_b, route, callback, method
):
    from tests.isolation.test_api_isolation import _concrete

    before = row_counts("alpha", "beta")
    response = getattr(client, method)(
        _concrete(route),
        data='{"products": [ {"external_id": ',
        content_type="application/json",
        HTTP_HOST=host(tenant_b),
        HTTP_AUTHORIZATION=f"Api-Key {api_key_b}",
    )
    # A route that reads the body must refuse it (4xx, error shape, nothing written); a route that
    # reads no body (an action on a resource) may ignore it, but garbage is never a 5xx.
    assert response.status_code < 500
    if response.status_code >= 400:
        assert set(response.json()["error"]) >= {"code", "message"}
        assert row_counts("alpha", "beta") == before


@pytest.mark.parametrize(
    "payload",
    [{"products": "all of them"}, {"items": []}, 42, "text", None, {"products": [1, 2, 3][:0] + [None]}],
    ids=["products-not-list", "wrong-key", "number", "string", "null", "null-row"],
)
def test_malformed_sync_payloads_are_refused(client, shop_data, tenant_b, api_key_b, payload):
    import json

    before = row_counts("alpha", "beta")
    response = client.post(
        "/api/v1/shop/sync/products/",
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_HOST=host(tenant_b),
        HTTP_AUTHORIZATION=f"Api-Key {api_key_b}",
    )
    if isinstance(payload, dict) and isinstance(payload.get("products"), list):
        # A list with a broken row: the row is reported, the request itself is fine.
        assert response.status_code == 200 and response.json()["errors"][0]["index"] == 0
    else:
        assert response.status_code == 400
        assert response.json()["error"]["code"] in ("validation_error", "parse_error")
    assert row_counts("alpha", "beta") == before


def test_wrong_content_type_is_a_415(client, tenant_b, api_key_b):
    response = client.post(
        "/api/v1/shop/sync/products/",
        data="products=1",
        content_type="text/plain",
        HTTP_HOST=host(tenant_b),
        HTTP_AUTHORIZATION=f"Api-Key {api_key_b}",
    )
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"


def test_unknown_feature_name_is_refused_by_the_service(tenant_a):
    with pytest.raises(ValidationError, match="Unknown feature 'chatbot.teleport'"):
        feature_set(account=tenant_a, agent="chatbot", feature="teleport", enabled=True)
    assert not AccountAgentFeature.objects.filter(account=tenant_a, feature="teleport").exists()


def test_invalid_feature_config_is_refused_by_the_service(tenant_a):
    with pytest.raises(ValidationError, match="retention_days"):
        feature_set(account=tenant_a, agent="chatbot", feature="core", config={"retention_days": 0})
    assert not AccountAgentFeature.objects.filter(account=tenant_a).exists()


def test_unknown_feature_name_is_a_json_404_over_the_api(client, tenant_a, api_key_a):
    response = client.patch(
        "/api/v1/features/chatbot/teleport/",
        data='{"config": {}}',
        content_type="application/json",
        HTTP_HOST=host(tenant_a),
        HTTP_AUTHORIZATION=f"Api-Key {api_key_a}",
    )
    assert response.status_code == 404
    assert "chatbot.teleport" in response.json()["error"]["message"]


def test_invalid_feature_config_is_a_400_over_the_api_and_writes_nothing(client, tenant_a, api_key_a):
    response = client.patch(
        "/api/v1/features/chatbot/core/",
        data='{"config": {"primary_color": "red"}}',
        content_type="application/json",
        HTTP_HOST=host(tenant_a),
        HTTP_AUTHORIZATION=f"Api-Key {api_key_a}",
    )
    assert response.status_code == 400
    assert "primary_color" in response.json()["error"]["message"]
    assert not AccountAgentFeature.objects.filter(account=tenant_a).exists()
